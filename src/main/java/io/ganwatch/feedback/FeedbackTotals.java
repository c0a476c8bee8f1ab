package io.ganwatch.feedback;

/**
 * One reading of what an instance's feedback join has seen since it started, over every model
 * version: for a caller that wants numbers rather than the {@code /model} section's JSON (the demo
 * waits on them and reports them).
 *
 * @param alertsIndexed alerts read from the alerts topic into the alert index
 * @param joined        verdicts joined to their alert, of any verdict
 * @param unmatched     verdicts on an alert id the index did not hold
 * @param decided       decided alerts (true or false positive) in the precision windows, summed over versions
 * @param truePositives true positives among them
 */
public record FeedbackTotals(long alertsIndexed, long joined, long unmatched, long decided, long truePositives) {
    /** Validates. */
    public FeedbackTotals {
        if (alertsIndexed < 0 || joined < 0 || unmatched < 0 || decided < 0 || truePositives < 0 || truePositives > decided) {
            throw new IllegalArgumentException("feedback totals cannot be negative, nor true positives exceed decided alerts");
        }
    }

    /** Verdicts the join has handled: joined or unmatched. */
    public long handled() {
        return joined + unmatched;
    }

    /** True positives over decided alerts; NaN when there are none. */
    public double precision() {
        return decided == 0 ? Double.NaN : (double) truePositives / decided;
    }
}
