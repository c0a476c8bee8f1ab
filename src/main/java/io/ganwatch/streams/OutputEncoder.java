package io.ganwatch.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecordBase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serialises output records in the configured wire format: Avro single-object encoding (the schema
 * fingerprint travels in every message), or plain JSON objects with timestamps as epoch millis.
 * Under {@link WireFormat#CONFLUENT_AVRO} it writes single-object encoding too, and the sink's
 * {@link ConfluentOutputSerializer} swaps the header for the registry's, since only the sink knows
 * the topic the schema is registered under.
 */
final class OutputEncoder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireFormat format;
    /**
     * One encoder per output schema: building one computes the schema's fingerprint (canonical form
     * and CRC-64), which cost more than encoding the record when it was done per record.
     */
    private final Map<Schema, BinaryMessageEncoder<SpecificRecordBase>> encoders = new HashMap<>();

    OutputEncoder(WireFormat format) {
        this.format = format;
    }

    byte[] encode(SpecificRecordBase record) {
        if (format == WireFormat.JSON) {
            try {
                return JSON.writeValueAsBytes(plain(record));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write " + record.getSchema().getName() + " as JSON", e);
            }
        }
        try {
            ByteBuffer b = encoders.computeIfAbsent(record.getSchema(),
                    schema -> new BinaryMessageEncoder<>(record.getSpecificData(), schema)).encode(record);
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + record.getSchema().getName(), e);
        }
    }

    /** The record as maps, lists and plain values, in schema field order. */
    private static Object plain(Object v) {
        if (v instanceof SpecificRecordBase r) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Schema.Field f : r.getSchema().getFields()) {
                m.put(f.name(), plain(r.get(f.pos())));
            }
            return m;
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(x -> out.add(plain(x)));
            return out;
        }
        if (v instanceof Instant t) {
            return t.toEpochMilli();
        }
        if (v instanceof CharSequence s) {
            return s.toString();
        }
        return v;
    }
}
