package io.ganwatch.streams;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/** Decodes one JSON object per message. */
final class JsonRecordDecoder implements RecordDecoder {
    // Trailing tokens fail: by default the first value is read and the rest ignored, so a message holding
    // two objects was scored as the first and the second silently dropped.
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Override
    public DecodedRecord decode(byte[] value) {
        JsonNode node;
        try {
            node = value == null ? null : JSON.readTree(value);
        } catch (IOException e) {
            throw new RejectedRecordException(RejectReason.UNDECODABLE, "not valid JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
        if (node == null || !node.isObject()) {
            throw new RejectedRecordException(RejectReason.UNDECODABLE, "a message must be one JSON object");
        }
        JsonNode object = node;
        return new DecodedRecord() {
            @Override
            public boolean has(String field) {
                return object.has(field);
            }

            @Override
            public Object get(String field) {
                JsonNode v = object.get(field);
                if (v == null || v.isNull()) {
                    return null;
                }
                if (v.isNumber()) {
                    return v.doubleValue();
                }
                if (v.isTextual()) {
                    return v.textValue();
                }
                if (v.isBoolean()) {
                    return v.booleanValue();
                }
                return v; // object or array: the extractor refuses it
            }

            @Override
            public String toJson() {
                return object.toString();
            }

            @Override
            public java.util.List<String> fields() {
                java.util.List<String> names = new java.util.ArrayList<>(object.size());
                object.fieldNames().forEachRemaining(names::add);
                return names;
            }
        };
    }
}
