/**
 * Drift watch: a profile of a model's training data ({@link io.ganwatch.drift.TrainingProfile}), a
 * bounded window of recent encoded records ({@link io.ganwatch.drift.DriftWindow}) and what it
 * measures against the profile ({@link io.ganwatch.drift.DriftReport}). Numerical code only: it knows
 * nothing of Kafka, so the stream processor, a test or a batch job can all use it.
 */
package io.ganwatch.drift;
