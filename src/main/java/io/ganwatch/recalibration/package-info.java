/**
 * A threshold from analyst feedback: {@link io.ganwatch.recalibration.ThresholdProposer} proposes one
 * from judged alerts and the bundle's calibration scores, for a target precision or an alert budget;
 * {@link io.ganwatch.recalibration.Recalibrator} turns a proposal into a new bundle version with the
 * same graph. Neither knows Kafka: the {@code recalibrate} command reads the alerts and verdicts
 * ({@link io.ganwatch.streams.JudgedAlerts}) and publishes the result.
 */
package io.ganwatch.recalibration;
