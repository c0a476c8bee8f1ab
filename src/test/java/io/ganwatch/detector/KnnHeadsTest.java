package io.ganwatch.detector;

import io.ganwatch.features.FloatRows;
import io.ganwatch.model.KnnHead;
import io.ganwatch.training.Act;
import io.ganwatch.training.AladFeatures;
import io.ganwatch.training.AladWeights;
import io.ganwatch.training.DenseLayer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** How the kNN head picks its prototypes, spreads and scale (the graph's arithmetic is OnnxExportTest's). */
class KnnHeadsTest {
    /** Networks of the given input width whose feature layer keeps the first 8 inputs (weights set by hand). */
    private static AladWeights identityOnFirst8(int width) {
        float[] w = new float[8 * 2 * width];
        for (int j = 0; j < 8; j++) {
            w[j * 2 * width + j] = 1f; // f_j = x_j (from the first copy of x in concat(x, x))
        }
        List<DenseLayer> enc = List.of(new DenseLayer(width, 2, new float[2 * width], new float[2], Act.NONE));
        List<DenseLayer> gen = List.of(new DenseLayer(2, width, new float[2 * width], new float[width], Act.NONE));
        return new AladWeights(enc, gen, List.of(new DenseLayer(2 * width, 8, w, new float[8], Act.LEAKY_RELU)));
    }

    private static float[][] gaussian(int rows, int width, long seed) {
        Random r = new Random(seed);
        float[][] out = new float[rows][width];
        for (float[] row : out) {
            for (int j = 0; j < width; j++) {
                row[j] = (float) r.nextGaussian();
            }
        }
        return out;
    }

    @Test
    void wideRowsKeepFewerPrototypesSoThatTheBundleFitsTheModelTopic() {
        int width = 3000; // 4 bytes x (8 features + 3000 inputs + 1 spread) a prototype: 8 MiB hold 697
        KnnHead head = KnnHeads.fit(identityOnFirst8(width), gaussian(1000, width, 1), gaussian(50, width, 2), 4096, 1);
        assertThat(head.size()).isEqualTo((int) (KnnHeads.PROTOTYPE_BYTES / (4L * (8 + width + 1))));
        KnnHead narrow = KnnHeads.fit(identityOnFirst8(20), gaussian(1000, 20, 1), gaussian(50, 20, 2), 4096, 1);
        assertThat(narrow.size()).isEqualTo(1000); // every fitted row, below the limit
    }

    @Test
    void everyNormalRowIsAPrototypeWhereAllFitAndTheScaleLeavesEachOneOut() {
        AladWeights w = identityOnFirst8(20);
        float[][] rows = gaussian(600, 20, 6);
        assertThat(KnnHeads.keepsAll(w, 600, 4096)).isTrue();
        assertThat(KnnHeads.keepsAll(w, 600, 599)).isFalse();
        assertThat(KnnHeads.keepsAll(identityOnFirst8(3000), 1000, 4096)).isFalse(); // 697 fit the bundle's bytes
        KnnHead head = KnnHeads.fitAll(w, FloatRows.of(rows), 4096, 1);
        assertThat(head.size()).isEqualTo(600);
        assertThat(head.inputs()[123]).isEqualTo(rows[123]);
        // Left out, each row scores as it would against the others alone; the median of those is the scale.
        int[] self = java.util.stream.IntStream.range(0, 600).toArray();
        double[] out = KnnHeads.scores(head.features(), head.spreads(), head.alpha(), head.features(), 5, self);
        double[] in = KnnHeads.scores(head.features(), head.spreads(), head.alpha(), head.features(), 5);
        float[][] others = new float[599][];
        float[] otherSpreads = new float[599];
        for (int i = 0, j = 0; i < 600; i++) {
            if (i != 42) {
                others[j] = head.features()[i];
                otherSpreads[j++] = head.spreads()[i];
            }
        }
        assertThat(out[42]).isCloseTo(KnnHeads.scores(others, otherSpreads, head.alpha(),
                new float[][]{head.features()[42]}, 5)[0], within(1e-9));
        assertThat(in[42]).isLessThan(out[42]); // itself among its neighbours, at distance 0
        java.util.Arrays.sort(out);
        assertThat(out[300] * head.knnWeight()).isCloseTo(1, within(1e-6));
        // More rows than fit are refused, naming what to do.
        assertThatThrownBy(() -> KnnHeads.fitAll(w, FloatRows.of(rows), 500, 1))
                .hasMessageContaining("600 rows cannot all be prototypes").hasMessageContaining("at most 500");
    }

    @Test
    void spreadsAreEachPrototypesMeanDistanceToItsNeighboursFlooredAboveZero() {
        // Ten copies of one row and 90 rows spread out: the copies' own spread is 0 and must be floored.
        float[][] rows = gaussian(100, 8, 3);
        for (int i = 1; i < 10; i++) {
            rows[i] = rows[0].clone();
        }
        float[] spreads = KnnHeads.spreads(rows, 5);
        for (float s : spreads) {
            assertThat(s).isPositive();
        }
        // An ordinary row's spread is its mean distance to its 5 nearest other rows, computed here again.
        double[] distances = new double[99];
        for (int p = 0, n = 0; p < 100; p++) {
            if (p != 50) {
                double d = 0;
                for (int j = 0; j < 8; j++) {
                    d += Math.pow(rows[50][j] - rows[p][j], 2);
                }
                distances[n++] = Math.sqrt(d);
            }
        }
        java.util.Arrays.sort(distances);
        double expected = (distances[0] + distances[1] + distances[2] + distances[3] + distances[4]) / 5;
        assertThat((double) spreads[50]).isCloseTo(Math.max(expected, spreads[0]), within(1e-5));
    }

    @Test
    void theScoreIsRelativeToTheNeighboursSpreadByAlpha() {
        AladWeights w = identityOnFirst8(8);
        float[][] fit = gaussian(400, 8, 4);
        float[][] held = gaussian(100, 8, 5);
        KnnHead plain = KnnHeads.fit(w, AladFeatures.Space.LINEAR, fit, held, 5, 4096, 0f, 1);
        KnnHead lof = KnnHeads.fit(w, AladFeatures.Space.LINEAR, fit, held, 5, 4096, 1f, 1);
        float[][] query = {new float[8]};
        query[0][0] = 4f;
        double d = KnnHeads.scores(plain.features(), plain.spreads(), 0f, query, 5)[0];
        double relative = KnnHeads.scores(lof.features(), lof.spreads(), 1f, query, 5)[0];
        // alpha 1 divides by the neighbours' mean spread, which is positive and below the distance out there.
        assertThat(relative).isNotCloseTo(d, within(1e-6));
        assertThat(relative).isGreaterThan(d / 10);
        // Both scale a held-back normal row to about 1.
        double[] heldScores = KnnHeads.scores(plain.features(), plain.spreads(), 0f, held, 5);
        java.util.Arrays.sort(heldScores);
        assertThat(heldScores[heldScores.length / 2] * plain.knnWeight()).isCloseTo(1, within(1e-6));
    }
}
