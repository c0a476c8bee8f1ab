package io.ganwatch.detector;

import io.ganwatch.features.FloatRows;
import io.ganwatch.training.AladConfig.PrototypeChoice;
import io.ganwatch.training.Permutations;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which rows the kNN head keeps where not all fit: distinct rows, half a sample and half the farthest. */
class PrototypesTest {
    private static float[][] gaussian(int rows, int width, double sd, long seed) {
        Random r = new Random(seed);
        float[][] out = new float[rows][width];
        for (float[] row : out) {
            for (int j = 0; j < width; j++) {
                row[j] = (float) (sd * r.nextGaussian());
            }
        }
        return out;
    }

    /** 4,500 copies of ten rows (as KDD99 repeats its smurf and neptune connections), then 500 rows spread out. */
    private static float[][] repeating() {
        float[][] spread = gaussian(500, 8, 1, 7);
        float[][] rows = new float[5000][];
        for (int i = 0; i < 4500; i++) {
            rows[i] = spread[i % 10].clone();
        }
        System.arraycopy(spread, 0, rows, 4500, 500);
        return rows;
    }

    private static long distinctCount(float[][] rows) {
        return Arrays.stream(rows).map(Arrays::toString).distinct().count();
    }

    @Test
    void repeatsArePassedOverSoThatTheyDoNotCrowdOutTheRestOfNormalData() {
        float[][] rows = repeating();
        int[] order = Permutations.of(5000, 3);
        float[][] taken = Prototypes.distinct(FloatRows.of(rows), 400, order);
        assertThat(taken).hasNumberOfRows(400);
        assertThat(distinctCount(taken)).isEqualTo(400);
        // A uniform sample of 400 would hold about 40 of the 490 rows that do not repeat; these hold them all.
        assertThat(Prototypes.distinct(FloatRows.of(rows), 600, order)).hasNumberOfRows(500);
        assertThat(Prototypes.choose(FloatRows.of(rows), 600, 3, PrototypeChoice.SAMPLE_AND_FARTHEST)).hasNumberOfRows(500);
    }

    @Test
    void whereNoRowRepeatsTheDistinctRowsAreTheFirstOfTheOrder() {
        float[][] rows = gaussian(1000, 8, 1, 9);
        int[] order = Permutations.of(1000, 5);
        float[][] taken = Prototypes.distinct(FloatRows.of(rows), 300, order);
        for (int i = 0; i < 300; i++) {
            assertThat(taken[i]).isEqualTo(rows[order[i]]);
        }
        assertThat(Prototypes.distinct(FloatRows.of(rows), 1000, null)[999]).isEqualTo(rows[999]); // no order: as given
    }

    @Test
    void eachNextPointIsTheOneFarthestFromAllTakenSoFar() {
        float[][] line = {{0}, {1}, {2}, {10}, {6}, {-2}};
        // From 0: 10 is farthest; then 6 (4 from 10, 6 from 0); then 2 and -2 tie at 2, and the lower index wins.
        assertThat(Prototypes.farthestFirst(line, 1, 5)).containsExactly(0, 3, 4, 2, 5);
        assertThat(Prototypes.farthestFirst(line, 2, 3)).containsExactly(0, 1, 3);
        assertThatThrownBy(() -> Prototypes.farthestFirst(line, 0, 3)).hasMessageContaining("cannot take 3 of 6");
    }

    @Test
    void halfIsTheSampleAndHalfFillsThePartsOfNormalDataTheSampleLeavesThin() {
        // A dense core of 9,000 rows and a thin shell of 1,000 around it, all normal.
        float[][] core = gaussian(9000, 4, 0.3, 11);
        float[][] shell = gaussian(1000, 4, 3, 12);
        float[][] rows = new float[10_000][];
        System.arraycopy(core, 0, rows, 0, 9000);
        System.arraycopy(shell, 0, rows, 9000, 1000);
        float[][] chosen = Prototypes.choose(FloatRows.of(rows), 400, 4, PrototypeChoice.SAMPLE_AND_FARTHEST);
        assertThat(chosen).hasNumberOfRows(400);
        assertThat(distinctCount(chosen)).isEqualTo(400);
        int[] order = Permutations.of(10_000, 4);
        for (int i = 0; i < 200; i++) {
            assertThat(chosen[i]).isEqualTo(rows[order[i]]); // the sampled half, in the permutation's order
        }
        float[][] sample = new float[400][];
        for (int i = 0; i < 400; i++) {
            sample[i] = rows[order[i]];
        }
        // Asked for the sample alone, that is what comes back.
        assertThat(Prototypes.choose(FloatRows.of(rows), 400, 4, PrototypeChoice.SAMPLE)).isDeepEqualTo(sample);
        // New rows from the shell lie nearer to their nearest prototype than to the sample's; the core stays covered.
        float[][] newShell = gaussian(500, 4, 3, 13);
        assertThat(medianNearest(chosen, newShell)).isLessThan(0.8 * medianNearest(sample, newShell));
        float[][] newCore = gaussian(500, 4, 0.3, 14);
        assertThat(medianNearest(chosen, newCore)).isLessThan(1.5 * medianNearest(sample, newCore));
    }

    private static double medianNearest(float[][] prototypes, float[][] queries) {
        double[] d = new double[queries.length];
        for (int q = 0; q < queries.length; q++) {
            double best = Double.POSITIVE_INFINITY;
            for (float[] p : prototypes) {
                double s = 0;
                for (int j = 0; j < p.length; j++) {
                    s += (p[j] - queries[q][j]) * (p[j] - queries[q][j]);
                }
                best = Math.min(best, s);
            }
            d[q] = Math.sqrt(best);
        }
        Arrays.sort(d);
        return d[d.length / 2];
    }
}
