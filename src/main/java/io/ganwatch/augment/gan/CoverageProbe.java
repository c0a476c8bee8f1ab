package io.ganwatch.augment.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ganwatch.augment.DensityCoverage;
import io.ganwatch.features.FeatureEncoder;
import io.ganwatch.features.FeatureSpecLearner;
import io.ganwatch.input.Table;
import io.ganwatch.training.Permutations;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Measures mode collapse while the GAN trains: the coverage ({@link DensityCoverage}, k = 5) of a fixed
 * sample of real training rows by rows the current generator makes for the same condition values.
 *
 * <p>The sample holds at most {@value #MAX_ROWS} rows, drawn once (seeded) and stratified by the
 * condition column: every value with more than k rows takes an equal share, a value with fewer rows
 * than its share gives the rest to the others, so a rare class is in the sample whole rather than by
 * its frequency. (Values with at most k rows have no k-th neighbour and are left out.) Coverage is
 * computed per value, each value's real rows against the rows generated for it, and averaged over the
 * values, so that a generator that drops the modes of one small class shows it as much as one that
 * drops those of a large class. The rows come from the training rows, since the GAN trains on all of
 * them: the measure asks whether the generator still reaches every region of the data it was shown,
 * not whether it generalises.
 *
 * <p>Rows are encoded with a feature encoder learned on the training table with the condition column
 * left out, the same encoding the job's quality measures use. Noise and decoding draws are fixed at
 * construction, so that a change between two measurements is a change of the generator, and drawn
 * outside the training engine's stream, so that measuring does not change what training draws next.
 */
final class CoverageProbe {
    /** Most real rows in the sample (and rows generated per measurement). */
    static final int MAX_ROWS = 2000;
    /** Epochs between measurements; the first and the last epoch are measured too. */
    static final int EVERY = 5;

    private final TabularTransformer transformer;
    private final FeatureEncoder encoder;
    private final List<Stratum> strata;
    private final int embedding;
    private final long seed;

    /** One condition value's share of the sample: its encoded real rows and the noise its rows are made from. */
    private record Stratum(int category, String value, float[][] real, float[] noise) {
    }

    private CoverageProbe(TabularTransformer transformer, FeatureEncoder encoder, List<Stratum> strata, int embedding,
                          long seed) {
        this.transformer = transformer;
        this.encoder = encoder;
        this.strata = strata;
        this.embedding = embedding;
        this.seed = seed;
    }

    /**
     * Draws the sample and encodes it.
     *
     * @param table           the training rows
     * @param conditionColumn the column generation is conditioned on (left out of the encoding)
     * @param data            {@code table} as the transformer encoded it (for each row's condition category)
     * @param embedding       width of the generator's noise input
     */
    static CoverageProbe of(Table table, String conditionColumn, TabularTransformer transformer,
                            TabularTransformer.Encoded data, int embedding, long seed) {
        FeatureEncoder encoder = new FeatureEncoder(FeatureSpecLearner.excluding(Set.of(conditionColumn)).learn(table));
        int[] category = data.categories()[transformer.conditionDiscreteIndex()];
        int values = transformer.condition().categories().size();
        List<List<Integer>> rowsOf = new ArrayList<>();
        for (int k = 0; k < values; k++) {
            rowsOf.add(new ArrayList<>());
        }
        for (int r = 0; r < category.length; r++) {
            rowsOf.get(category[r]).add(r);
        }
        int[] take = quotas(rowsOf.stream().mapToInt(List::size).toArray(), MAX_ROWS, DensityCoverage.K);
        // Streams of their own, apart from training's (which the trainer seeds with the same seed).
        Random pick = new Random(seed ^ 0x0C0FE4A6EL);
        SplittableRandom noise = new SplittableRandom(seed ^ 0x6E01535EL);
        List<Stratum> strata = new ArrayList<>();
        for (int k = 0; k < values; k++) {
            if (take[k] == 0) {
                continue;
            }
            int[] order = rowsOf.get(k).stream().mapToInt(Integer::intValue).toArray();
            Permutations.shuffle(order, pick);
            List<Table.Row> chosen = new ArrayList<>(take[k]);
            for (int i = 0; i < take[k]; i++) {
                chosen.add(table.rows().get(order[i]));
            }
            float[] z = new float[take[k] * embedding];
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) noise.nextGaussian();
            }
            String value = transformer.condition().categories().get(k);
            strata.add(new Stratum(k, GanColumn.Discrete.MISSING.equals(value) ? null : value,
                    encoder.encode(table.withRows(chosen)), z));
        }
        return new CoverageProbe(transformer, encoder, strata, embedding, seed);
    }

    /**
     * Rows per condition value: an equal share of {@code max} for each value with more than {@code k}
     * rows, a value with fewer rows than its share taking all of them and leaving the rest to the others
     * (values are served from the smallest up, so what a small value leaves is shared by the larger ones).
     */
    static int[] quotas(int[] counts, int max, int k) {
        Integer[] order = new Integer[counts.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> counts[i]));
        int[] take = new int[counts.length];
        int eligible = (int) Arrays.stream(counts).filter(c -> c > k).count();
        int left = max;
        for (int i : order) {
            if (counts[i] <= k) {
                continue;
            }
            take[i] = Math.min(counts[i], left / eligible);
            left -= take[i];
            eligible--;
        }
        return take;
    }

    /** Values in the sample. */
    int values() {
        return strata.size();
    }

    /**
     * The mean over the sample's condition values of the coverage of that value's real rows by as many
     * rows the generator makes for it (batch normalisation on its running statistics, as in generation);
     * NaN when no value has more than k rows.
     */
    double measure(NDManager root, Generator generator, ConditionSampler conditions) {
        double sum = 0;
        int n = 0;
        // The same decoding draws every time, like the noise.
        SplittableRandom decoding = new SplittableRandom(seed ^ 0x0DEC0DEL);
        int condColumn = transformer.conditionColumn();
        for (Stratum s : strata) {
            int rows = s.real().length;
            float[] raw;
            try (NDManager m = root.newSubManager()) {
                NDArray z = m.create(s.noise(), new Shape(rows, embedding));
                NDArray c = m.create(conditions.fixed(transformer.conditionDiscreteIndex(), s.category(), rows),
                        new Shape(rows, conditions.width()));
                raw = generator.forward(z.concat(c, 1), false).toFloatArray();
            }
            transformer.activate(raw, rows);
            List<Table.Row> made = new ArrayList<>(rows);
            for (Object[] v : transformer.decode(raw, rows, decoding.split())) {
                v[condColumn] = s.value();
                made.add(new Table.Row(made.size() + 1, v));
            }
            double coverage = DensityCoverage.exact(s.real(), encoder.encode(new Table("gan", transformer.sourceColumns(), made)),
                    DensityCoverage.K).coverage();
            if (!Double.isNaN(coverage)) {
                sum += coverage;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
