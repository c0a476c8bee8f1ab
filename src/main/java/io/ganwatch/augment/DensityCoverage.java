package io.ganwatch.augment;

import io.ganwatch.training.Permutations;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Density and coverage of synthetic rows against real ones (Naeem et al., "Reliable Fidelity and
 * Diversity Metrics for Generative Models", ICML 2020), on rows already encoded as feature vectors.
 *
 * <p>Each real row gets a ball whose radius is the Euclidean distance to its k-th nearest other real
 * row. With N real and M synthetic rows:
 * <ul>
 *   <li><b>density</b> = (1 / (k·M)) Σ<sub>synthetic</sub> Σ<sub>real</sub> 1[synthetic row in the real
 *       row's ball]: about 1 when synthetic rows fall where real rows are as dense as they are among
 *       themselves, above 1 when they crowd into dense regions, below 1 when they stray;</li>
 *   <li><b>coverage</b> = (1 / N) Σ<sub>real</sub> 1[some synthetic row in the real row's ball]: the
 *       share of the real data's neighbourhoods that the synthetic rows reach. A generator that makes
 *       only some modes (mode collapse) leaves the other modes' balls empty, which per-column measures
 *       such as KSComplement cannot show.</li>
 * </ul>
 *
 * <p>As in the authors' code, a synthetic row is in a ball when its distance is strictly below the
 * radius, with one addition: a synthetic row at distance 0 is always in (the centre of a ball is in
 * it). Tabular data has duplicate rows, which give a real row radius 0, and with the strict test alone
 * not even an exact copy of that row would count as near it. The strict test keeps the paper's
 * calibration: a copy of the real rows (without ties) scores density exactly 1, each copy sitting at
 * its own centre and strictly inside k − 1 other balls.
 *
 * <p>The cost is O(N² + N·M) distances, so {@link #of} first draws a seeded sample of at most
 * {@value #MAX_REAL_ROWS} real and {@value #MAX_SYNTHETIC_ROWS} synthetic rows; on NSL-KDD's encoding
 * that bounds a measurement to a few seconds on two cores. Both scores are estimates of proportions,
 * which a uniform sample keeps unbiased.
 */
public final class DensityCoverage {
    /** Neighbour count, the paper's recommended k = 5. */
    public static final int K = 5;
    /** Most real rows one measurement uses; more are sampled down (seeded). */
    public static final int MAX_REAL_ROWS = 5000;
    /** Most synthetic rows one measurement uses; more are sampled down (seeded). */
    public static final int MAX_SYNTHETIC_ROWS = 5000;

    private DensityCoverage() {
    }

    /**
     * The two scores.
     *
     * @param density  see the class comment; NaN when undefined
     * @param coverage see the class comment, in [0, 1]; NaN when undefined
     */
    public record Scores(double density, double coverage) {
        /** Both undefined: too few real rows for a k-th neighbour, or no synthetic rows. */
        public static final Scores UNDEFINED = new Scores(Double.NaN, Double.NaN);
    }

    /**
     * Density and coverage with k = {@value #K}, on a seeded sample of at most {@value #MAX_REAL_ROWS}
     * real and {@value #MAX_SYNTHETIC_ROWS} synthetic rows.
     *
     * @return {@link Scores#UNDEFINED} when there are at most k real rows or no synthetic rows
     */
    public static Scores of(float[][] real, float[][] synthetic, long seed) {
        // Separate streams, so that the real sample does not depend on how many synthetic rows there are.
        return exact(sample(real, MAX_REAL_ROWS, seed), sample(synthetic, MAX_SYNTHETIC_ROWS, seed ^ 0x5A3D1E7BL), K);
    }

    /**
     * Density and coverage on every row given, with {@code k} neighbours.
     *
     * @return {@link Scores#UNDEFINED} when there are at most {@code k} real rows or no synthetic rows
     */
    public static Scores exact(float[][] real, float[][] synthetic, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, was " + k);
        }
        if (real.length <= k || synthetic.length == 0) {
            return Scores.UNDEFINED;
        }
        double[] radius2 = squaredRadii(real, k);
        // Per synthetic row: how many real balls hold it; per real row: whether any synthetic row is in its ball.
        int[] inBalls = new int[synthetic.length];
        boolean[] covered = new boolean[real.length];
        IntStream.range(0, real.length).parallel().forEach(i -> {
            for (float[] s : synthetic) {
                if (inBall(squaredDistance(real[i], s), radius2[i])) {
                    covered[i] = true;
                    break;
                }
            }
        });
        IntStream.range(0, synthetic.length).parallel().forEach(j -> {
            int n = 0;
            for (int i = 0; i < real.length; i++) {
                if (inBall(squaredDistance(real[i], synthetic[j]), radius2[i])) {
                    n++;
                }
            }
            inBalls[j] = n;
        });
        long total = Arrays.stream(inBalls).asLongStream().sum();
        int coveredCount = 0;
        for (boolean c : covered) {
            coveredCount += c ? 1 : 0;
        }
        return new Scores((double) total / ((double) k * synthetic.length), (double) coveredCount / real.length);
    }

    /** Whether a row at squared distance {@code d2} from a ball's centre is in the ball (see the class comment). */
    static boolean inBall(double d2, double radius2) {
        return d2 < radius2 || d2 == 0;
    }

    /** Squared distance from each row to its k-th nearest other row (squared, as only comparisons follow). */
    static double[] squaredRadii(float[][] rows, int k) {
        double[] out = new double[rows.length];
        IntStream.range(0, rows.length).parallel().forEach(i -> {
            // The k smallest distances so far, ascending; insertion keeps it sorted at O(k) per row.
            double[] nearest = new double[k];
            Arrays.fill(nearest, Double.POSITIVE_INFINITY);
            for (int j = 0; j < rows.length; j++) {
                if (j == i) {
                    continue;
                }
                double d = squaredDistance(rows[i], rows[j]);
                if (d < nearest[k - 1]) {
                    int at = k - 1;
                    while (at > 0 && nearest[at - 1] > d) {
                        nearest[at] = nearest[at - 1];
                        at--;
                    }
                    nearest[at] = d;
                }
            }
            out[i] = nearest[k - 1];
        });
        return out;
    }

    static double squaredDistance(float[] a, float[] b) {
        double s = 0;
        for (int f = 0; f < a.length; f++) {
            double d = (double) a[f] - b[f];
            s += d * d;
        }
        return s;
    }

    private static float[][] sample(float[][] rows, int max, long seed) {
        if (rows.length <= max) {
            return rows;
        }
        int[] order = Permutations.of(rows.length, seed);
        float[][] out = new float[max][];
        for (int i = 0; i < max; i++) {
            out[i] = rows[order[i]];
        }
        return out;
    }
}
