package io.ganwatch.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/** Decodes one JSON object per message. */
final class JsonRecordDecoder implements RecordDecoder {
    private static final ObjectMapper JSON = new ObjectMapper();

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
        };
    }
}
