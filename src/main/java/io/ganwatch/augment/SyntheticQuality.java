package io.ganwatch.augment;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How close synthetic rows are to real ones, with the definitions SDMetrics uses, so that numbers
 * compare with what users know: KSComplement and TVComplement per column, correlation similarity
 * per column pair, distance to closest record (synthetic→train against holdout→train), and exact
 * copies of training rows.
 */
public final class SyntheticQuality {
    private SyntheticQuality() {
    }

    /** 1 − the two-sample Kolmogorov–Smirnov statistic: 1 for identical distributions, 0 for disjoint ones. */
    public static double ksComplement(double[] real, double[] synthetic) {
        double[] a = real.clone();
        double[] b = synthetic.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < a.length && j < b.length) {
            double x = Math.min(a[i], b[j]);
            while (i < a.length && a[i] <= x) {
                i++;
            }
            while (j < b.length && b[j] <= x) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / a.length - (double) j / b.length));
        }
        return 1 - d;
    }

    /** 1 − total variation distance between the category frequencies: 1 − ½ Σ |p_real − p_synthetic|. */
    public static double tvComplement(List<String> real, List<String> synthetic) {
        Map<String, Double> p = frequencies(real);
        Map<String, Double> q = frequencies(synthetic);
        Set<String> all = new HashSet<>(p.keySet());
        all.addAll(q.keySet());
        double tv = 0;
        for (String c : all) {
            tv += Math.abs(p.getOrDefault(c, 0.0) - q.getOrDefault(c, 0.0));
        }
        return 1 - tv / 2;
    }

    private static Map<String, Double> frequencies(List<String> values) {
        Map<String, Double> m = new HashMap<>();
        for (String v : values) {
            m.merge(v, 1.0 / values.size(), Double::sum);
        }
        return m;
    }

    /** 1 − |ρ_real − ρ_synthetic| / 2 for one column pair (Pearson ρ): 1 when the correlations agree. */
    public static double correlationSimilarity(double[] realA, double[] realB, double[] synthA, double[] synthB) {
        return 1 - Math.abs(pearson(realA, realB) - pearson(synthA, synthB)) / 2;
    }

    static double pearson(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElse(0);
        double my = Arrays.stream(y).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
    }

    /**
     * Median distance from each synthetic row to its closest training row, divided by the same
     * median for real holdout rows. Near 1: synthetic rows sit as close to the training data as
     * fresh real rows do; far below 1: they hug (or copy) training rows.
     */
    public static double dcrRatio(double[][] train, double[][] synthetic, double[][] holdout) {
        double h = medianClosest(holdout, train);
        return h == 0 ? Double.NaN : medianClosest(synthetic, train) / h;
    }

    private static double medianClosest(double[][] from, double[][] to) {
        double[] d = new double[from.length];
        for (int i = 0; i < from.length; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (double[] t : to) {
                best = Math.min(best, Smote.squaredDistance(from[i], t));
            }
            d[i] = Math.sqrt(best);
        }
        Arrays.sort(d);
        int n = d.length;
        return n % 2 == 1 ? d[n / 2] : (d[n / 2 - 1] + d[n / 2]) / 2;
    }

    /** Synthetic rows identical to some training row. */
    public static int exactCopies(double[][] train, double[][] synthetic) {
        Set<List<Double>> seen = new HashSet<>();
        for (double[] t : train) {
            seen.add(Arrays.stream(t).boxed().toList());
        }
        int copies = 0;
        for (double[] s : synthetic) {
            if (seen.contains(Arrays.stream(s).boxed().toList())) {
                copies++;
            }
        }
        return copies;
    }
}
