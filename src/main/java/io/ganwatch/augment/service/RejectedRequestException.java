package io.ganwatch.augment.service;

/**
 * A request the service will not serve as posed: over a limit, naming an unknown column, value,
 * method or destination, or a source it cannot read. The message becomes the REJECTED result's
 * reason, so it must say what is wrong and what to change.
 */
public class RejectedRequestException extends RuntimeException {
    /** @param reason what is wrong and what to do, one line */
    public RejectedRequestException(String reason) {
        super(reason);
    }

    /** Same, keeping the underlying problem for the log. */
    public RejectedRequestException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
