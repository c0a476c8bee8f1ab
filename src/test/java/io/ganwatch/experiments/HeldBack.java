package io.ganwatch.experiments;

import io.ganwatch.training.Permutations;

/**
 * Encoded normal training rows split, in a seeded random order, into rows held back (for a
 * checkpoint criterion or the kNN head's scale) and rows to fit on, as the experiments need them.
 *
 * @param held the first {@code n} rows of the seeded order
 * @param fit  the rest
 */
record HeldBack(float[][] held, float[][] fit) {
    /** Holds back {@code n} of {@code rows}, chosen by a permutation seeded with {@code seed}. */
    static HeldBack of(float[][] rows, int n, long seed) {
        int[] order = Permutations.of(rows.length, seed);
        float[][] held = new float[n][];
        float[][] fit = new float[rows.length - n][];
        for (int i = 0; i < rows.length; i++) {
            if (i < n) {
                held[i] = rows[order[i]];
            } else {
                fit[i - n] = rows[order[i]];
            }
        }
        return new HeldBack(held, fit);
    }
}
