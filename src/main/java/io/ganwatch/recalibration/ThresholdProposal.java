package io.ganwatch.recalibration;

/**
 * A proposed threshold and what to expect at it, over the period the alerts cover.
 *
 * @param threshold             the proposed threshold (scores at or above it alert)
 * @param target                what it was chosen for
 * @param expectedPrecision     expected precision at it: measured from the verdicts on alerts scoring at or above
 *                              it, or, below the current threshold ({@code extrapolated}), a lower bound; NaN when
 *                              no verdict lies above it
 * @param expectedAlerts        alerts the period would have had at it
 * @param expectedAlertsPerHour the same per hour of the period; NaN when the alerts span under a minute
 * @param normalShare           share of the bundle's calibration scores (normal records) at or above it: the
 *                              false-positive rate on normal traffic
 * @param extrapolated          whether it lies below the current threshold, where nothing alerted, so that the
 *                              estimates come from the calibration scores rather than from verdicts
 * @param verdictsAbove         decided verdicts the precision rests on (on alerts scoring at or above it; all of
 *                              them when extrapolated)
 * @param currentThreshold      the threshold the alerts were emitted at (the highest, across versions)
 * @param currentPrecision      precision over every decided verdict at the current threshold
 * @param currentAlertsPerHour  alerts per hour at the current threshold; NaN when the span is under a minute
 * @param alerts                alerts used (scoring at or above the current threshold)
 * @param decided               decided verdicts on them (true or false positive)
 * @param spanHours             hours between the first and the last alert used
 */
public record ThresholdProposal(double threshold, RecalibrationTarget target, double expectedPrecision, double expectedAlerts,
                                double expectedAlertsPerHour, double normalShare, boolean extrapolated, int verdictsAbove,
                                double currentThreshold, double currentPrecision, double currentAlertsPerHour, int alerts,
                                int decided, double spanHours) {
    /** Whether the proposal is the current threshold, so that publishing it would change nothing. */
    public boolean unchanged() {
        return threshold == currentThreshold;
    }
}
