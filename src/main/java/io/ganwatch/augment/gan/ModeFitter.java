package io.ganwatch.augment.gan;

import org.hipparchus.stat.fitting.MultivariateNormalMixtureExpectationMaximization;
import org.hipparchus.util.Pair;
import org.hipparchus.distribution.multivariate.MultivariateNormalDistribution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Fits the {@link ModeMixture} of one continuous column with Hipparchus' expectation–maximisation.
 *
 * <p>Three things real columns need beyond a plain mixture fit, all measured on NSL-KDD:
 * <ul>
 *   <li>a column with at most {@code maxModes} distinct values (flags, small counts) gets one narrow
 *       mode per value, which reproduces it exactly;</li>
 *   <li>a value holding at least {@link #ATOM_SHARE} of the rows (the zero of a byte count) is a mode
 *       of its own, because a point mass makes EM's covariance singular;</li>
 *   <li>Hipparchus' estimator refuses one-dimensional data, so the remaining values are fitted with a
 *       seeded, independent N(0, 0.01²) companion column, and only the first coordinate of each
 *       component is kept. The companion carries no information about the components, so the
 *       first-coordinate marginals are the one-dimensional fit; a 10⁻³ jitter plays the part of
 *       scikit-learn's {@code reg_covar}.</li>
 * </ul>
 * Components with weight below {@link #MIN_WEIGHT} are dropped, as CTGAN drops them, except that
 * the values outside the atoms always keep at least one mode.
 */
public final class ModeFitter {
    /** Share of rows that makes one value a mode of its own. */
    static final double ATOM_SHARE = 0.05;
    /** Components lighter than this are dropped (CTGAN's 0.005). */
    static final double MIN_WEIGHT = 0.005;
    /** Rows the mixture is fitted on; more changes the modes little and costs linear time. */
    static final int FIT_ROWS = 2000;
    private static final int MAX_ITERATIONS = 100;
    private static final double TOLERANCE = 1e-5;

    private ModeFitter() {
    }

    /**
     * Fits the modes of the finite values of one column.
     *
     * @param values   the column (at least one value)
     * @param maxModes most modes
     * @param seed     seed for sub-sampling, jitter and the companion column
     */
    public static ModeMixture fit(double[] values, int maxModes, long seed) {
        if (values.length == 0) {
            throw new IllegalArgumentException("cannot fit modes of an empty column");
        }
        TreeMap<Double, Integer> counts = new TreeMap<>();
        for (double v : values) {
            counts.merge(v, 1, Integer::sum);
        }
        double n = values.length;
        double spread = std(values);
        // Narrow modes for exact values: wide enough to keep the offset finite, too narrow to blur neighbours.
        double narrow = Math.max(spread * 1e-3, 1e-9);
        if (counts.size() <= maxModes) {
            List<double[]> modes = new ArrayList<>();
            counts.forEach((v, c) -> modes.add(new double[]{v, narrow, c / n}));
            return mixture(modes);
        }
        List<Map.Entry<Double, Integer>> atoms = counts.entrySet().stream()
                .filter(e -> e.getValue() >= ATOM_SHARE * n)
                .sorted((a, b) -> Integer.compare(b.getValue(), a.getValue()))
                .limit(maxModes - 1L)
                .toList();
        List<double[]> modes = new ArrayList<>();
        double atomRows = 0;
        for (Map.Entry<Double, Integer> a : atoms) {
            modes.add(new double[]{a.getKey(), narrow, a.getValue() / n});
            atomRows += a.getValue();
        }
        double[] rest = Arrays.stream(values).filter(v -> atoms.stream().noneMatch(a -> a.getKey() == v)).toArray();
        double restShare = rest.length / n;
        int k = Math.min(maxModes - atoms.size(), rest.length / 2);
        modes.addAll(prune(fitRest(rest, Math.max(1, k), restShare, seed), rest, restShare));
        return mixture(modes);
    }

    private static List<double[]> fitRest(double[] rest, int k, double share, long seed) {
        if (rest.length == 0) {
            return List.of();
        }
        Random random = new Random(seed);
        double[] sample = rest.length <= FIT_ROWS ? rest.clone() : random.ints(FIT_ROWS, 0, rest.length).mapToDouble(i -> rest[i]).toArray();
        double mean = Arrays.stream(sample).average().orElse(0);
        double sd = std(sample);
        if (k == 1 || !(sd > 0)) {
            return List.of(new double[]{Arrays.stream(rest).average().orElse(0), Math.max(std(rest), 1e-9), share});
        }
        double[][] data = new double[sample.length][];
        for (int i = 0; i < sample.length; i++) {
            data[i] = new double[]{(sample[i] - mean) / sd + 1e-3 * random.nextGaussian(), 0.01 * random.nextGaussian()};
        }
        for (int kk = k; kk >= 2; kk--) {
            MultivariateNormalMixtureExpectationMaximization em = new MultivariateNormalMixtureExpectationMaximization(data);
            try {
                em.fit(MultivariateNormalMixtureExpectationMaximization.estimate(data, kk), MAX_ITERATIONS, TOLERANCE);
            } catch (RuntimeException notConvergedOrSingular) {
                // Hipparchus throws when EM has not converged within MAX_ITERATIONS but keeps the last
                // iterate, which is a usable mixture; a singular covariance leaves no usable model and
                // fewer components are tried instead.
            }
            List<double[]> out = components(em, mean, sd, share);
            if (out != null) {
                return out;
            }
        }
        return List.of(new double[]{mean, sd, share});
    }

    /** The fitted components in the column's units, or null when the fit left no usable model. */
    private static List<double[]> components(MultivariateNormalMixtureExpectationMaximization em, double mean, double sd,
                                             double share) {
        List<Pair<Double, MultivariateNormalDistribution>> fitted;
        try {
            fitted = em.getFittedModel().getComponents();
        } catch (RuntimeException noModel) {
            return null;
        }
        List<double[]> out = new ArrayList<>();
        for (Pair<Double, MultivariateNormalDistribution> c : fitted) {
            double m = mean + sd * c.getSecond().getMeans()[0];
            double s = sd * Math.sqrt(c.getSecond().getCovariances().getEntry(0, 0));
            double w = c.getFirst();
            if (!Double.isFinite(m) || !Double.isFinite(s) || !(w >= 0)) {
                return null;
            }
            out.add(new double[]{m, Math.max(s, 1e-9), share * w});
        }
        return out;
    }

    /**
     * Drops light components of the non-atom values. When every one of them is light (a column that
     * is 98% zeros), one Gaussian keeps the rest of the mass: those rare non-zero values are often
     * exactly what distinguishes the minority class.
     */
    private static List<double[]> prune(List<double[]> components, double[] rest, double share) {
        List<double[]> kept = components.stream().filter(m -> m[2] >= MIN_WEIGHT).toList();
        if (!kept.isEmpty() || rest.length == 0) {
            return kept;
        }
        return List.of(new double[]{Arrays.stream(rest).average().orElse(0), Math.max(std(rest), 1e-9), share});
    }

    private static ModeMixture mixture(List<double[]> modes) {
        double total = modes.stream().mapToDouble(m -> m[2]).sum();
        return new ModeMixture(modes.stream().mapToDouble(m -> m[0]).toArray(),
                modes.stream().mapToDouble(m -> m[1]).toArray(),
                modes.stream().mapToDouble(m -> m[2] / total).toArray());
    }

    private static double std(double[] v) {
        double m = Arrays.stream(v).average().orElse(0);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return v.length < 2 ? 0 : Math.sqrt(s / (v.length - 1));
    }
}
