package io.ganwatch.training;

import java.util.Random;

/** Seeded random orderings, so that every split and shuffle in ganwatch is reproducible from one seed. */
public final class Permutations {
    private Permutations() {
    }

    /** A random permutation of {@code 0..n-1} determined by {@code seed}. */
    public static int[] of(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p, new Random(seed));
        return p;
    }

    /** Fisher-Yates shuffle in place (the JDK has one for lists only). */
    public static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
