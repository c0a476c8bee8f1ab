package io.ganwatch.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Map;

/**
 * A {@code Map} of field name to value seen through {@link DecodedRecord}: the form a library user or
 * the Connect transform (a schemaless value, or a {@code Struct} it flattened) hands over.
 */
final class MapDecodedRecord implements DecodedRecord {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, ?> fields;

    MapDecodedRecord(Map<String, ?> fields) {
        this.fields = fields;
    }

    @Override
    public boolean has(String field) {
        return fields.containsKey(field);
    }

    @Override
    public Object get(String field) {
        Object v = fields.get(field);
        // Avro's Utf8 and other CharSequences are text to the encoder, as AvroDecodedRecord treats them.
        return v instanceof CharSequence && !(v instanceof String) ? v.toString() : v;
    }

    @Override
    public java.util.List<String> fields() {
        return java.util.List.copyOf(fields.keySet());
    }

    @Override
    public String toJson() {
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            return String.valueOf(fields); // only for alerts' copy of the record; never fails the scoring
        }
    }
}
