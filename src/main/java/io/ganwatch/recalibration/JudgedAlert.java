package io.ganwatch.recalibration;

import io.ganwatch.avro.Verdict;

/**
 * One alert as recalibration sees it: its score, the threshold it was emitted at, when, and the
 * analysts' last verdict on it.
 *
 * @param alertId     the alert's id
 * @param score       its score
 * @param threshold   the threshold in force when it was emitted (score ≥ threshold)
 * @param timestampMs its timestamp (its input record's), epoch milliseconds
 * @param verdict     the last verdict on it, or {@code null} when nobody judged it
 */
public record JudgedAlert(String alertId, double score, double threshold, long timestampMs, Verdict verdict) {
    /** Validates. */
    public JudgedAlert {
        if (alertId == null || !Double.isFinite(score) || !Double.isFinite(threshold)) {
            throw new IllegalArgumentException("an alert needs an id, a finite score and a finite threshold");
        }
    }

    /** Whether it was judged true or false positive ({@code unsure} and no verdict are not decided). */
    public boolean decided() {
        return verdict == Verdict.TRUE_POSITIVE || verdict == Verdict.FALSE_POSITIVE;
    }

    /** Whether it was judged a true positive. */
    public boolean truePositive() {
        return verdict == Verdict.TRUE_POSITIVE;
    }
}
