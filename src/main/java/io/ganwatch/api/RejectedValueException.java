package io.ganwatch.api;

import java.util.Objects;

/**
 * A value the model cannot score: the value's fault, not ganwatch's. Route it to a dead-letter topic
 * (in Kafka Streams, from your {@code ProcessingExceptionHandler}) and go on; retrying it cannot help.
 *
 * <p>{@link #reason()} is one of the stable codes below, the same codes ganwatch's own stream
 * processor writes in its dead-letter header {@code ganwatch.reason}. The message names the field
 * and says what is wrong.
 */
public class RejectedValueException extends RuntimeException {
    /** The value lacks a field the model reads. */
    public static final String MISSING_FIELD = "missing-field";
    /** A field holds NaN or an infinite number. */
    public static final String NOT_FINITE = "not-finite";
    /** A field holds something the model cannot encode: text in a numeric field, a nested value, a missing value the model rejects. */
    public static final String UNENCODABLE = "unencodable";
    /** The bytes or text are not one JSON object. */
    public static final String UNDECODABLE = "undecodable";
    /** The value is none of the types the scorer accepts (Avro record, Map, JSON bytes or text), or null. */
    public static final String UNSUPPORTED_TYPE = "unsupported-type";

    /** The reason code, one of this class's constants. */
    private final String reason;

    /**
     * A rejection for {@code reason}.
     *
     * @param reason  one of the codes of this class
     * @param message what is wrong, naming the field
     * @param cause   the underlying failure, or {@code null}
     */
    public RejectedValueException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Why the value was rejected.
     *
     * @return one of the codes of this class, e.g. {@code missing-field}
     */
    public String reason() {
        return reason;
    }
}
