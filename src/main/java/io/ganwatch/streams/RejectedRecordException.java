package io.ganwatch.streams;

/**
 * Thrown by the scoring processor for a record it cannot score; Kafka Streams hands it to
 * {@link DeadLetterHandler}, which routes the record to the dead-letter topic and goes on.
 */
public class RejectedRecordException extends RuntimeException {
    private final RejectReason reason;

    /** With the reason and a message naming the field and the problem. */
    public RejectedRecordException(RejectReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Same without a cause. */
    public RejectedRecordException(RejectReason reason, String message) {
        this(reason, message, null);
    }

    /** Why the record was rejected. */
    public RejectReason reason() {
        return reason;
    }
}
