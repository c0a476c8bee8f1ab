package io.ganwatch.demo;

import java.util.Arrays;
import java.util.Random;

/**
 * When in the day a customer uses their card, as a relative rate per local hour (mean 1 over the
 * day). People shop around breakfast, lunch and the evening and hardly at all at night, which is what
 * makes a string of cash withdrawals at 3 a.m. stand out.
 */
public final class ActivityProfile {
    private final double[] weights;
    private final double max;

    private ActivityProfile(double[] weights) {
        double mean = Arrays.stream(weights).average().orElse(1);
        this.weights = Arrays.stream(weights).map(w -> w / mean).toArray();
        this.max = Arrays.stream(this.weights).max().orElse(1);
    }

    /**
     * A random daily rhythm: a low night-time floor plus morning, lunchtime and evening peaks whose
     * sizes (and the evening's lateness) differ from customer to customer.
     */
    public static ActivityProfile random(Random r) {
        double morning = 0.2 + 0.8 * r.nextDouble();
        double lunch = 0.3 + r.nextDouble();
        double evening = 0.4 + r.nextDouble();
        double eveningPeak = 17.5 + 3 * r.nextDouble();
        double[] w = new double[24];
        for (int h = 0; h < 24; h++) {
            double t = h + 0.5;
            w[h] = 0.015 + morning * bump(t, 8.5, 1.2) + lunch * bump(t, 12.8, 1.1) + evening * bump(t, eveningPeak, 2.0);
        }
        return new ActivityProfile(w);
    }

    private static double bump(double t, double centre, double width) {
        double d = (t - centre) / width;
        return Math.exp(-0.5 * d * d);
    }

    /** Relative rate in local hour {@code hour} (0..23). */
    public double weight(int hour) {
        return weights[hour];
    }

    /** The largest hourly weight. */
    public double max() {
        return max;
    }
}
