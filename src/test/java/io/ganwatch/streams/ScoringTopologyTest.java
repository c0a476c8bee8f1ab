package io.ganwatch.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ganwatch.avro.AnomalyAlert;
import io.ganwatch.avro.ScoredRecord;
import io.ganwatch.detector.Detector;
import io.ganwatch.detector.DetectorTrainer;
import io.ganwatch.detector.TrainingRequest;
import io.ganwatch.features.MissingPolicy;
import io.ganwatch.input.Table;
import io.ganwatch.scoring.Device;
import io.ganwatch.training.AladConfig;
import io.ganwatch.training.TrainingListener;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The topology on Kafka Streams' test driver, with a real (small) model trained here on generated
 * connections, and a record type that is not one of ganwatch's own schemas.
 */
class ScoringTopologyTest {
    private static final String SCHEMA = "{\"type\":\"record\",\"name\":\"Conn\",\"namespace\":\"test\",\"fields\":["
            + "{\"name\":\"bytes\",\"type\":\"double\"},{\"name\":\"duration\",\"type\":\"double\"},"
            + "{\"name\":\"protocol\",\"type\":\"string\"},{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}]}";

    @TempDir
    static Path dir;
    static Detector detector;
    static Schema schema;
    static SchemaCatalog catalog;

    @BeforeAll
    static void trainModel() throws Exception {
        io.ganwatch.model.ModelBundle bundle = ConnModels.train("conn", 5);
        detector = new Detector(bundle, Device.CPU, bundle.metadata().threshold().value());
        schema = new Schema.Parser().parse(SCHEMA);
        Path avsc = Files.writeString(dir.resolve("conn.avsc"), SCHEMA);
        catalog = SchemaCatalog.of(List.of(avsc));
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    /** Counts what the processor and the handler report. */
    static final class Counting implements ScoringMetrics {
        final AtomicLong scored = new AtomicLong();
        final AtomicLong alerts = new AtomicLong();
        final Map<RejectReason, AtomicLong> dead = new EnumMap<>(RejectReason.class);
        final AtomicLong engineRetries = new AtomicLong();
        final AtomicLong engineFailures = new AtomicLong();

        @Override
        public void engineRetry() {
            engineRetries.incrementAndGet();
        }

        @Override
        public void engineFailure() {
            engineFailures.incrementAndGet();
        }

        @Override
        public void scored(long nanos) {
            scored.incrementAndGet();
        }

        @Override
        public void alert() {
            alerts.incrementAndGet();
        }

        @Override
        public synchronized void deadLetter(RejectReason reason) {
            dead.computeIfAbsent(reason, k -> new AtomicLong()).incrementAndGet();
        }
    }

    private record Run(TopologyTestDriver driver, TestInputTopic<byte[], byte[]> in, TestOutputTopic<byte[], byte[]> alerts,
                       TestOutputTopic<byte[], byte[]> scores, TestOutputTopic<byte[], byte[]> dlq, Counting metrics) {
    }

    private static Run start(WireFormat format) {
        return start(format, 3, ScoringEngine.ONNX);
    }

    private static Run start(WireFormat format, int topK, ScoringEngine engine) {
        return start(format, topK, engine, new ModelHolder(detector));
    }

    private static Run start(WireFormat format, int topK, ScoringEngine engine, ModelHolder models) {
        return start(new StreamSettings("in", "alerts", "scores", "dlq", format, topK, 1, 20), engine, models);
    }

    private static Run start(StreamSettings s, ScoringEngine engine, ModelHolder models) {
        Counting metrics = new Counting();
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "dlq");
        p.put(DeadLetterHandler.METRICS_CONFIG, metrics);
        TopologyTestDriver d = new TopologyTestDriver(ScoringTopology.build(s, models, metrics, catalog, engine), p);
        ByteArraySerializer ser = new ByteArraySerializer();
        ByteArrayDeserializer de = new ByteArrayDeserializer();
        return new Run(d, d.createInputTopic("in", ser, ser), d.createOutputTopic("alerts", de, de),
                d.createOutputTopic("scores", de, de), d.createOutputTopic("dlq", de, de), metrics);
    }

    private static byte[] avro(double bytes, double duration, String protocol) throws Exception {
        GenericRecord g = new GenericData.Record(schema);
        g.put("bytes", bytes);
        g.put("duration", duration);
        g.put("protocol", protocol);
        ByteBuffer b = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(g);
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static byte[] key(String k) {
        return k.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void avroRecordsAreScoredAndTheOutlierRaisesAnAlertNamingTheModelAndFeatures() throws Exception {
        Run run = start(WireFormat.AVRO);
        try (TopologyTestDriver ignored = run.driver()) {
            for (int i = 0; i < 20; i++) {
                run.in().pipeInput(key("k" + i), avro(1000, 1.0, "tcp"));
            }
            run.in().pipeInput(key("evil"), avro(5e7, 0.01, "icmp"));

            List<byte[]> scores = run.scores().readValuesToList();
            assertThat(scores).hasSize(21);
            ScoredRecord last = ScoredRecord.getDecoder().decode(scores.get(20));
            assertThat(last.getSourceOffset()).isEqualTo(20);
            assertThat(last.getIsAnomaly()).isTrue();
            assertThat(last.getModelVersion()).isEqualTo(detector.bundle().metadata().version());
            // Far above every calibration score: the smallest p-value there is, 1 / (n + 1).
            int n = detector.bundle().metadata().calibrationScores().size();
            assertThat(last.getPValue()).isEqualTo(1.0 / (n + 1));
            for (byte[] b : scores) {
                ScoredRecord s = ScoredRecord.getDecoder().decode(b);
                assertThat(s.getPValue()).isEqualTo(detector.pValue(s.getScore()));
            }

            List<TestRecord<byte[], byte[]>> alerts = run.alerts().readRecordsToList();
            assertThat(alerts).isNotEmpty();
            TestRecord<byte[], byte[]> evil = alerts.get(alerts.size() - 1);
            assertThat(new String(evil.key(), StandardCharsets.UTF_8)).isEqualTo("evil");
            AnomalyAlert alert = AnomalyAlert.getDecoder().decode(evil.value());
            assertThat(alert.getAlertId()).isEqualTo("in-0-20");
            assertThat(alert.getScore()).isGreaterThanOrEqualTo(alert.getThreshold());
            assertThat(alert.getModelId()).isEqualTo("conn");
            assertThat(alert.getTopFeatures()).hasSize(3);
            assertThat(alert.getTopFeatures().get(0).getContribution())
                    .isGreaterThanOrEqualTo(alert.getTopFeatures().get(1).getContribution());
            assertThat(alert.getRecordJson()).contains("\"protocol\": \"icmp\"");
            assertThat(alert.getPValue()).isEqualTo(1.0 / (n + 1));
            // the normal-looking records mostly do not alert (threshold at 1% FPR)
            assertThat(alerts.size()).isLessThanOrEqualTo(3);
            assertThat(run.metrics().scored.get()).isEqualTo(21);
        }
    }

    @Test
    void undecodableUnknownSchemaAndNonFiniteRecordsGoToTheDeadLetterTopicAndTheStreamGoesOn() throws Exception {
        Run run = start(WireFormat.AVRO);
        try (TopologyTestDriver ignored = run.driver()) {
            run.in().pipeInput(key("a"), avro(1000, 1.0, "tcp"));
            run.in().pipeInput(key("garbage"), "hello".getBytes(StandardCharsets.UTF_8));
            byte[] unknown = avro(1000, 1.0, "tcp");
            unknown[5] ^= 0x7f; // corrupt the fingerprint
            run.in().pipeInput(key("unknown"), unknown);
            run.in().pipeInput(key("nan"), avro(Double.NaN, 1.0, "tcp"));
            run.in().pipeInput(key("b"), avro(1100, 1.1, "tcp"));

            List<TestRecord<byte[], byte[]>> dead = run.dlq().readRecordsToList();
            assertThat(dead).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactly("garbage", "unknown", "nan");
            assertThat(dead).extracting(r -> header(r, DeadLetterHandler.REASON_HEADER))
                    .containsExactly("undecodable", "unknown-schema", "not-finite");
            assertThat(header(dead.get(0), "__streams.errors.offset")).isEqualTo("1");
            assertThat(header(dead.get(0), "__streams.errors.topic")).isEqualTo("in");
            assertThat(dead.get(0).value()).isEqualTo("hello".getBytes(StandardCharsets.UTF_8)); // original bytes kept
            assertThat(run.scores().readValuesToList()).hasSize(2); // 2 scored + 3 dead = 5 produced
            assertThat(run.metrics().dead.get(RejectReason.NOT_FINITE).get()).isEqualTo(1);
        }
    }

    @Test
    void jsonRecordsWithMissingFieldsOrTextNumbersAreDeadLetteredWithTheirReason() {
        Run run = start(WireFormat.JSON);
        try (TopologyTestDriver ignored = run.driver()) {
            run.in().pipeInput(key("ok"), "{\"bytes\": 1000, \"duration\": 1.0, \"protocol\": \"tcp\"}".getBytes(StandardCharsets.UTF_8));
            run.in().pipeInput(key("missing"), "{\"bytes\": 1000, \"protocol\": \"tcp\"}".getBytes(StandardCharsets.UTF_8));
            run.in().pipeInput(key("text"), "{\"bytes\": \"lots\", \"duration\": 1.0, \"protocol\": \"tcp\"}".getBytes(StandardCharsets.UTF_8));
            run.in().pipeInput(key("nested"), "{\"bytes\": 1, \"duration\": {\"a\": 1}, \"protocol\": \"tcp\"}".getBytes(StandardCharsets.UTF_8));
            run.in().pipeInput(key("array"), "[1, 2]".getBytes(StandardCharsets.UTF_8));
            run.in().pipeInput(key("nullable"), "{\"bytes\": null, \"duration\": 1.0, \"protocol\": \"tcp\"}".getBytes(StandardCharsets.UTF_8));

            List<TestRecord<byte[], byte[]>> dead = run.dlq().readRecordsToList();
            assertThat(dead).extracting(r -> header(r, DeadLetterHandler.REASON_HEADER))
                    .containsExactly("missing-field", "unencodable", "unencodable", "undecodable");
            assertThat(header(dead.get(0), "__streams.errors.message")).contains("field 'duration' is missing");
            List<byte[]> scores = run.scores().readValuesToList();
            assertThat(scores).hasSize(2); // "ok" and "nullable" (a null is a missing value, imputed)
        }
    }

    @Test
    void jsonOutputIsPlainJsonAConsumerCanReadWithoutAvro() throws Exception {
        Run run = start(WireFormat.JSON);
        try (TopologyTestDriver ignored = run.driver()) {
            run.in().pipeInput(key("x"), "{\"bytes\": 9e7, \"duration\": 0.001, \"protocol\": \"gre\"}".getBytes(StandardCharsets.UTF_8));
            JsonNode alert = new ObjectMapper().readTree(run.alerts().readValue());
            assertThat(alert.get("alert_id").asText()).isEqualTo("in-0-0");
            assertThat(alert.get("event_time").isNumber()).isTrue();
            assertThat(alert.get("top_features").get(0).get("name").asText()).isIn("bytes", "duration", "protocol");
            assertThat(alert.get("p_value").asDouble()).isEqualTo(detector.pValue(alert.get("score").asDouble()));
            assertThat(new ObjectMapper().readTree(alert.get("record_json").asText()).get("protocol").asText()).isEqualTo("gre");
        }
    }

    @Test
    void topKZeroStillWritesTheAlertWithNoFeaturesAndNoDeadLetter() throws Exception {
        Run run = start(WireFormat.AVRO, 0, ScoringEngine.ONNX);
        try (TopologyTestDriver ignored = run.driver()) {
            run.in().pipeInput(key("evil"), avro(5e7, 0.01, "icmp"));

            assertThat(run.dlq().readRecordsToList()).isEmpty();
            List<byte[]> alerts = run.alerts().readValuesToList();
            assertThat(alerts).hasSize(1);
            AnomalyAlert alert = AnomalyAlert.getDecoder().decode(alerts.get(0));
            assertThat(alert.getTopFeatures()).isEmpty();
            assertThat(ScoredRecord.getDecoder().decode(run.scores().readValue()).getIsAnomaly()).isTrue();
        }
    }

    /** The real model, behind an engine that fails the first {@code failures} calls as ONNX Runtime would. */
    private static ScoringEngine failing(int failures, AtomicLong calls) {
        return (model, x, rows, contributions) -> {
            if (calls.incrementAndGet() <= failures) {
                throw new io.ganwatch.scoring.ScoringEngineException("injected: CUDA error 700 (an illegal memory access)");
            }
            return model.scoreEncoded(x, rows, contributions);
        };
    }

    @Test
    void aTransientEngineFailureIsRetriedAndTheRecordIsScoredNotDeadLettered() throws Exception {
        AtomicLong calls = new AtomicLong();
        Run run = start(WireFormat.AVRO, 3, failing(1, calls));
        try (TopologyTestDriver ignored = run.driver()) {
            run.in().pipeInput(key("a"), avro(1000, 1.0, "tcp"));

            assertThat(run.dlq().readRecordsToList()).isEmpty();
            assertThat(run.scores().readValuesToList()).hasSize(1);
            assertThat(calls.get()).isEqualTo(2);
            assertThat(run.metrics().engineRetries.get()).isEqualTo(1);
        }
    }

    @Test
    void aPersistentEngineFailureFailsTheTaskInsteadOfDeadLetteringGoodInput() throws Exception {
        AtomicLong calls = new AtomicLong();
        Run run = start(WireFormat.AVRO, 3, failing(Integer.MAX_VALUE, calls));
        try (TopologyTestDriver ignored = run.driver()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> run.in().pipeInput(key("a"), avro(1000, 1.0, "tcp")))
                    .isInstanceOf(org.apache.kafka.streams.errors.StreamsException.class);
            assertThat(run.dlq().readRecordsToList()).isEmpty();
            assertThat(run.scores().readValuesToList()).isEmpty();
            assertThat(run.metrics().engineFailures.get()).isEqualTo(1);
            assertThat(run.metrics().dead).isEmpty();
        }
    }

    @Test
    void aBatchStalledAcrossAModelSwapFinishesOnTheOldModelWhichClosesOnlyAfterIt() throws Exception {
        // Two models the holder owns (it closes them); the shared class model stays with the class.
        io.ganwatch.model.ModelBundle b = ConnModels.train("conn", 21);
        Detector v1 = new Detector(b, Device.CPU, b.metadata().threshold().value());
        Detector v2 = new Detector(b, Device.CPU, b.metadata().threshold().value());
        ModelHolder models = new ModelHolder(v1);
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch swapped = new java.util.concurrent.CountDownLatch(1);
        ScoringEngine stalling = (model, x, rows, contributions) -> {
            inside.countDown();
            try {
                swapped.await(); // the batch stalls here, holding v1, while v2 is swapped in
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return model.scoreEncoded(x, rows, contributions);
        };
        Run run = start(WireFormat.AVRO, 3, stalling, models);
        try (TopologyTestDriver ignored = run.driver()) {
            java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
            Thread streamThread = new Thread(() -> {
                try {
                    run.in().pipeInput(key("a"), avro(1000, 1.0, "tcp"));
                } catch (Throwable t) {
                    failed.set(t);
                }
            });
            streamThread.start();
            assertThat(inside.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            models.swap(v2);
            assertThat(v1.isClosed()).as("closed under a batch that still holds it").isFalse();
            swapped.countDown();
            streamThread.join(30_000);

            assertThat(failed.get()).isNull();
            assertThat(run.dlq().readRecordsToList()).isEmpty();
            assertThat(run.scores().readValuesToList()).hasSize(1);
            assertThat(v1.isClosed()).as("closed once the last batch holding it finished").isTrue();
            assertThat(v2.isClosed()).isFalse();
        } finally {
            models.close();
        }
        assertThat(v2.isClosed()).isTrue();
    }

    private static Run batched(int maxRecords) {
        return start(new StreamSettings("in", "alerts", "scores", "dlq", WireFormat.AVRO, 3, maxRecords, 20), ScoringEngine.ONNX,
                new ModelHolder(detector));
    }

    /** Counts engine calls, to see that a batch is one call. */
    private static ScoringEngine counting(AtomicLong calls, List<Integer> rows) {
        return (model, x, n, contributions) -> {
            calls.incrementAndGet();
            rows.add(n);
            return model.scoreEncoded(x, n, contributions);
        };
    }

    @Test
    void aPartBatchWaitsForTheWaitLimitThenIsScoredInOneCallWithEachInputsTimestampAndHeaders() throws Exception {
        AtomicLong calls = new AtomicLong();
        List<Integer> rows = new ArrayList<>();
        Run run = start(new StreamSettings("in", "alerts", "scores", "dlq", WireFormat.AVRO, 3, 8, 20), counting(calls, rows),
                new ModelHolder(detector));
        try (TopologyTestDriver d = run.driver()) {
            for (int i = 0; i < 3; i++) {
                org.apache.kafka.common.header.internals.RecordHeaders h = new org.apache.kafka.common.header.internals.RecordHeaders();
                h.add("trace", ("t" + i).getBytes(StandardCharsets.UTF_8));
                run.in().pipeInput(new TestRecord<>(key("k" + i), avro(1000 + i, 1.0, "tcp"), h, 1_000L + i));
            }
            assertThat(run.scores().isEmpty()).as("nothing before the batch is full or old enough").isTrue();
            d.advanceWallClockTime(Duration.ofMillis(25));

            List<TestRecord<byte[], byte[]>> out = run.scores().readRecordsToList();
            assertThat(out).extracting(r -> ScoredRecord.getDecoder().decode(r.value()).getSourceOffset()).containsExactly(0L, 1L, 2L);
            assertThat(out).extracting(TestRecord::timestamp).containsExactly(1_000L, 1_001L, 1_002L);
            assertThat(out).extracting(r -> header(r, "trace")).containsExactly("t0", "t1", "t2");
            assertThat(rows).containsExactly(3);
            assertThat(new BatchBuffer(d.<Integer, byte[]>getKeyValueStore(ScoringProcessor.BUFFER_STORE)).open())
                    .as("the buffer is emptied after its outputs are forwarded").isEmpty();
        }
    }

    @Test
    void aFullBatchIsScoredAtOnceAndABadRecordIsDeadLetteredWithoutFailingItsBatch() throws Exception {
        AtomicLong calls = new AtomicLong();
        List<Integer> rows = new ArrayList<>();
        Run run = start(new StreamSettings("in", "alerts", "scores", "dlq", WireFormat.AVRO, 3, 4, 10_000), counting(calls, rows),
                new ModelHolder(detector));
        try (TopologyTestDriver ignored = run.driver()) {
            run.in().pipeInput(key("a"), avro(1000, 1.0, "tcp"));
            run.in().pipeInput(key("nan"), avro(Double.NaN, 1.0, "tcp"));
            run.in().pipeInput(key("b"), avro(1000, 1.0, "tcp"));
            run.in().pipeInput(key("c"), avro(1000, 1.0, "tcp"));
            assertThat(run.dlq().readRecordsToList()).extracting(r -> header(r, DeadLetterHandler.REASON_HEADER))
                    .containsExactly("not-finite");
            assertThat(run.scores().isEmpty()).isTrue();
            run.in().pipeInput(key("evil"), avro(5e7, 0.01, "icmp"));

            assertThat(run.scores().readValuesToList()).hasSize(4);
            assertThat(rows).as("scores for the batch, then contributions for its one alert").containsExactly(4, 1);
            AnomalyAlert alert = AnomalyAlert.getDecoder().decode(run.alerts().readValuesToList().get(0));
            assertThat(alert.getAlertId()).isEqualTo("in-0-4");
            assertThat(alert.getTopFeatures()).hasSize(3);
        }
    }

    @Test
    void aBufferRestoredAfterACrashIsScoredBeforeTheFirstNewRecordAndRemovedFromTheStore() throws Exception {
        org.apache.kafka.streams.processor.api.MockProcessorContext<byte[], byte[]> ctx =
                new org.apache.kafka.streams.processor.api.MockProcessorContext<>();
        org.apache.kafka.streams.state.KeyValueStore<Integer, byte[]> store = org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                org.apache.kafka.streams.state.Stores.inMemoryKeyValueStore(ScoringProcessor.BUFFER_STORE),
                org.apache.kafka.common.serialization.Serdes.Integer(), org.apache.kafka.common.serialization.Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(ctx.getStateStoreContext(), store);
        ctx.addStateStore(store);
        org.apache.kafka.common.header.internals.RecordHeaders h = new org.apache.kafka.common.header.internals.RecordHeaders();
        BatchBuffer before = new BatchBuffer(store);
        before.put(0, new PendingRecord("in", 2, 30, 6_000, key("old"), avro(1000, 1.0, "tcp"), h));
        before.put(1, new PendingRecord("in", 2, 31, 6_001, key("old"), avro(1000, 1.0, "tcp"), h));
        before.put(2, new PendingRecord("in", 2, 32, 6_002, key("old"), avro(1000, 1.0, "tcp"), h));
        before.put(3, new PendingRecord("in", 2, 33, 6_003, key("old"), avro(1000, 1.0, "tcp"), h));
        before.clear(); // an earlier batch, flushed: its slots are stale
        before.put(0, new PendingRecord("in", 2, 40, 7_000, key("r0"), avro(1000, 1.0, "tcp"), h));
        before.put(1, new PendingRecord("in", 2, 41, 7_001, key("r1"), avro(5e7, 0.01, "icmp"), h));
        before.put(2, new PendingRecord("in", 2, 42, 7_002, key("r2"), "garbage".getBytes(StandardCharsets.UTF_8), h));

        Counting metrics = new Counting();
        ScoringProcessor p = new ScoringProcessor(new StreamSettings("in", "alerts", "scores", "dlq", WireFormat.AVRO, 3, 8, 20),
                new ModelHolder(detector), metrics, RecordDecoder.of(WireFormat.AVRO, catalog), ScoringEngine.ONNX, null);
        p.init(ctx);
        assertThat(ctx.forwarded()).as("init() may not forward").isEmpty();
        ctx.setRecordMetadata("in", 2, 43);
        ctx.setCurrentSystemTimeMs(9_000L);
        p.process(new org.apache.kafka.streams.processor.api.Record<>(key("new"), avro(1000, 1.0, "tcp"), 8_000L));

        List<Long> scoredOffsets = new ArrayList<>();
        for (var f : ctx.forwarded(ScoringTopology.SCORES)) {
            scoredOffsets.add(ScoredRecord.getDecoder().decode((byte[]) f.record().value()).getSourceOffset());
        }
        assertThat(scoredOffsets).containsExactly(40L, 41L);
        assertThat(ctx.forwarded(ScoringTopology.ALERTS)).hasSize(1);
        assertThat(ctx.forwarded(ScoringTopology.SCORES).get(1).record().timestamp()).isEqualTo(7_001L);
        var dead = ctx.forwarded(ScoringTopology.DEAD_LETTERS);
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).record().headers().lastHeader(DeadLetterHandler.REASON_HEADER).value(),
                StandardCharsets.UTF_8)).isEqualTo("undecodable");
        assertThat(new String(dead.get(0).record().headers().lastHeader("__streams.errors.offset").value(),
                StandardCharsets.UTF_8)).isEqualTo("42");
        // the restored batch is gone; the new record waits in slot 0
        var open = new BatchBuffer(store).open();
        assertThat(open).hasSize(1);
        assertThat(open.get(0).key).isZero();
        assertThat(open.get(0).value.offset()).isEqualTo(43);
        p.close();
    }
}
