package io.ganwatch.augment.gan;

import io.ganwatch.input.Table;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** Mode-specific normalisation and one-hot coding: what goes in comes back out. */
class TabularTransformerTest {

    /** Bimodal amounts, a spike-at-zero byte count, a 0/1/2 flag, a category with gaps, a label. */
    static Table mixed(int rows, long seed) {
        Random r = new Random(seed);
        List<Table.Row> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            double amount = r.nextBoolean() ? 20 + 2 * r.nextGaussian() : 500 + 40 * r.nextGaussian();
            double bytes = r.nextDouble() < 0.6 ? 0 : Math.rint(Math.exp(5 + 2 * r.nextGaussian()));
            double flag = r.nextInt(3);
            String proto = r.nextDouble() < 0.05 ? null : new String[]{"tcp", "udp", "icmp"}[r.nextInt(3)];
            out.add(new Table.Row(i + 1, new Object[]{amount, String.valueOf(bytes), flag, proto, i % 10 == 0 ? "attack" : "normal"}));
        }
        return new Table("mixed", List.of("amount", "bytes", "flag", "proto", "label"), out);
    }

    @Test
    void encodingThenDecodingGivesBackTheRows() {
        Table table = mixed(3000, 3);
        TabularTransformer t = TabularTransformer.fit(table, "label", 10, 1);
        TabularTransformer.Encoded e = t.encode(table, 2);
        float[] raw = asGeneratorOutput(t, e);
        Object[][] back = t.decode(raw, e.rows(), new SplittableRandom(5));
        int exact = 0;
        for (int r = 0; r < table.size(); r++) {
            Object[] in = table.rows().get(r).values();
            assertThat(back[r][3]).isEqualTo(in[3]);
            assertThat(back[r][4]).isEqualTo(in[4]);
            assertThat((Double) back[r][2]).isEqualTo((Double) in[2]);
            double amount = (Double) in[0];
            double bytes = Double.parseDouble((String) in[1]);
            assertThat((Double) back[r][1]).isBetween(0.0, ((GanColumn.Continuous) t.columns().get(1)).max());
            if (Math.abs((Double) back[r][0] - amount) < 1e-3 && ((Double) back[r][1]).doubleValue() == bytes) {
                exact++;
            }
        }
        // Offsets are clipped at ±0.99 (4σ of the mode), as in CTGAN; values that far out are rare.
        assertThat(exact).isGreaterThan((int) (0.99 * table.size()));
    }

    @Test
    void columnsGetTheKindTheirValuesCallFor() {
        TabularTransformer t = TabularTransformer.fit(mixed(2000, 4), "label", 10, 1);
        assertThat(t.columns().get(0)).isInstanceOf(GanColumn.Continuous.class);
        assertThat(t.columns().get(1)).isInstanceOf(GanColumn.Continuous.class);
        GanColumn.Continuous flag = (GanColumn.Continuous) t.columns().get(2);
        assertThat(flag.mixture().modes()).isEqualTo(3);
        assertThat(flag.decimals()).isZero();
        assertThat(((GanColumn.Discrete) t.columns().get(3)).categories()).contains(GanColumn.Discrete.MISSING, "tcp");
        assertThat(t.condition().categories()).containsExactly("attack", "normal");
        GanColumn.Continuous amount = (GanColumn.Continuous) t.columns().get(0);
        double[] means = amount.mixture().means();
        assertThat(Arrays.stream(means).anyMatch(m -> Math.abs(m - 20) < 3)).isTrue();
        assertThat(Arrays.stream(means).anyMatch(m -> Math.abs(m - 500) < 30)).isTrue();
        GanColumn.Continuous bytes = (GanColumn.Continuous) t.columns().get(1);
        assertThat(Arrays.stream(bytes.mixture().means()).anyMatch(m -> m == 0.0))
                .as("the 60%% zeros of the byte count are a mode of their own").isTrue();
    }

    @Test
    void aCategoryNotSeenInFittingIsRefusedWithItsName() {
        Table table = mixed(500, 5);
        TabularTransformer t = TabularTransformer.fit(table, "label", 10, 1);
        List<Table.Row> rows = new ArrayList<>(table.rows());
        rows.set(0, new Table.Row(1, new Object[]{1.0, "0", 1.0, "sctp", "normal"}));
        assertThatThrownBy(() -> t.encode(table.withRows(rows), 1)).hasMessageContaining("sctp").hasMessageContaining("proto");
    }

    @Test
    void decimalsAreLearnedFromTheValues() {
        assertThat(TabularTransformer.decimals(new double[]{1, 2, 30})).isZero();
        assertThat(TabularTransformer.decimals(new double[]{0.25, 0.5, 1})).isEqualTo(2);
        assertThat(TabularTransformer.decimals(new double[]{Math.PI})).isEqualTo(-1);
    }

    @Test
    void decodingDrawsCategoriesAsOftenAsTheirProbabilities() {
        ProtoWeights w = protoWeights();
        assertThat(w.column().width()).isEqualTo(4);
        int[] counts = w.counts(1);
        for (int k = 0; k < ProtoWeights.WEIGHTS.length; k++) {
            assertThat(counts[k] / 20_000.0).as(w.column().categories().get(k)).isCloseTo(ProtoWeights.WEIGHTS[k], offset(0.015));
        }
    }

    /**
     * 2,000 encoded rows of {@link #mixed} as generator output whose {@code proto} block holds the weights
     * {@link #WEIGHTS} in every row, to decode at some temperature.
     */
    private record ProtoWeights(TabularTransformer t, float[] out, int rows) {
        static final int PROTO = 3;
        static final float[] WEIGHTS = {0.1f, 0.2f, 0.3f, 0.4f};

        GanColumn.Discrete column() {
            return (GanColumn.Discrete) t.columns().get(PROTO);
        }

        /** How often each category was drawn in 10 decodings of every row at {@code temperature}. */
        int[] counts(double temperature) {
            int[] counts = new int[WEIGHTS.length];
            for (int round = 0; round < 10; round++) {
                for (Object[] row : t.decode(java.nio.FloatBuffer.wrap(out), 0, rows, new SplittableRandom(round), temperature)) {
                    String s = row[PROTO] == null ? GanColumn.Discrete.MISSING : (String) row[PROTO];
                    counts[column().categories().indexOf(s)]++;
                }
            }
            return counts;
        }
    }

    private static ProtoWeights protoWeights() {
        Table table = mixed(2000, 6);
        TabularTransformer t = TabularTransformer.fit(table, "label", 10, 1);
        TabularTransformer.Encoded e = t.encode(table, 2);
        float[] out = asGeneratorOutput(t, e);
        for (int r = 0; r < e.rows(); r++) {
            System.arraycopy(ProtoWeights.WEIGHTS, 0, out, r * t.width() + t.offset(ProtoWeights.PROTO), ProtoWeights.WEIGHTS.length);
        }
        return new ProtoWeights(t, out, e.rows());
    }

    @Test
    void aDrawFollowsTheWeightsAndNeverPicksAZeroWeight() {
        // Seven weights (one group of four summed together, three left over) at offset 2 of a longer row; the first,
        // a middle and the last are zero.
        float[] row = {9, 9, 0, 1, 2, 0, 3, 4, 0, 9};
        double[] expected = {0, 0.1, 0.2, 0, 0.3, 0.4, 0};
        int[] counts = new int[7];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            counts[TabularTransformer.sampleCategory(row, 2, 7, random)]++;
        }
        for (int k = 0; k < 7; k++) {
            if (expected[k] == 0) {
                assertThat(counts[k]).as("category %d, weight 0", k).isZero();
            } else {
                assertThat(counts[k] / 100_000.0).as("category %d", k).isCloseTo(expected[k], offset(0.006));
            }
        }
        assertThat(TabularTransformer.sampleCategory(new float[]{5}, 0, 1, random)).isZero();
    }

    @Test
    void aTemperatureSharpensTheDrawsAndZeroTakesTheHeaviest() {
        ProtoWeights w = protoWeights();
        // At temperature 0.5 a category is drawn in proportion to its weight squared: 1, 4, 9, 16 of 30.
        int[] counts = w.counts(0.5);
        for (int k = 0; k < counts.length; k++) {
            assertThat(counts[k] / 20_000.0).as(w.column().categories().get(k)).isCloseTo((k + 1) * (k + 1) / 30.0, offset(0.015));
        }
        assertThat(w.counts(0)[3]).isEqualTo(20_000);
        // At 1, the draws of decode without a temperature.
        assertThat(w.t().decode(java.nio.FloatBuffer.wrap(w.out()), 0, 200, new SplittableRandom(4), 1))
                .isDeepEqualTo(w.t().decode(w.out(), 200, new SplittableRandom(4)));
    }

    @Test
    void samplingIsParsedFromItsShortFormAndCheckedWhenMade() {
        assertThat(Sampling.parse("t0.5")).isEqualTo(new Sampling(0.5, Double.POSITIVE_INFINITY));
        assertThat(Sampling.parse("z1.5")).isEqualTo(new Sampling(1, 1.5));
        assertThat(Sampling.parse("t0z2")).isEqualTo(new Sampling(0, 2));
        assertThat(Sampling.AS_TRAINED.truncates()).isFalse();
        assertThat(Sampling.parse(new Sampling(0.25, 1).toString())).isEqualTo(new Sampling(0.25, 1));
        assertThat(Sampling.AS_TRAINED.toString()).isEqualTo("t1");
        assertThat(Sampling.parse("z1s")).isEqualTo(new Sampling(1, 1, true));
        assertThat(Sampling.parse("s")).isEqualTo(Sampling.AS_TRAINED.withSnap(true));
        assertThat(Sampling.parse(new Sampling(0.5, 2, true).toString())).isEqualTo(new Sampling(0.5, 2, true));
        assertThat(new Sampling(0.5, 2, true).toString()).isEqualTo("t0.5z2s");
        assertThatThrownBy(() -> Sampling.parse("sz1")).hasMessageContaining("z1s");
        assertThatThrownBy(() -> Sampling.parse("x1")).hasMessageContaining("t0.5z1.5");
        assertThatThrownBy(() -> Sampling.parse("t1.5")).hasMessageContaining("temperature must be in [0, 1]");
        assertThatThrownBy(() -> new Sampling(1, 0)).hasMessageContaining("truncation must be positive");
    }

    @Test
    void activationTurnsOffsetsIntoTanhAndLogitsIntoWeightsThatNeitherOverflowNorVanish() {
        TabularTransformer t = TabularTransformer.fit(mixed(500, 7), "label", 10, 1);
        int width = t.width();
        float[] raw = new float[3 * width];
        Random random = new Random(3);
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (float) (random.nextGaussian() * 5);
        }
        raw[t.offset(3)] = 500f; // far beyond float's exponent range both ways
        raw[t.offset(3) + 1] = -500f;
        float[] before = raw.clone();
        t.activate(raw, 3);
        for (int r = 0; r < 3; r++) {
            for (TabularTransformer.OutputBlock b : t.outputBlocks()) {
                for (int at = r * width + b.from(); at < r * width + b.from() + b.width(); at++) {
                    if (b.activation() == TabularTransformer.Activation.TANH) {
                        assertThat(raw[at]).isCloseTo((float) Math.tanh(before[at]), offset(1e-6f));
                    } else {
                        assertThat(raw[at]).isPositive().isFinite();
                        if (Math.abs(before[at]) < TabularTransformer.LOGIT_LIMIT) {
                            assertThat(raw[at]).isCloseTo((float) Math.exp(before[at]), offset(1e-6f * raw[at]));
                        }
                    }
                }
            }
        }
        assertThat(t.outputBlocks().stream().mapToInt(TabularTransformer.OutputBlock::width).sum()).isEqualTo(width);
    }

    /** What a perfect generator's graph would output for the encoded rows: the offsets and one-hot probabilities. */
    private static float[] asGeneratorOutput(TabularTransformer t, TabularTransformer.Encoded e) {
        float[] raw = new float[e.data().length];
        int width = t.width();
        for (int r = 0; r < e.rows(); r++) {
            for (int c = 0; c < t.columns().size(); c++) {
                int at = r * width + t.offset(c);
                GanColumn col = t.columns().get(c);
                int from = at;
                if (col instanceof GanColumn.Continuous) {
                    raw[at] = e.data()[at];
                    from = at + 1;
                }
                for (int k = from; k < at + col.width(); k++) {
                    raw[k] = e.data()[k] > 0.5f ? 1f : 0f;
                }
            }
        }
        return raw;
    }
}
