/**
 * ganwatch as a library: score records from your own Java code or Kafka Streams topology.
 *
 * <p>This package is ganwatch's only public API; every other package is internal and may change
 * without notice. Start with {@link io.ganwatch.api.GanwatchScorer}: load a trained bundle from a
 * directory ({@link io.ganwatch.api.GanwatchScorer#fromBundle}) or follow a model topic with hot swap
 * ({@link io.ganwatch.api.GanwatchScorer#followModelTopic}), then call
 * {@link io.ganwatch.api.GanwatchScorer#score} or {@link io.ganwatch.api.GanwatchScorer#scoreAll}.
 * A value the model cannot score raises {@link io.ganwatch.api.RejectedValueException}, whose
 * {@link io.ganwatch.api.RejectedValueException#reason()} is a stable code for routing it to a
 * dead-letter topic.
 *
 * <p>Values are scored by the same decode, validate and encode path, and the same ONNX graph, as
 * ganwatch's own {@code stream} processor and {@code score} command, so the scores agree.
 */
package io.ganwatch.api;
