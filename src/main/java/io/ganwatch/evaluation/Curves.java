package io.ganwatch.evaluation;

import org.tribuo.classification.evaluation.LabelEvaluationUtil;

import java.util.Objects;

/**
 * ROC and precision-recall curves of anomaly scores, thinned for plotting. Anomaly is the positive
 * class and a higher score means more anomalous.
 *
 * @param rocFpr      false-positive rates, non-decreasing from 0 to 1
 * @param rocTpr      true-positive rates matching {@code rocFpr}
 * @param prRecall    recalls, non-increasing, ending at 0 (scikit-learn's order)
 * @param prPrecision precisions matching {@code prRecall}; the last point is (0, 1) by scikit-learn's convention
 */
public record Curves(double[] rocFpr, double[] rocTpr, double[] prRecall, double[] prPrecision) {

    /** Upper bound on points per curve: more cannot be told apart in a chart a few hundred pixels wide. */
    public static final int MAX_POINTS = 400;

    /** Copies the arrays so the record stays immutable, and checks that each curve's pair matches. */
    public Curves {
        rocFpr = Objects.requireNonNull(rocFpr, "rocFpr").clone();
        rocTpr = Objects.requireNonNull(rocTpr, "rocTpr").clone();
        prRecall = Objects.requireNonNull(prRecall, "prRecall").clone();
        prPrecision = Objects.requireNonNull(prPrecision, "prPrecision").clone();
        if (rocFpr.length != rocTpr.length || rocFpr.length < 2) {
            throw new IllegalArgumentException("ROC needs at least 2 matching points, got " + rocFpr.length
                    + " fpr and " + rocTpr.length + " tpr");
        }
        if (prRecall.length != prPrecision.length || prRecall.length < 2) {
            throw new IllegalArgumentException("PR curve needs at least 2 matching points, got " + prRecall.length
                    + " recall and " + prPrecision.length + " precision");
        }
    }

    /**
     * Computes both curves with Tribuo (scikit-learn semantics: one point per distinct score, so
     * tied scores form a single step) and thins each to at most {@link #MAX_POINTS} points.
     *
     * @throws IllegalArgumentException for a length mismatch, empty input, a NaN score, or a missing class
     */
    public static Curves of(double[] scores, boolean[] isAnomaly) {
        LabelledScores.check(scores, isAnomaly);
        LabelEvaluationUtil.ROC roc = LabelEvaluationUtil.generateROCCurve(isAnomaly, scores);
        LabelEvaluationUtil.PRCurve pr = LabelEvaluationUtil.generatePRCurve(isAnomaly, scores);
        int[] rocKeep = thin(roc.fpr.length);
        int[] prKeep = thin(pr.recall.length);
        return new Curves(pick(roc.fpr, rocKeep), pick(roc.tpr, rocKeep), pick(pr.recall, prKeep),
                pick(pr.precision, prKeep));
    }

    @Override
    public double[] rocFpr() {
        return rocFpr.clone();
    }

    @Override
    public double[] rocTpr() {
        return rocTpr.clone();
    }

    @Override
    public double[] prRecall() {
        return prRecall.clone();
    }

    @Override
    public double[] prPrecision() {
        return prPrecision.clone();
    }

    // Evenly spaced indices that always keep both ends, so a thinned curve still spans the full axes.
    private static int[] thin(int n) {
        int k = Math.min(n, MAX_POINTS);
        int[] idx = new int[k];
        for (int i = 0; i < k; i++) {
            idx[i] = k == 1 ? 0 : (int) Math.round((double) i * (n - 1) / (k - 1));
        }
        return idx;
    }

    private static double[] pick(double[] values, int[] idx) {
        double[] out = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = values[idx[i]];
        }
        return out;
    }
}
