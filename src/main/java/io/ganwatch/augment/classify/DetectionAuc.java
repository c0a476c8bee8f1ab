package io.ganwatch.augment.classify;

import io.ganwatch.evaluation.Metrics;
import io.ganwatch.training.Permutations;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * SDMetrics' logistic detection: how well a logistic regression tells real rows from synthetic
 * ones. Stratified k-fold (3 by default), seeded; each fold standardises the features on its
 * training part (as SDMetrics' scaler does), trains, and scores the held-out part. The result is
 * the mean held-out ROC-AUC: 0.5 when the synthetic rows cannot be told apart, 1 when they always
 * can. Rows are encoded by the caller with the job's shared feature spec.
 *
 * @param folds    cross-validation folds, at least 2
 * @param logistic the logistic regression's settings
 */
public record DetectionAuc(int folds, LogisticConfig logistic) {
    /** SDMetrics' fold count. */
    public static final int DEFAULT_FOLDS = 3;

    /** Validates the fold count. */
    public DetectionAuc {
        if (folds < 2) {
            throw new IllegalArgumentException("detection needs at least 2 folds, was " + folds);
        }
        Objects.requireNonNull(logistic, "logistic");
    }

    /** Three folds, default logistic regression. */
    public static DetectionAuc defaults() {
        return new DetectionAuc(DEFAULT_FOLDS, LogisticConfig.defaults());
    }

    /**
     * Mean held-out ROC-AUC of real (negative) against synthetic (positive).
     *
     * @return the AUC, or NaN when either side has fewer rows than folds (no fold could hold both classes)
     */
    public double of(float[][] real, float[][] synthetic, long seed) {
        if (real.length < folds || synthetic.length < folds) {
            return Double.NaN;
        }
        int[] realFold = assign(real.length, seed);
        int[] synthFold = assign(synthetic.length, seed + 1);
        MinorityClassifierTrainer trainer = new MinorityClassifierTrainer(ClassifierKind.LOGISTIC,
                XgboostConfig.defaults(), logistic);
        double sum = 0;
        for (int k = 0; k < folds; k++) {
            List<float[]> fitRows = new ArrayList<>();
            List<Boolean> fitSynthetic = new ArrayList<>();
            List<float[]> heldRows = new ArrayList<>();
            List<Boolean> heldSynthetic = new ArrayList<>();
            split(real, realFold, k, false, fitRows, fitSynthetic, heldRows, heldSynthetic);
            split(synthetic, synthFold, k, true, fitRows, fitSynthetic, heldRows, heldSynthetic);
            Standardiser scale = Standardiser.fit(fitRows);
            MinorityModel model = trainer.train(scale.apply(fitRows), flags(fitSynthetic), seed + k);
            double[] p = model.probabilities(scale.apply(heldRows));
            sum += Metrics.of(p, flags(heldSynthetic), 0.5).rocAuc();
        }
        return sum / folds;
    }

    /** Fold of each row: a seeded shuffle dealt round-robin, so each fold gets its share of each class. */
    private int[] assign(int n, long seed) {
        int[] order = Permutations.of(n, new Random(seed).nextLong());
        int[] fold = new int[n];
        for (int i = 0; i < n; i++) {
            fold[order[i]] = i % folds;
        }
        return fold;
    }

    private static void split(float[][] rows, int[] fold, int k, boolean synthetic, List<float[]> fitRows,
                              List<Boolean> fitFlags, List<float[]> heldRows, List<Boolean> heldFlags) {
        for (int i = 0; i < rows.length; i++) {
            if (fold[i] == k) {
                heldRows.add(rows[i]);
                heldFlags.add(synthetic);
            } else {
                fitRows.add(rows[i]);
                fitFlags.add(synthetic);
            }
        }
    }

    private static boolean[] flags(List<Boolean> list) {
        boolean[] out = new boolean[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }

    /** Per-feature z-scores fitted on one fold's training rows; constant features are only centred. */
    private record Standardiser(double[] mean, double[] scale) {
        static Standardiser fit(List<float[]> rows) {
            int width = rows.get(0).length;
            double[] mean = new double[width];
            double[] sq = new double[width];
            for (float[] r : rows) {
                for (int f = 0; f < width; f++) {
                    mean[f] += r[f];
                }
            }
            for (int f = 0; f < width; f++) {
                mean[f] /= rows.size();
            }
            for (float[] r : rows) {
                for (int f = 0; f < width; f++) {
                    double d = r[f] - mean[f];
                    sq[f] += d * d;
                }
            }
            double[] scale = new double[width];
            for (int f = 0; f < width; f++) {
                double sd = Math.sqrt(sq[f] / rows.size());
                scale[f] = sd > 1e-12 ? sd : 1;
            }
            return new Standardiser(mean, scale);
        }

        float[][] apply(List<float[]> rows) {
            float[][] out = new float[rows.size()][];
            for (int i = 0; i < out.length; i++) {
                float[] r = rows.get(i);
                float[] z = new float[r.length];
                for (int f = 0; f < r.length; f++) {
                    z[f] = (float) ((r[f] - mean[f]) / scale[f]);
                }
                out[i] = z;
            }
            return out;
        }
    }
}
