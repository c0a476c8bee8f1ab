package io.ganwatch.augment.service;

import io.ganwatch.augment.AugmentResult;
import io.ganwatch.avro.AugmentationStatus;

import java.util.List;
import java.util.Objects;

/**
 * What handling one request came to, before anything is sent: the status and counts for the
 * result, and for a topic destination the encoded synthetic records, which the service then writes
 * in one transaction with the result.
 *
 * @param requestId    the request's id (or a stand-in for a request without a readable id)
 * @param status       OK, REJECTED or FAILED
 * @param reason       why not OK, or {@code null}
 * @param sourceRows   real rows read, or {@code null} when the source was not read
 * @param minorityRows minority rows among them, or {@code null} when not counted
 * @param result       the job's result when it ran to the end, else {@code null}
 * @param destination  where records went when OK and records were written, else {@code null}
 * @param records      message values for a topic destination (empty otherwise)
 * @param syntheticRows records written (or to be written, for a topic, in the transaction)
 */
public record Outcome(String requestId, AugmentationStatus status, String reason, Long sourceRows, Long minorityRows,
                      AugmentResult result, Destination destination, List<byte[]> records, long syntheticRows) {
    /** Validates the combination. */
    public Outcome {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(status, "status");
        records = List.copyOf(records);
        if ((status == AugmentationStatus.OK) != (reason == null)) {
            throw new IllegalArgumentException("a reason goes with REJECTED and FAILED, and only with them");
        }
    }

    /** A request the service will not serve as posed. */
    public static Outcome rejected(String requestId, String reason, Long sourceRows, Long minorityRows) {
        return new Outcome(requestId, AugmentationStatus.REJECTED, reason, sourceRows, minorityRows, null, null, List.of(), 0);
    }

    /** A request whose handling broke; nothing was written. */
    public static Outcome failed(String requestId, String reason, Long sourceRows, Long minorityRows) {
        return new Outcome(requestId, AugmentationStatus.FAILED, reason, sourceRows, minorityRows, null, null, List.of(), 0);
    }

    /** A served request. */
    public static Outcome ok(String requestId, long sourceRows, long minorityRows, AugmentResult result,
                             Destination destination, List<byte[]> records) {
        long written = destination == null ? 0 : result.synthetic().size();
        return new Outcome(requestId, AugmentationStatus.OK, null, sourceRows, minorityRows, result, destination, records, written);
    }

    /** The destination topic when records go to one, else {@code null}. */
    public String destinationTopic() {
        return destination instanceof Destination.ToTopic t ? t.topic() : null;
    }
}
