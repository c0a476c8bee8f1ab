package io.ganwatch.augment.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ganwatch.input.Table;
import io.ganwatch.registry.ConfluentFraming;
import io.ganwatch.registry.SchemaRegistryClient;
import io.ganwatch.streams.WireFormat;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Synthetic rows as message values for a destination topic: in the source's own Avro schema
 * (single-object encoding) when the source is Avro, so that the consumers of the real records read
 * them unchanged; one JSON object per row otherwise. A source topic in the schema-registry wire
 * format gets synthetic records in that format too, their schema (the source's) registered under
 * {@code <destination topic>-value}. The schema stays the source's, so the marking travels in headers
 * ({@link #SYNTHETIC_HEADER}, {@link #REQUEST_ID_HEADER}).
 */
public final class SyntheticRecords {
    /** Header on every synthetic record, value {@code true}. */
    public static final String SYNTHETIC_HEADER = "ganwatch.synthetic";
    /** Header naming the request that made the record. */
    public static final String REQUEST_ID_HEADER = "ganwatch.request.id";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SyntheticRecords() {
    }

    /**
     * Encodes every synthetic row.
     *
     * @param source    the real rows (their schema, when Avro, is the output schema)
     * @param synthetic the rows the job made, with the source's columns
     * @throws IllegalStateException when a value does not fit the source schema
     */
    public static List<byte[]> encode(SourceData source, Table synthetic) {
        if (source.topicFormat() == WireFormat.CONFLUENT_AVRO) {
            throw new IllegalStateException("a schema-registry source needs the destination topic and the registry; this is a ganwatch bug");
        }
        List<byte[]> out = new ArrayList<>(synthetic.size());
        Schema schema = source.schema();
        BinaryMessageEncoder<GenericRecord> avro = schema == null ? null : new BinaryMessageEncoder<>(GenericData.get(), schema);
        for (Table.Row row : synthetic.rows()) {
            out.add(avro == null ? json(synthetic.columns(), row.values()) : avro(avro, schema, synthetic.columns(), row));
        }
        return out;
    }

    /**
     * Encodes every synthetic row for {@code topic}: as {@link #encode(SourceData, Table)} does, except
     * for a source in the schema-registry wire format, whose rows are framed with the id of the
     * source's schema under {@code <topic>-value}.
     *
     * @throws io.ganwatch.registry.SchemaRegistryException when the registry cannot register the schema
     */
    public static List<byte[]> encode(SourceData source, Table synthetic, String topic, SchemaRegistryClient registry) {
        if (source.topicFormat() != WireFormat.CONFLUENT_AVRO) {
            return encode(source, synthetic);
        }
        Schema schema = source.schema();
        int id = registry.register(topic + "-value", schema);
        GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(schema);
        List<byte[]> out = new ArrayList<>(synthetic.size());
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        BinaryEncoder encoder = null;
        for (Table.Row row : synthetic.rows()) {
            buffer.reset();
            buffer.write(ConfluentFraming.MAGIC);
            buffer.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(id).array());
            encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
            try {
                writer.write(AvroRows.record(schema, synthetic.columns(), row.values(), row.line()), encoder);
                encoder.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot encode a synthetic record with schema " + schema.getFullName(), e);
            }
            out.add(buffer.toByteArray());
        }
        return out;
    }

    private static byte[] avro(BinaryMessageEncoder<GenericRecord> encoder, Schema schema, List<String> columns, Table.Row row) {
        try {
            ByteBuffer b = encoder.encode(AvroRows.record(schema, columns, row.values(), row.line()));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a synthetic record with schema " + schema.getFullName(), e);
        }
    }

    private static byte[] json(List<String> columns, Object[] values) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            m.put(columns.get(i), values[i]);
        }
        try {
            return JSON.writeValueAsBytes(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a synthetic record as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
