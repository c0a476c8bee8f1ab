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
}
