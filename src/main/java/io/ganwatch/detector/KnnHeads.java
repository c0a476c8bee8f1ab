package io.ganwatch.detector;

import io.ganwatch.features.FloatRows;
import io.ganwatch.model.KnnHead;
import io.ganwatch.training.AladConfig;
import io.ganwatch.training.AladFeatures;
import io.ganwatch.training.AladWeights;
import io.ganwatch.training.Permutations;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Fits the {@link KnnHead} of a trained ALAD: which normal rows become prototypes, each one's own
 * spread, and how the score is scaled.
 *
 * <p>Why a distance in the GAN's feature space: on the suite's 13 ADBench sets, ALAD's own
 * feature-matching score trailed the peers' kNN on every set, while the mean distance to the nearest
 * training rows in the (x, x) discriminator's features, partly relative to how dense normal data is
 * there, is ahead of every peer on several and close on most (BENCHMARKS.md, "Detector: the ADBench
 * suite"); adding ALAD's score to it lowered the mean, so it is left out by default.
 */
public final class KnnHeads {
    /** Neighbours averaged. */
    public static final int DEFAULT_K = 5;
    /** How relative to the neighbours' spread the distance is (0: plain kNN distance, 1: LOF-like ratio). */
    public static final float DEFAULT_ALPHA = 0.25f;
    /** The feature space: the feature layer before its activation. */
    public static final AladFeatures.Space DEFAULT_SPACE = AladFeatures.Space.LINEAR;
    /** Held-back rows enough to estimate the median score. */
    private static final int SCALE_ROWS = 2000;
    /** Mixed into the seed for the sample of rows the scale is taken on, so that it is not the prototypes' sample. */
    private static final long SCALE_SALT = 0x5CA1E;
    /**
     * Bytes the prototypes may take in the graph: a bundle travels as one message on the model topic,
     * which takes up to 16 MiB, and the networks and {@code model.json} need room beside them.
     */
    static final long PROTOTYPE_BYTES = 8L << 20;
    /** Spreads are floored at this quantile of all of them: a cluster of duplicates has spread 0. */
    private static final double SPREAD_FLOOR_QUANTILE = 0.1;

    private KnnHeads() {
    }

    /**
     * The head for {@code weights} with the defaults: prototypes are the distinct rows of {@code fit}, or
     * {@code maxPrototypes} of them chosen by {@link Prototypes} (fewer where so many would not fit
     * {@link #PROTOTYPE_BYTES}); the score is divided by its median
     * over {@code heldBack} (normal rows not among the prototypes, so the median is of scores that a
     * new normal row gets).
     *
     * @param fit      encoded normal rows the GAN was fitted on
     * @param heldBack encoded normal rows held back from fitting (at least one)
     */
    public static KnnHead fit(AladWeights weights, float[][] fit, float[][] heldBack, int maxPrototypes, long seed) {
        return fit(weights, DEFAULT_SPACE, fit, heldBack, DEFAULT_K, maxPrototypes, DEFAULT_ALPHA, seed);
    }

    /**
     * {@link #fit(AladWeights, float[][], float[][], int, long)} on rows held any way, the prototypes chosen as
     * {@code choice} says; only the chosen rows are copied.
     */
    public static KnnHead fit(AladWeights weights, FloatRows fit, FloatRows heldBack, int maxPrototypes,
                              AladConfig.PrototypeChoice choice, long seed) {
        return fit(weights, DEFAULT_SPACE, fit, heldBack, DEFAULT_K, maxPrototypes, DEFAULT_ALPHA, choice, seed);
    }

    /** {@link #fit(AladWeights, float[][], float[][], int, long)} with every setting given. */
    public static KnnHead fit(AladWeights weights, AladFeatures.Space space, float[][] fit, float[][] heldBack, int k,
                              int maxPrototypes, float alpha, long seed) {
        return fit(weights, space, FloatRows.of(fit), FloatRows.of(heldBack), k, maxPrototypes, alpha,
                AladConfig.PrototypeChoice.SAMPLE_AND_FARTHEST, seed);
    }

    /**
     * {@link #fit(AladWeights, AladFeatures.Space, float[][], float[][], int, int, float, long)} on rows held any way,
     * the prototypes chosen as {@code choice} says ({@link Prototypes#choose}).
     */
    public static KnnHead fit(AladWeights weights, AladFeatures.Space space, FloatRows fit, FloatRows heldBack, int k,
                              int maxPrototypes, float alpha, AladConfig.PrototypeChoice choice, long seed) {
        if (maxPrototypes <= k) {
            throw new IllegalArgumentException("prototypes must be more than k = " + k + ", was " + maxPrototypes);
        }
        if (fit.size() <= k) {
            throw new IllegalArgumentException("only " + fit.size() + " rows to fit; the distance to the " + k
                    + " nearest needs more; use more normal rows");
        }
        int fitting = capacity(weights, maxPrototypes);
        if (fitting <= k) {
            throw new IllegalArgumentException("rows of " + weights.inputWidth() + " encoded features are too wide to keep"
                    + " more than " + fitting + " prototypes in a bundle; use fewer or narrower columns");
        }
        float[][] inputs = Prototypes.choose(fit, fitting, seed, choice);
        float[][] features = AladFeatures.embed(weights, space, inputs);
        float[] spreads = spreads(features, k);
        float[][] held = AladFeatures.embed(weights, space, sample(heldBack, SCALE_ROWS, seed ^ SCALE_SALT));
        double[] scores = scores(features, spreads, alpha, held, k);
        return new KnnHead(space, k, features, inputs, spreads, alpha, weightFor(scores), 0f);
    }

    /**
     * Whether a head for {@code weights} can keep all of {@code rows} normal rows as prototypes: at most
     * {@code maxPrototypes}, and within {@link #PROTOTYPE_BYTES}.
     */
    public static boolean keepsAll(AladWeights weights, int rows, int maxPrototypes) {
        return rows > DEFAULT_K && rows <= capacity(weights, maxPrototypes);
    }

    /**
     * The head with the defaults whose prototypes are every one of {@code rows}: the normal rows the GAN was
     * fitted on and the ones held back from fitting alike. On small sets that is a fifth more normal data to
     * measure distances to: +0.0025 ROC-AUC on the mean over the ten ADBench sets it changes, up to +0.006
     * (BENCHMARKS.md, "The held-back rows as prototypes too, calibrated leaving each one out").
     *
     * <p>A held-back row is then among the prototypes and would find itself as its own nearest neighbour, so
     * every score taken of such a row must leave its nearest prototype out: the scale here is 1 over the
     * median of those leave-one-out scores over up to {@value #SCALE_ROWS} prototypes, and thresholds are
     * calibrated on the graph of {@code OnnxExporter.exportLeavingNearestOut}.
     *
     * @throws IllegalArgumentException when not {@link #keepsAll} of them
     */
    public static KnnHead fitAll(AladWeights weights, FloatRows rows, int maxPrototypes, long seed) {
        if (!keepsAll(weights, rows.size(), maxPrototypes)) {
            throw new IllegalArgumentException(rows.size() + " rows cannot all be prototypes: a head keeps more than "
                    + DEFAULT_K + " and at most " + capacity(weights, maxPrototypes) + " of rows this wide; sample them");
        }
        float[][] inputs = rows.toArrays(0, rows.size());
        float[][] features = AladFeatures.embed(weights, DEFAULT_SPACE, inputs);
        float[] spreads = spreads(features, DEFAULT_K);
        int[] order = Permutations.of(features.length, seed ^ SCALE_SALT);
        int[] scaleRows = Arrays.copyOf(order, Math.min(SCALE_ROWS, order.length));
        float[][] held = new float[scaleRows.length][];
        for (int i = 0; i < scaleRows.length; i++) {
            held[i] = features[scaleRows[i]];
        }
        double[] scores = scores(features, spreads, DEFAULT_ALPHA, held, DEFAULT_K, scaleRows);
        return new KnnHead(DEFAULT_SPACE, DEFAULT_K, features, inputs, spreads, DEFAULT_ALPHA, weightFor(scores), 0f);
    }

    /** Prototypes a head for {@code weights} keeps at most: {@code maxPrototypes}, fewer where they would not fit the bytes. */
    private static int capacity(AladWeights weights, int maxPrototypes) {
        long bytesEach = 4L * (weights.featureWidth() + weights.inputWidth() + 1);
        return (int) Math.min(maxPrototypes, PROTOTYPE_BYTES / bytesEach); // wide inputs: fewer prototypes
    }

    /** 1 over the median of {@code scores} (sorted in place): a typical normal row then scores 1. */
    private static float weightFor(double[] scores) {
        Arrays.sort(scores);
        double median = scores[scores.length / 2];
        // All held-back rows on top of prototypes (a data set of duplicates): any positive scale ranks the same.
        return median > 1e-12 ? (float) (1 / median) : 1f;
    }

    /**
     * Each prototype's mean distance to its {@code k} nearest other prototypes, floored at the
     * {@link #SPREAD_FLOOR_QUANTILE} quantile of them all (or the smallest positive one) so that
     * no spread is 0.
     */
    static float[] spreads(float[][] prototypes, int k) {
        double[] raw = new double[prototypes.length];
        IntStream.range(0, prototypes.length).parallel()
                .forEach(i -> raw[i] = search(prototypes, prototypes[i], k, i).meanDistance());
        double[] sorted = raw.clone();
        Arrays.sort(sorted);
        double floor = 0;
        for (int i = (int) (SPREAD_FLOOR_QUANTILE * sorted.length); i < sorted.length && floor <= 0; i++) {
            floor = sorted[i];
        }
        if (!(floor > 0)) {
            floor = 1; // every prototype a duplicate of k others: nothing to be relative to
        }
        float[] out = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = (float) Math.max(raw[i], floor);
        }
        return out;
    }

    /**
     * The head's score before its weight, by brute force (what the exported graph computes, in plain
     * Java; its reference in tests): the mean Euclidean distance from each query to its {@code k}
     * nearest prototypes, divided by the mean of their spreads to the power {@code alpha}.
     */
    public static double[] scores(float[][] prototypes, float[] spreads, float alpha, float[][] queries, int k) {
        return scores(prototypes, spreads, alpha, queries, k, null);
    }

    /**
     * {@link #scores(float[][], float[], float, float[][], int)} where query {@code q} is prototype {@code skip[q]}
     * and is scored against the others (leave-one-out); {@code skip} null leaves none out.
     */
    public static double[] scores(float[][] prototypes, float[] spreads, float alpha, float[][] queries, int k, int[] skip) {
        double[] out = new double[queries.length];
        IntStream.range(0, queries.length).parallel().forEach(q -> {
            Neighbours n = search(prototypes, queries[q], k, skip == null ? -1 : skip[q]);
            double spread = 0;
            for (int i : n.indices()) {
                spread += spreads[i];
            }
            out[q] = n.meanDistance() / Math.pow(spread / k, alpha);
        });
        return out;
    }

    /** The {@code k} nearest prototypes to {@code query}, leaving out the prototype at {@code skip} (or none for -1). */
    private static Neighbours search(float[][] prototypes, float[] query, int k, int skip) {
        double[] best = new double[k];
        int[] index = new int[k];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        for (int p = 0; p < prototypes.length; p++) {
            if (p == skip) {
                continue;
            }
            double d = squaredDistance(query, prototypes[p]);
            if (d < best[k - 1]) {
                int m = k - 1;
                while (m > 0 && best[m - 1] > d) {
                    best[m] = best[m - 1];
                    index[m] = index[m - 1];
                    m--;
                }
                best[m] = d;
                index[m] = p;
            }
        }
        double sum = 0;
        for (double b : best) {
            sum += Math.sqrt(b);
        }
        return new Neighbours(sum / k, index);
    }

    /** Squared Euclidean distance between two rows: each difference in float, their squares summed in double. */
    static double squaredDistance(float[] a, float[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double e = a[j] - b[j];
            s += e * e;
        }
        return s;
    }

    private record Neighbours(double meanDistance, int[] indices) {
    }

    /** All rows, or the first {@code max} of a seeded permutation (the same rows {@link DetectorTrainer#pick} gives), copied. */
    private static float[][] sample(FloatRows rows, int max, long seed) {
        return rows.size() <= max ? rows.toArrays(0, rows.size())
                : rows.pick(Permutations.of(rows.size(), seed), 0, max).toArrays(0, max);
    }
}
