package io.ganwatch.registry;

/** A schema-registry call that did not give an answer; {@link #kind()} says whose problem it is. */
public final class SchemaRegistryException extends RuntimeException {
    /** What went wrong. */
    public enum Kind {
        /** The registry answered 404 for a schema id: the message names a schema it does not hold (bad input). */
        UNKNOWN_SCHEMA,
        /** Unreachable, timed out, or 5xx/429 after every retry: an outage, to wait out. */
        UNAVAILABLE,
        /** Any other 4xx (credentials, an incompatible or invalid schema): a configuration problem, not bad input. */
        REFUSED
    }

    private final Kind kind;

    /** With its kind and a message saying what to do. */
    public SchemaRegistryException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** Whose problem it is. */
    public Kind kind() {
        return kind;
    }
}
