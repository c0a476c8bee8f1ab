package io.ganwatch.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The alert threshold and how it was obtained.
 *
 * @param value       scores at or above this are anomalies
 * @param targetFpr   false-positive rate aimed for on normal data
 * @param observedFpr share of calibration rows at or above {@code value}
 * @param rows        calibration rows used
 */
public record Threshold(
        @JsonProperty("value") double value,
        @JsonProperty("target_fpr") double targetFpr,
        @JsonProperty("observed_fpr") double observedFpr,
        @JsonProperty("rows") int rows) {

    /** Rejects a threshold that would flag nothing or everything by construction. */
    public Threshold {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("threshold must be finite, was " + value);
        }
        if (!(targetFpr > 0 && targetFpr < 1)) {
            throw new IllegalArgumentException("target false-positive rate must be in (0, 1), was " + targetFpr);
        }
    }
}
