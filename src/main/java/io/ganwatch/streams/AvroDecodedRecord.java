package io.ganwatch.streams;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** A generic record seen through {@link DecodedRecord}, whichever Avro framing it came in. */
final class AvroDecodedRecord implements DecodedRecord {
    private final GenericRecord record;

    AvroDecodedRecord(GenericRecord record) {
        this.record = record;
    }

    /** The record's (writer) schema. */
    org.apache.avro.Schema schema() {
        return record.getSchema();
    }

    /** The value at field position {@code pos} of {@link #schema()}, converted as {@link #get} converts it. */
    Object getAt(int pos) {
        return plain(record.get(pos));
    }

    @Override
    public boolean has(String field) {
        return record.getSchema().getField(field) != null;
    }

    @Override
    public Object get(String field) {
        return plain(record.get(field));
    }

    // Avro strings arrive as Utf8 and enums as symbols; the encoder wants plain text.
    private static Object plain(Object v) {
        return v instanceof CharSequence || v instanceof GenericData.EnumSymbol ? v.toString() : v;
    }

    @Override
    public java.util.List<String> fields() {
        return record.getSchema().getFields().stream().map(org.apache.avro.Schema.Field::name).toList();
    }

    @Override
    public String toJson() {
        return GenericData.get().toString(record);
    }
}
