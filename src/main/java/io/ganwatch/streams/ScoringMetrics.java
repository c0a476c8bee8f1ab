package io.ganwatch.streams;

/** What the processor counts; the operations endpoint exposes an implementation backed by Micrometer. */
public interface ScoringMetrics {
    /** Counts nothing. */
    ScoringMetrics NONE = new ScoringMetrics() {
    };

    /** One record scored, taking {@code nanos} from decode to result. */
    default void scored(long nanos) {
    }

    /** One alert written. */
    default void alert() {
    }

    /** One record sent to the dead-letter topic. */
    default void deadLetter(RejectReason reason) {
    }

    /** One scoring attempt failed in the engine (ONNX Runtime, CUDA) and is being retried. */
    default void engineRetry() {
    }

    /** The engine kept failing on one record: its task is failed so that Kafka Streams restarts it. */
    default void engineFailure() {
    }
}
