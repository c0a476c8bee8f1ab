package io.ganwatch.streams;

/**
 * An input record after decoding, whatever its wire format: field lookup by name, and the record
 * as JSON for alerts (so that alert consumers need no other schema).
 */
public interface DecodedRecord {
    /** Whether the record has this field at all (a present field may still hold null). */
    boolean has(String field);

    /** The field's value: String, Number, Boolean, or null; nested values as they come. */
    Object get(String field);

    /** The whole record as a JSON object. */
    String toJson();

    /**
     * The record's field names, in the record's own order (a JSON object's key order, an Avro writer
     * schema's field order): what {@code train --input-topic} takes as columns.
     */
    java.util.List<String> fields();
}
