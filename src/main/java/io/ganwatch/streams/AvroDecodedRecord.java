package io.ganwatch.streams;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** A generic record seen through {@link DecodedRecord}, whichever Avro framing it came in. */
final class AvroDecodedRecord implements DecodedRecord {
    private final GenericRecord record;

    AvroDecodedRecord(GenericRecord record) {
        this.record = record;
    }

    @Override
    public boolean has(String field) {
        return record.getSchema().getField(field) != null;
    }

    @Override
    public Object get(String field) {
        Object v = record.get(field);
        // Avro strings arrive as Utf8 and enums as symbols; the encoder wants plain text.
        return v instanceof CharSequence || v instanceof GenericData.EnumSymbol ? v.toString() : v;
    }

    @Override
    public String toJson() {
        return GenericData.get().toString(record);
    }
}
