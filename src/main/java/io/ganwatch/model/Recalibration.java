package io.ganwatch.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Why a bundle's threshold is not the one it was trained with: it was recalibrated from analyst
 * feedback ({@code ganwatch recalibrate}), with the same graph, into a new version. Kept in
 * {@code model.json} as {@code recalibration}; absent in trained bundles and in bundles written before
 * it existed, which load as before.
 *
 * @param reason                 one line for people: what was aimed for and on what it rests
 * @param target                 the target, e.g. {@code precision >= 0.9} or {@code <= 12 alerts per hour}
 * @param verdictsUsed           decided verdicts (true or false positive) the proposal rests on
 * @param alertsUsed             alerts read (at or above the threshold they were emitted at)
 * @param previousVersion        the version recalibrated
 * @param previousThreshold      its threshold
 * @param alertedThreshold       the threshold the alerts were emitted at (differs from the previous threshold when
 *                               the stream ran with {@code --target-fpr})
 * @param expectedPrecision      expected precision at the new threshold, or {@code null} when no verdict lies above it
 * @param expectedAlertsPerHour  expected alerts per hour at the new threshold, or {@code null} when the alerts spanned
 *                               too short a time to measure a rate
 * @param extrapolated           whether the new threshold lies below the alerted one (estimates from the calibration
 *                               scores, the precision a lower bound)
 * @param alertsTopic            where the alerts were read
 * @param feedbackTopic          where the verdicts were read
 */
public record Recalibration(
        @JsonProperty("reason") String reason,
        @JsonProperty("target") String target,
        @JsonProperty("verdicts_used") int verdictsUsed,
        @JsonProperty("alerts_used") int alertsUsed,
        @JsonProperty("previous_version") String previousVersion,
        @JsonProperty("previous_threshold") double previousThreshold,
        @JsonProperty("alerted_threshold") double alertedThreshold,
        @JsonProperty("expected_precision") @JsonInclude(JsonInclude.Include.NON_NULL) Double expectedPrecision,
        @JsonProperty("expected_alerts_per_hour") @JsonInclude(JsonInclude.Include.NON_NULL) Double expectedAlertsPerHour,
        @JsonProperty("extrapolated") boolean extrapolated,
        @JsonProperty("alerts_topic") String alertsTopic,
        @JsonProperty("feedback_topic") String feedbackTopic) {
    /** Validates: the fields an audit relies on. */
    public Recalibration {
        if (reason == null || target == null || previousVersion == null) {
            throw new IllegalArgumentException("recalibration lacks reason, target or previous_version");
        }
        if (expectedPrecision != null && !Double.isFinite(expectedPrecision)) {
            expectedPrecision = null; // JSON has no NaN
        }
        if (expectedAlertsPerHour != null && !Double.isFinite(expectedAlertsPerHour)) {
            expectedAlertsPerHour = null;
        }
    }
}
