package io.ganwatch.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ganwatch.avro.AlertFeedback;
import io.ganwatch.avro.Verdict;
import io.ganwatch.detector.Detector;
import io.ganwatch.scoring.Device;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feedback join on Kafka Streams' test driver, with a real model: alerts written by the scoring
 * path are read back into the alert index (the driver feeds a global store from the topics the
 * topology writes, as the global thread would), verdicts join them, and the precision, the unmatched
 * count and the dead letters come out as documented, including an alert past the retention.
 */
class FeedbackTopologyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RETENTION = Duration.ofMinutes(10);
    static Detector detector;

    @BeforeAll
    static void trainModel() {
        io.ganwatch.model.ModelBundle bundle = ConnModels.train("conn", 5);
        detector = new Detector(bundle, Device.CPU, bundle.metadata().threshold().value());
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] verdict(String alertId, Verdict v) {
        return FeedbackCodec.encode(AlertFeedback.newBuilder().setAlertId(alertId).setVerdict(v).setAnalyst("ann")
                .setDecidedAt(Instant.now()).build(), false);
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    @SuppressWarnings("unchecked")
    void verdictsJoinTheirAlertsUnknownAndExpiredOnesAreCountedAndMalformedOnesAreDeadLetters() throws Exception {
        StreamSettings s = new StreamSettings("in", "alerts", null, "dlq", WireFormat.JSON, 3, 1, 20);
        FeedbackSettings fb = new FeedbackSettings("feedback", RETENTION, 100);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FeedbackStats stats = new FeedbackStats(registry, fb);
        ScoringTopologyTest.Counting metrics = new ScoringTopologyTest.Counting();
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "dlq");
        p.put(DeadLetterHandler.METRICS_CONFIG, metrics);
        ByteArraySerializer ser = new ByteArraySerializer();
        ByteArrayDeserializer de = new ByteArrayDeserializer();
        try (TopologyTestDriver d = new TopologyTestDriver(ScoringTopology.build(s, new ModelHolder(detector), metrics,
                SchemaCatalog.of(List.of()), null, ScoringEngine.ONNX, null, fb, stats), p)) {
            TestInputTopic<byte[], byte[]> in = d.createInputTopic("in", ser, ser);
            TestInputTopic<byte[], byte[]> feedback = d.createInputTopic("feedback", ser, ser);
            TestOutputTopic<byte[], byte[]> alerts = d.createOutputTopic("alerts", de, de);
            TestOutputTopic<byte[], byte[]> dlq = d.createOutputTopic("dlq", de, de);
            Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
            for (int i = 0; i < 5; i++) {
                in.pipeInput(utf8("k" + i), utf8("{\"bytes\": 5e7, \"duration\": 0.01, \"protocol\": \"icmp\"}"), t0.plusSeconds(i));
            }
            List<TestRecord<byte[], byte[]>> emitted = alerts.readRecordsToList();
            assertThat(emitted).hasSize(5);
            List<String> ids = emitted.stream().map(a -> {
                try {
                    return JSON.readTree(a.value()).get("alert_id").asText();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
            assertThat(ids).containsExactly("in-0-0", "in-0-1", "in-0-2", "in-0-3", "in-0-4");

            feedback.pipeInput(utf8(ids.get(0)), verdict(ids.get(0), Verdict.TRUE_POSITIVE));
            feedback.pipeInput(utf8(ids.get(1)), verdict(ids.get(1), Verdict.FALSE_POSITIVE));
            feedback.pipeInput(utf8(ids.get(2)), utf8("{\"alert_id\": \"" + ids.get(2)
                    + "\", \"verdict\": \"false-positive\", \"analyst\": \"bo\", \"decided_at\": 1}"));
            feedback.pipeInput(utf8(ids.get(3)), verdict(ids.get(3), Verdict.UNSURE));
            feedback.pipeInput(utf8("in-0-999"), verdict("in-0-999", Verdict.TRUE_POSITIVE));
            feedback.pipeInput(utf8("junk"), utf8("not a verdict"));
            feedback.pipeInput(utf8(ids.get(4)), utf8("{\"alert_id\": \"" + ids.get(4)
                    + "\", \"verdict\": \"maybe\", \"analyst\": \"bo\", \"decided_at\": 1}"));

            Map<String, Object> section = stats.section();
            List<Map<String, Object>> models = List.copyOf((java.util.Collection<Map<String, Object>>) section.get("models"));
            assertThat(models).singleElement().satisfies(m -> {
                assertThat(m.get("model_id")).isEqualTo("conn");
                assertThat(m.get("version")).isEqualTo(detector.bundle().metadata().version());
                assertThat((Double) m.get("precision")).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-12));
                assertThat(m.get("true_positives")).isEqualTo(1);
                assertThat(m.get("false_positives")).isEqualTo(2);
            });
            assertThat(section.get("verdicts")).isEqualTo(Map.of("true-positive", 1L, "false-positive", 2L, "unsure", 1L));
            assertThat(section.get("unmatched")).isEqualTo(1L);
            assertThat(section.get("alerts_indexed")).isEqualTo(5L);
            assertThat(registry.get("ganwatch.feedback.precision").tag("model_id", "conn").gauge().value())
                    .isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-12));

            List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
            assertThat(dead).extracting(r -> header(r, DeadLetterHandler.REASON_HEADER)).containsExactly("undecodable", "unknown-verdict");
            assertThat(dead).extracting(r -> header(r, "__streams.errors.topic")).containsOnly("feedback");
            assertThat(dead.get(0).value()).isEqualTo(utf8("not a verdict")); // the original bytes
            assertThat(metrics.dead.get(RejectReason.UNKNOWN_VERDICT).get()).isEqualTo(1);

            // A newer alert moves the index's time past the retention: the first five expire.
            in.pipeInput(utf8("late"), utf8("{\"bytes\": 5e7, \"duration\": 0.01, \"protocol\": \"icmp\"}"),
                    t0.plus(RETENTION).plusSeconds(60));
            assertThat(alerts.readRecordsToList()).hasSize(1);
            feedback.pipeInput(utf8(ids.get(1)), verdict(ids.get(1), Verdict.TRUE_POSITIVE));
            feedback.pipeInput(utf8("in-0-5"), verdict("in-0-5", Verdict.FALSE_POSITIVE));
            assertThat(stats.section().get("unmatched")).isEqualTo(2L);
            assertThat(stats.section().get("verdicts")).isEqualTo(Map.of("true-positive", 1L, "false-positive", 3L, "unsure", 1L));
        }
    }
}
