package io.ganwatch.features;

import java.util.Arrays;

/** Distribution moments used to decide when a column is heavy-tailed. */
public final class Moments {
    private Moments() {
    }

    /** Population skewness m₃ / m₂^1.5; 0 for a constant (or empty) column. */
    public static double skewness(double[] v) {
        if (v.length == 0) {
            return 0;
        }
        double mean = Arrays.stream(v).average().orElse(0);
        double m2 = 0;
        double m3 = 0;
        for (double x : v) {
            double d = x - mean;
            m2 += d * d;
            m3 += d * d * d;
        }
        m2 /= v.length;
        m3 /= v.length;
        return m2 <= 0 ? 0 : m3 / Math.pow(m2, 1.5);
    }
}
