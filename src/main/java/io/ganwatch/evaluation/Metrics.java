package io.ganwatch.evaluation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.tribuo.classification.evaluation.LabelEvaluationUtil;
import org.tribuo.util.Util;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Detection quality of anomaly scores against known labels. Anomaly is the positive class and a
 * higher score means more anomalous. Serialises with Jackson under snake_case keys.
 *
 * @param rocAuc            area under the ROC curve (threshold-free)
 * @param prAuc             average precision, as scikit-learn's {@code average_precision_score}
 * @param precision         share of flagged rows that are anomalous at {@code threshold}; 0 when nothing is flagged
 * @param recall            share of anomalous rows flagged at {@code threshold}
 * @param f1                harmonic mean of precision and recall at {@code threshold}; 0 when both are 0
 * @param f1AtContamination F1 when the rows with the top k scores are flagged, k = number of anomalies
 * @param threshold         rows with a score at or above this are flagged
 * @param rows              rows evaluated
 * @param anomalies         anomalous rows among them
 */
public record Metrics(
        @JsonProperty("roc_auc") double rocAuc,
        @JsonProperty("pr_auc") double prAuc,
        @JsonProperty("precision") double precision,
        @JsonProperty("recall") double recall,
        @JsonProperty("f1") double f1,
        @JsonProperty("f1_at_contamination") double f1AtContamination,
        @JsonProperty("threshold") double threshold,
        @JsonProperty("rows") int rows,
        @JsonProperty("anomalies") int anomalies) {

    /** Rejects values no evaluation can produce, so a corrupt metrics file fails on load. */
    public Metrics {
        requireUnit("roc_auc", rocAuc);
        requireUnit("pr_auc", prAuc);
        requireUnit("precision", precision);
        requireUnit("recall", recall);
        requireUnit("f1", f1);
        requireUnit("f1_at_contamination", f1AtContamination);
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold is NaN");
        }
        if (rows < 2) {
            throw new IllegalArgumentException("rows must be at least 2, was " + rows);
        }
        if (anomalies < 1 || anomalies >= rows) {
            throw new IllegalArgumentException("anomalies must be in [1, rows), was " + anomalies + " of " + rows);
        }
    }

    /**
     * Evaluates scores against labels.
     *
     * <p>A row is predicted anomalous iff its score is {@code >= threshold}. For
     * {@code f1AtContamination} the cut is the k-th largest score (k = number of anomalies), the
     * same as flagging {@code score >= percentile(scores, 100 * (1 - contamination))}; rows tied
     * with that score are all flagged, because their order among themselves is arbitrary and a
     * verdict that depended on it would not be reproducible.
     *
     * @throws IllegalArgumentException for a length mismatch, empty input, a NaN score or threshold,
     *                                  or when one class is missing (AUC undefined)
     */
    public static Metrics of(double[] scores, boolean[] isAnomaly, double threshold) {
        int anomalies = LabelledScores.check(scores, isAnomaly);
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold is NaN");
        }
        LabelEvaluationUtil.ROC roc = LabelEvaluationUtil.generateROCCurve(isAnomaly, scores);
        double rocAuc = Util.auc(roc.fpr, roc.tpr);
        double prAuc = LabelEvaluationUtil.averagedPrecision(isAnomaly, scores);
        Counts atThreshold = Counts.flagging(scores, isAnomaly, threshold, anomalies);
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        double kthLargest = sorted[sorted.length - anomalies];
        Counts atContamination = Counts.flagging(scores, isAnomaly, kthLargest, anomalies);
        return new Metrics(clampUnit(rocAuc), clampUnit(prAuc), atThreshold.precision(), atThreshold.recall(),
                atThreshold.f1(), atContamination.f1(), threshold, scores.length, anomalies);
    }

    /**
     * The values keyed by their JSON names, in declaration order; counts as doubles. Lets
     * summaries and reports iterate over metrics without repeating the list of names.
     */
    @JsonIgnore
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("roc_auc", rocAuc);
        m.put("pr_auc", prAuc);
        m.put("precision", precision);
        m.put("recall", recall);
        m.put("f1", f1);
        m.put("f1_at_contamination", f1AtContamination);
        m.put("threshold", threshold);
        m.put("rows", (double) rows);
        m.put("anomalies", (double) anomalies);
        return Collections.unmodifiableMap(m);
    }

    private static void requireUnit(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], was " + v);
        }
    }

    // Trapezoid sums can land a few ulps outside [0, 1]; the validation above must not trip on that.
    private static double clampUnit(double v) {
        return Math.max(0, Math.min(1, v));
    }

    /** Confusion counts of the anomalous class when flagging {@code score >= cut}. */
    private record Counts(int truePositives, int flagged, int anomalies) {
        static Counts flagging(double[] scores, boolean[] isAnomaly, double cut, int anomalies) {
            int tp = 0;
            int flagged = 0;
            for (int i = 0; i < scores.length; i++) {
                if (scores[i] >= cut) {
                    flagged++;
                    if (isAnomaly[i]) {
                        tp++;
                    }
                }
            }
            return new Counts(tp, flagged, anomalies);
        }

        // Flagging nothing makes no false alarms, but reporting precision 1 would reward a detector
        // that never fires; 0 (scikit-learn's zero_division=0) keeps that case at the bottom.
        double precision() {
            return flagged == 0 ? 0 : (double) truePositives / flagged;
        }

        double recall() {
            return (double) truePositives / anomalies;
        }

        double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }
}
