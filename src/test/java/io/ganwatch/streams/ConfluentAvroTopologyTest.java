package io.ganwatch.streams;

import io.ganwatch.avro.AnomalyAlert;
import io.ganwatch.avro.ScoredRecord;
import io.ganwatch.detector.Detector;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.registry.ConfluentFraming;
import io.ganwatch.registry.SchemaRegistryClient;
import io.ganwatch.registry.SchemaRegistrySettings;
import io.ganwatch.registry.StandInRegistry;
import io.ganwatch.scoring.Device;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The topology in the schema-registry wire format, on Kafka Streams' test driver and the stand-in
 * registry, with a real small model: decoding by schema id, dead letters for bad input, outputs
 * registered under {@code <topic>-value}, and an outage failing the task instead of dead-lettering.
 */
class ConfluentAvroTopologyTest {
    private static final Schema CONN = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Conn\",\"namespace\":\"test\","
            + "\"fields\":[{\"name\":\"bytes\",\"type\":\"double\"},{\"name\":\"duration\",\"type\":\"double\"},"
            + "{\"name\":\"protocol\",\"type\":\"string\"}]}");

    static Detector detector;
    StandInRegistry registry;
    SchemaRegistryClient client;

    @BeforeAll
    static void trainModel() {
        ModelBundle bundle = ConnModels.train("conn", 5);
        detector = new Detector(bundle, Device.CPU, bundle.metadata().threshold().value());
    }

    @AfterAll
    static void closeModel() {
        detector.close();
    }

    @BeforeEach
    void startRegistry() throws Exception {
        registry = new StandInRegistry();
        client = new SchemaRegistryClient(SchemaRegistrySettings.from(Map.of(SchemaRegistrySettings.URL, registry.url()))
                .withRetries(Duration.ofSeconds(2), 2, Duration.ofMillis(10)));
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    private record Run(TopologyTestDriver driver, TestInputTopic<byte[], byte[]> in, TestOutputTopic<byte[], byte[]> alerts,
                       TestOutputTopic<byte[], byte[]> scores, TestOutputTopic<byte[], byte[]> dlq,
                       ScoringTopologyTest.Counting metrics) {
    }

    private Run start(int batch) {
        StreamSettings s = new StreamSettings("in", "alerts", "scores", "dlq", WireFormat.CONFLUENT_AVRO, 3, batch, 20);
        ScoringTopologyTest.Counting metrics = new ScoringTopologyTest.Counting();
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "dlq");
        p.put(DeadLetterHandler.METRICS_CONFIG, metrics);
        TopologyTestDriver d = new TopologyTestDriver(ScoringTopology.build(s, new ModelHolder(
                new Detector(detector.bundle(), Device.CPU, detector.threshold())), metrics, SchemaCatalog.of(List.of()), client,
                ScoringEngine.ONNX), p);
        ByteArraySerializer ser = new ByteArraySerializer();
        ByteArrayDeserializer de = new ByteArrayDeserializer();
        return new Run(d, d.createInputTopic("in", ser, ser), d.createOutputTopic("alerts", de, de),
                d.createOutputTopic("scores", de, de), d.createOutputTopic("dlq", de, de), metrics);
    }

    /** A record as a schema-registry producer writes it: byte 0, the id, the Avro binary datum. */
    static byte[] confluent(int id, Schema schema, double bytes, double duration, String protocol) throws Exception {
        GenericRecord g = new GenericData.Record(schema);
        g.put("bytes", bytes);
        g.put("duration", duration);
        g.put("protocol", protocol);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(new byte[]{(byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
        BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(g, e);
        e.flush();
        return out.toByteArray();
    }

    private static byte[] key(String k) {
        return k.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private <T> T read(byte[] message, Class<T> type) throws Exception {
        int id = ConfluentFraming.schemaId(message);
        Schema writer = registry.schema(id);
        assertThat(writer).as("schema id %d is in the registry", id).isNotNull();
        SpecificDatumReader<T> reader = new SpecificDatumReader<>(writer, (Schema) type.getMethod("getClassSchema").invoke(null));
        return reader.read(null, DecoderFactory.get().binaryDecoder(message, 5, message.length - 5, null));
    }

    @Test
    void recordsAreDecodedByIdAndOutputsWrittenInTheWireFormatUnderTheirTopicsSubject() throws Exception {
        int id = registry.register("in-value", CONN);
        Run run = start(4);
        try (TopologyTestDriver ignored = run.driver()) {
            for (int i = 0; i < 20; i++) {
                run.in().pipeInput(key("k" + i), confluent(id, CONN, 1000, 1.0, "tcp"));
            }
            run.in().pipeInput(key("evil"), confluent(id, CONN, 5e7, 0.01, "icmp"));
            run.driver().advanceWallClockTime(Duration.ofMillis(50)); // the last, unfilled batch flushes on its wait limit

            List<byte[]> scores = run.scores().readValuesToList();
            assertThat(scores).hasSize(21);
            assertThat(registry.versions("scores-value")).hasSize(1);
            int scoreId = registry.versions("scores-value").get(0);
            assertThat(registry.schema(scoreId)).isEqualTo(ScoredRecord.getClassSchema());
            assertThat(scores).allSatisfy(v -> assertThat(ConfluentFraming.schemaId(v)).isEqualTo(scoreId));
            ScoredRecord last = read(scores.get(20), ScoredRecord.class);
            assertThat(last.getSourceOffset()).isEqualTo(20);
            assertThat(last.getIsAnomaly()).isTrue();

            List<TestRecord<byte[], byte[]>> alerts = run.alerts().readRecordsToList();
            assertThat(alerts).isNotEmpty();
            int alertId = registry.versions("alerts-value").get(0);
            assertThat(registry.schema(alertId)).isEqualTo(AnomalyAlert.getClassSchema());
            AnomalyAlert alert = read(alerts.get(alerts.size() - 1).value(), AnomalyAlert.class);
            assertThat(alert.getAlertId()).isEqualTo("in-0-20");
            assertThat(alert.getRecordJson()).contains("\"protocol\": \"icmp\"");
            assertThat(alert.getTopFeatures()).hasSize(3);

            // one fetch of the input schema and one registration per output topic, for 21 records
            assertThat(registry.requests()).containsExactlyInAnyOrder("GET /schemas/ids/" + id,
                    "POST /subjects/scores-value/versions", "POST /subjects/alerts-value/versions");
            assertThat(run.dlq().readRecordsToList()).isEmpty();
        }
    }

    @Test
    void anUnknownIdABadMagicByteAndTruncatedBytesAreDeadLetteredAndTheStreamGoesOn() throws Exception {
        int id = registry.register("in-value", CONN);
        Run run = start(1);
        try (TopologyTestDriver ignored = run.driver()) {
            byte[] good = confluent(id, CONN, 1000, 1.0, "tcp");
            run.in().pipeInput(key("unknown"), confluent(id + 40, CONN, 1000, 1.0, "tcp"));
            byte[] magic = good.clone();
            magic[0] = 1;
            run.in().pipeInput(key("magic"), magic);
            run.in().pipeInput(key("truncated"), Arrays.copyOf(good, good.length - 3));
            run.in().pipeInput(key("short"), new byte[]{0, 0, 1});
            run.in().pipeInput(key("good"), good);

            List<TestRecord<byte[], byte[]>> dead = run.dlq().readRecordsToList();
            assertThat(dead).extracting(r -> header(r, DeadLetterHandler.REASON_HEADER))
                    .containsExactly("unknown-schema", "undecodable", "undecodable", "undecodable");
            assertThat(dead.get(0).value()).isEqualTo(confluent(id + 40, CONN, 1000, 1.0, "tcp")); // the input's own bytes
            assertThat(header(dead.get(0), "__streams.errors.message")).contains("schema id " + (id + 40));
            assertThat(run.scores().readValuesToList()).hasSize(1);
            assertThat(run.metrics().dead).containsOnlyKeys(RejectReason.UNKNOWN_SCHEMA, RejectReason.UNDECODABLE);
        }
    }

    @Test
    void aRegistryOutageOnTheInputSchemaFailsTheTaskAndDeadLettersNothing() throws Exception {
        int id = registry.register("in-value", CONN);
        Run run = start(1);
        try (TopologyTestDriver ignored = run.driver()) {
            registry.unavailable(true);
            assertThatThrownBy(() -> run.in().pipeInput(key("a"), confluent(id, CONN, 1000, 1.0, "tcp")))
                    .isInstanceOf(StreamsException.class)
                    .satisfies(e -> assertThat(ServiceOutageException.isOutage(e)).isTrue());
            assertThat(run.dlq().readRecordsToList()).isEmpty();
            assertThat(run.scores().readValuesToList()).isEmpty();
            assertThat(run.metrics().dead).isEmpty();
            assertThat(client.problem()).hasValueSatisfying(p -> assertThat(p.state()).isEqualTo("unreachable"));
        }
    }

    @Test
    void aRegistryOutageOnAnOutputRegistrationFailsTheTaskAndDeadLettersNothing() throws Exception {
        int id = registry.register("in-value", CONN);
        client.schemaById(id); // the input schema is cached: only the output's registration meets the outage
        Run run = start(1);
        try (TopologyTestDriver ignored = run.driver()) {
            registry.unavailable(true);
            assertThatThrownBy(() -> run.in().pipeInput(key("a"), confluent(id, CONN, 1000, 1.0, "tcp")))
                    .isInstanceOf(StreamsException.class)
                    .satisfies(e -> assertThat(ServiceOutageException.isOutage(e)).isTrue());
            assertThat(registry.requests()).contains("POST /subjects/scores-value/versions");
            assertThat(run.dlq().readRecordsToList()).isEmpty();
            assertThat(run.metrics().dead).isEmpty();
        }
    }
}
