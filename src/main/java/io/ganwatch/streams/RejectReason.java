package io.ganwatch.streams;

import java.util.Locale;

/** Why a record went to the dead-letter topic; written in the {@value DeadLetterHandler#REASON_HEADER} header. */
public enum RejectReason {
    /** The bytes are not a valid message of the configured wire format. */
    UNDECODABLE,
    /** Avro single-object encoding with a schema fingerprint the schema store does not know. */
    UNKNOWN_SCHEMA,
    /** The record lacks a field the model's feature spec reads. */
    MISSING_FIELD,
    /** A NaN or infinite number. */
    NOT_FINITE,
    /** A value the feature spec cannot encode (text in a numeric field, a nested value, a missing value under reject). */
    UNENCODABLE,
    /** A feedback record whose verdict is not true-positive, false-positive or unsure. */
    UNKNOWN_VERDICT,
    /** Anything else that failed while scoring (a bug or a runtime failure, not the record's fault). */
    PROCESSING_ERROR;

    /** Header form, e.g. {@code missing-field}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
