package io.ganwatch.kafka;

/**
 * The local broker could not be started, used or stopped.
 *
 * <p>A separate type so that the CLI can print the message (which says what to do, and carries the
 * tail of the broker's log where there is one) without a stack trace, and so that callers can tell
 * broker trouble from ganwatch's own errors.
 */
public class LocalKafkaException extends RuntimeException {
    /** @param message what went wrong and what the user can do about it */
    public LocalKafkaException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong and what the user can do about it
     * @param cause   the underlying failure, kept for --verbose
     */
    public LocalKafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
