package io.ganwatch.detector;

import io.ganwatch.model.KnnHead;
import io.ganwatch.training.AladFeatures;
import io.ganwatch.training.AladWeights;
import io.ganwatch.training.Permutations;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Fits the {@link KnnHead} of a trained ALAD: which normal rows become prototypes and how the mean
 * neighbour distance is scaled.
 *
 * <p>Why a distance in the GAN's feature space: on the 13 ADBench sets of the suite, ALAD's own
 * feature-matching score trailed the distance to the 5th nearest normal row (kNN) on all 13; the
 * mean distance to the 5 nearest training rows in the (x, x) discriminator's features scored ahead
 * of ALAD's score on 10 of 13 (seed 1: 12_fault 0.52 → 0.81, 44_Wilt 0.52 → 0.84, 30_satellite
 * 0.70 → 0.86), and adding ALAD's score to it lowered the mean (BENCHMARKS.md, "Detector: the
 * ADBench suite").
 */
public final class KnnHeads {
    /** Neighbours averaged. */
    public static final int DEFAULT_K = 5;
    /** Prototypes kept at most: each costs a dot product per scored row. */
    public static final int DEFAULT_MAX_PROTOTYPES = 4096;
    /** Held-back rows enough to estimate the median neighbour distance. */
    private static final int SCALE_ROWS = 2000;

    private KnnHeads() {
    }

    /**
     * The head for {@code weights}: prototypes are all of {@code fit}, or a seeded uniform sample of
     * {@code maxPrototypes} of them; the distance is divided by its median over {@code heldBack}
     * (normal rows not among the prototypes, so the median is of distances that a new normal row has).
     *
     * @param fit      encoded normal rows the GAN was fitted on
     * @param heldBack encoded normal rows held back from fitting (at least one)
     */
    public static KnnHead fit(AladWeights weights, float[][] fit, float[][] heldBack, int k, int maxPrototypes, long seed) {
        if (maxPrototypes < k) {
            throw new IllegalArgumentException("--prototypes must be at least k = " + k + ", was " + maxPrototypes);
        }
        if (fit.length < k) {
            throw new IllegalArgumentException("only " + fit.length + " rows to fit; the distance to the " + k
                    + " nearest needs at least " + k + "; use more normal rows");
        }
        float[][] inputs = sample(fit, maxPrototypes, seed);
        float[][] features = AladFeatures.embed(weights, inputs);
        float[][] held = AladFeatures.embed(weights, sample(heldBack, SCALE_ROWS, seed ^ 0x5CA1E));
        double[] distances = meanDistances(features, held, k);
        Arrays.sort(distances);
        double median = distances[distances.length / 2];
        // All held-back rows on top of prototypes (a data set of duplicates): any positive scale ranks the same.
        float weight = median > 1e-12 ? (float) (1 / median) : 1f;
        return new KnnHead(k, features, inputs, weight, 0f);
    }

    /**
     * The mean Euclidean distance from each query to its {@code k} nearest prototypes, by brute force
     * (what the exported graph computes, in plain Java: its reference in tests).
     */
    public static double[] meanDistances(float[][] prototypes, float[][] queries, int k) {
        double[] out = new double[queries.length];
        IntStream.range(0, queries.length).parallel().forEach(q -> {
            double[] best = new double[k];
            Arrays.fill(best, Double.POSITIVE_INFINITY);
            float[] f = queries[q];
            for (float[] p : prototypes) {
                double d = 0;
                for (int j = 0; j < f.length; j++) {
                    double e = f[j] - p[j];
                    d += e * e;
                }
                if (d < best[k - 1]) {
                    int m = k - 1;
                    while (m > 0 && best[m - 1] > d) {
                        best[m] = best[m - 1];
                        m--;
                    }
                    best[m] = d;
                }
            }
            double sum = 0;
            for (double b : best) {
                sum += Math.sqrt(b);
            }
            out[q] = sum / k;
        });
        return out;
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
