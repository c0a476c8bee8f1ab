package io.ganwatch.evaluation;

/**
 * The input checks shared by every metric and curve: one non-NaN score per labelled row, and both
 * classes present, because ranking metrics are undefined with a single class.
 */
final class LabelledScores {
    private LabelledScores() {
    }

    /**
     * Rejects inputs for which ranking metrics are undefined.
     *
     * @return the number of anomalous rows
     * @throws IllegalArgumentException on null, length mismatch, empty input, a NaN score, or a missing class
     */
    static int check(double[] scores, boolean[] isAnomaly) {
        if (scores == null || isAnomaly == null) {
            throw new IllegalArgumentException("scores and labels are required");
        }
        if (scores.length != isAnomaly.length) {
            throw new IllegalArgumentException("scores and labels differ in length: " + scores.length + " scores, "
                    + isAnomaly.length + " labels");
        }
        if (scores.length == 0) {
            throw new IllegalArgumentException("no rows to evaluate");
        }
        int anomalies = 0;
        for (int i = 0; i < scores.length; i++) {
            // NaN has no place in a ranking: sorting would put it anywhere and every metric would be noise.
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score of row " + i + " is NaN");
            }
            if (isAnomaly[i]) {
                anomalies++;
            }
        }
        if (anomalies == 0 || anomalies == scores.length) {
            throw new IllegalArgumentException("ROC-AUC and PR-AUC are undefined: evaluation needs both normal and"
                    + " anomalous rows, got " + anomalies + " anomalous of " + scores.length);
        }
        return anomalies;
    }
}
