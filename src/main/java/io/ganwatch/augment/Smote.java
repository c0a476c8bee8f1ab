package io.ganwatch.augment;

import java.util.Arrays;
import java.util.Random;

/**
 * SMOTE (Chawla et al., 2002): synthetic minority rows on the segments between a minority row and
 * one of its k nearest minority neighbours. The baseline users compare the GAN against; Tribuo has
 * none. Works on numeric (already encoded) features; Euclidean distance.
 *
 * @param k    neighbours per row (the usual 5)
 * @param seed random seed
 */
public record Smote(int k, long seed) {

    /** Validates k. */
    public Smote {
        if (k < 1) {
            throw new IllegalArgumentException("SMOTE needs k of at least 1, was " + k);
        }
    }

    /**
     * Makes {@code count} synthetic rows from {@code minority}.
     *
     * @throws IllegalArgumentException with fewer than 2 minority rows (there is no segment to sample)
     */
    public double[][] generate(double[][] minority, int count) {
        if (minority.length < 2) {
            throw new IllegalArgumentException("SMOTE needs at least 2 minority rows, got " + minority.length
                    + "; collect more rows of the class or use the GAN");
        }
        int kk = Math.min(k, minority.length - 1);
        int[][] neighbours = neighbours(minority, kk);
        Random random = new Random(seed);
        double[][] out = new double[count][];
        for (int s = 0; s < count; s++) {
            int i = random.nextInt(minority.length);
            int j = neighbours[i][random.nextInt(kk)];
            double gap = random.nextDouble();
            double[] a = minority[i];
            double[] b = minority[j];
            double[] x = new double[a.length];
            for (int f = 0; f < x.length; f++) {
                x[f] = a[f] + gap * (b[f] - a[f]);
            }
            out[s] = x;
        }
        return out;
    }

    /** For each row, the indices of its k nearest other rows (brute force: minority classes are small). */
    static int[][] neighbours(double[][] rows, int k) {
        int n = rows.length;
        int[][] out = new int[n][];
        Integer[] order = new Integer[n];
        double[] dist = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                dist[j] = j == i ? Double.POSITIVE_INFINITY : squaredDistance(rows[i], rows[j]);
                order[j] = j;
            }
            Arrays.sort(order, (x, y) -> Double.compare(dist[x], dist[y]));
            out[i] = new int[k];
            for (int m = 0; m < k; m++) {
                out[i][m] = order[m];
            }
        }
        return out;
    }

    static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int f = 0; f < a.length; f++) {
            double d = a[f] - b[f];
            s += d * d;
        }
        return s;
    }
}
