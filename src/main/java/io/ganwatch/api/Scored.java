package io.ganwatch.api;

import java.util.Objects;

/**
 * A value and its verdict, as {@link GanwatchProcessors#scoring} forwards them: the original value
 * travels on, so that a later step can write it to an alerts topic, enrich it, or drop it.
 *
 * @param value  the input value, unchanged
 * @param result its score
 * @param <V>    the value type
 */
public record Scored<V>(V value, ScoreResult result) {
    /** Validates that the result is there. */
    public Scored {
        Objects.requireNonNull(result, "result");
    }
}
