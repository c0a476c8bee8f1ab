/**
 * Analyst feedback: the spelling of verdicts ({@link io.ganwatch.feedback.Verdicts}) and precision
 * over the last verdicts of one model version ({@link io.ganwatch.feedback.PrecisionWindow}). It knows
 * nothing of Kafka, so the stream processor, the {@code feedback} command and tests share it.
 */
package io.ganwatch.feedback;
