package io.ganwatch.streams;

/**
 * A service the processor depends on (the schema registry) could not be reached, after retries.
 * Not bad input: {@link DeadLetterHandler} fails the task instead of dead-lettering the record, and
 * Kafka Streams restarts the task from its last commit, so the record is processed again once the
 * service is back. Deliberately not an {@link IllegalStateException}, which the processor treats as
 * a record whose outputs cannot be built.
 */
public class ServiceOutageException extends RuntimeException {
    /** With a message saying what is down and what to check. */
    public ServiceOutageException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether {@code e} or any of its causes is an outage (Kafka wraps serializer failures in its own exceptions). */
    public static boolean isOutage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ServiceOutageException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
