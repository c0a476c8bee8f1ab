package io.ganwatch.augment.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ganwatch.input.Table;
import io.ganwatch.registry.ConfluentFraming;
import io.ganwatch.registry.SchemaRegistryClient;
import io.ganwatch.registry.SchemaRegistryException;
import io.ganwatch.streams.SchemaCatalog;
import io.ganwatch.streams.WireFormat;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads a source topic into a table: every partition from its beginning to the end offsets at the
 * time of the request, committed records only, without a consumer group (nothing is committed; the
 * topic is read whole each time). Records marked synthetic by this service are left out, so that
 * augmenting a topic the service also writes to does not learn from its own output.
 *
 * <p>Messages are Avro single-object encoding of one flat record schema the service knows (built
 * in, or a {@code --schema} file), flat JSON objects, or Avro in the schema-registry wire format
 * (byte 0, a 4-byte schema id), whose writer schemas come from the registry: there the first
 * record's schema is the table's, and records of other ids are read into it by Avro's schema
 * resolution (a topic's schema evolves). A topic mixing formats, or single-object schemas, is
 * rejected rather than guessed at.
 */
final class TopicTableReader implements SourceReader.TopicReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Properties consumer;
    private final SchemaCatalog schemas;
    private final Duration timeout;
    private final SchemaRegistryClient registry;

    /** Without a schema registry. */
    TopicTableReader(Properties consumer, SchemaCatalog schemas, Duration timeout) {
        this(consumer, schemas, null, timeout);
    }

    /**
     * @param consumer consumer settings (bootstrap servers, security); group and commit settings are replaced
     * @param schemas  the Avro schemas messages may be written in
     * @param registry the schema registry for topics in its wire format, or {@code null}
     * @param timeout  longest time to read one topic to its end
     */
    TopicTableReader(Properties consumer, SchemaCatalog schemas, SchemaRegistryClient registry, Duration timeout) {
        this.registry = registry;
        this.consumer = new Properties();
        this.consumer.putAll(consumer);
        this.consumer.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        this.consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        this.schemas = schemas;
        this.timeout = timeout;
    }

    @Override
    public SourceData read(SourceRef.TopicRef ref, Limits limits, String what) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumer, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = c.partitionsFor(ref.topic(), timeout);
            if (infos == null || infos.isEmpty()) {
                throw new RejectedRequestException("source topic '" + ref.topic() + "' does not exist; check the name");
            }
            List<TopicPartition> parts = new ArrayList<>();
            infos.forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, timeout);
            Rows rows = new Rows(ref, limits, what);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!caughtUp(c, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading source topic '" + ref.topic() + "' to its end took over "
                            + timeout.toSeconds() + " s; check the cluster, then replay the request");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (!isSynthetic(r) && r.value() != null) {
                        rows.add(r);
                    }
                }
            }
            return rows.build();
        }
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSynthetic(ConsumerRecord<?, ?> r) {
        Header h = r.headers().lastHeader(SyntheticRecords.SYNTHETIC_HEADER);
        return h != null && "true".equals(new String(h.value(), StandardCharsets.UTF_8));
    }

    /** The rows read so far, in whichever format the first message had; refused as soon as they pass a limit. */
    final class Rows {
        private final SourceRef.TopicRef ref;
        private final long maxRows;
        private final int maxColumns;
        private final long maxBytes;
        private long bytes;
        private final String what;
        private final String name;
        private WireFormat format;
        private Schema schema;
        private long fingerprint;
        private BinaryMessageDecoder<GenericRecord> decoder;
        private final Map<Integer, GenericDatumReader<GenericRecord>> byId = new HashMap<>();
        private final List<Object[]> avroRows = new ArrayList<>();
        private final Map<String, Integer> jsonColumns = new LinkedHashMap<>();
        private final List<Map<String, Object>> jsonRows = new ArrayList<>();

        Rows(SourceRef.TopicRef ref, Limits limits, String what) {
            this.ref = ref;
            this.maxRows = limits.maxRows();
            this.maxColumns = limits.maxColumns();
            this.maxBytes = limits.maxSourceBytes();
            this.what = what;
            this.name = "topic:" + ref.topic();
        }

        void add(ConsumerRecord<byte[], byte[]> r) {
            if (avroRows.size() + jsonRows.size() >= maxRows) {
                throw SourceReader.overLimit(what, ref, "more than " + maxRows, maxRows);
            }
            byte[] v = r.value();
            bytes += v.length;
            if (bytes > maxBytes) {
                throw SourceReader.overByteLimit(what, ref, "more than " + maxBytes, maxBytes);
            }
            boolean avro = v.length >= 10 && v[0] == (byte) 0xC3 && v[1] == (byte) 0x01;
            // JSON text never starts with a zero byte, so the registry's magic byte tells the formats apart
            WireFormat seen = avro ? WireFormat.AVRO : ConfluentFraming.hasHeader(v) ? WireFormat.CONFLUENT_AVRO : WireFormat.JSON;
            if (ref.format() != null && ref.format() != seen || format != null && format != seen) {
                throw new RejectedRequestException(where(r) + " is " + seen.code() + " but " + (ref.format() != null
                        ? "the request says the topic is " + ref.format().code() : "earlier records are " + format.code())
                        + "; augment a topic of one wire format");
            }
            format = seen;
            if (avro) {
                addAvro(r);
            } else if (seen == WireFormat.CONFLUENT_AVRO) {
                addConfluent(r);
            } else {
                addJson(r);
            }
        }

        private void addAvro(ConsumerRecord<byte[], byte[]> r) {
            long fp = ByteBuffer.wrap(r.value(), 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (schema == null) {
                Schema s = schemas.find(fp);
                if (s == null) {
                    throw new RejectedRequestException(String.format("%s has Avro schema fingerprint %016x, which this service"
                            + " does not know; restart it with --schema FILE.avsc for that record type", where(r), fp));
                }
                AvroRows.requireFlat(s, name);
                if (s.getFields().size() > maxColumns) {
                    throw new RejectedRequestException(where(r) + " is a " + s.getFullName() + " of " + s.getFields().size()
                            + " fields, over this service's limit of " + maxColumns + " columns; ask the operator to raise --max-columns");
                }
                schema = s;
                fingerprint = fp;
                decoder = new BinaryMessageDecoder<>(GenericData.get(), s);
            } else if (fp != fingerprint) {
                throw new RejectedRequestException(String.format("%s has schema fingerprint %016x but earlier records have %016x"
                        + " (%s); augment a topic of one record type", where(r), fp, fingerprint, schema.getFullName()));
            }
            try {
                avroRows.add(AvroRows.row(decoder.decode(r.value())));
            } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
                throw new RejectedRequestException(where(r) + " cannot be read with schema " + schema.getFullName()
                        + " (" + e.getMessage() + "); remove or fix the record", e);
            }
        }

        private void addConfluent(ConsumerRecord<byte[], byte[]> r) {
            if (registry == null) {
                throw new RejectedRequestException(where(r) + " is in the schema-registry wire format, but this service has no"
                        + " schema registry; restart it with --set schema.registry.url=http://REGISTRY:8081");
            }
            int id = ConfluentFraming.schemaId(r.value());
            GenericDatumReader<GenericRecord> reader = byId.get(id);
            if (reader == null) {
                Schema writer;
                try {
                    writer = registry.schemaById(id);
                } catch (SchemaRegistryException e) {
                    if (e.kind() == SchemaRegistryException.Kind.UNKNOWN_SCHEMA) {
                        throw new RejectedRequestException(where(r) + ": " + e.getMessage(), e);
                    }
                    throw e; // an outage or a refusal: the request fails, and a replay tries again
                }
                if (schema == null) {
                    AvroRows.requireFlat(writer, name);
                    schema = writer;
                }
                reader = new GenericDatumReader<>(writer, schema);
                byId.put(id, reader);
            }
            try {
                avroRows.add(AvroRows.row(reader.read(null, DecoderFactory.get().binaryDecoder(r.value(), ConfluentFraming.HEADER,
                        r.value().length - ConfluentFraming.HEADER, null))));
            } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
                throw new RejectedRequestException(where(r) + " (schema id " + id + ") cannot be read as " + schema.getFullName()
                        + " (" + e.getMessage() + "); remove or fix the record", e);
            }
        }

        private void addJson(ConsumerRecord<byte[], byte[]> r) {
            JsonNode n;
            try {
                n = JSON.readTree(r.value());
            } catch (IOException e) {
                throw new RejectedRequestException(where(r) + " is neither Avro single-object encoding nor JSON;"
                        + " augment a topic of Avro or JSON records", e);
            }
            if (n == null || !n.isObject()) {
                throw new RejectedRequestException(where(r) + " is not a JSON object; augment a topic of flat JSON objects");
            }
            Map<String, Object> row = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> {
                JsonNode v = e.getValue();
                if (v.isContainerNode()) {
                    throw new RejectedRequestException(where(r) + ": field '" + e.getKey() + "' is nested; only flat records"
                            + " of numbers, text and booleans can be augmented");
                }
                if (!jsonColumns.containsKey(e.getKey())) {
                    if (jsonColumns.size() >= maxColumns) {
                        throw new RejectedRequestException(where(r) + " brings field '" + e.getKey() + "', one more than this service's"
                                + " limit of " + maxColumns + " distinct fields per source topic; give the records fewer, fixed fields,"
                                + " or ask the operator to raise --max-columns");
                    }
                    jsonColumns.put(e.getKey(), jsonColumns.size());
                }
                row.put(e.getKey(), v.isNull() ? null : v.isNumber() ? (Object) v.doubleValue() : v.asText());
            });
            jsonRows.add(row);
        }

        private String where(ConsumerRecord<?, ?> r) {
            return "record at " + r.topic() + "/" + r.partition() + "@" + r.offset();
        }

        SourceData build() {
            if (format == WireFormat.AVRO || format == WireFormat.CONFLUENT_AVRO) {
                List<Table.Row> out = new ArrayList<>(avroRows.size());
                for (int i = 0; i < avroRows.size(); i++) {
                    out.add(new Table.Row(i + 1, avroRows.get(i)));
                }
                return new SourceData(new Table(name, schema.getFields().stream().map(Schema.Field::name).toList(), out), schema,
                        format);
            }
            List<String> columns = new ArrayList<>(jsonColumns.keySet());
            List<Table.Row> out = new ArrayList<>(jsonRows.size());
            for (int i = 0; i < jsonRows.size(); i++) {
                Object[] values = new Object[columns.size()];
                Map<String, Object> row = jsonRows.get(i);
                for (int c = 0; c < values.length; c++) {
                    values[c] = row.get(columns.get(c)); // a field some records lack is missing there
                }
                out.add(new Table.Row(i + 1, values));
            }
            return new SourceData(new Table(name, columns, out), null, WireFormat.JSON);
        }
    }
}
