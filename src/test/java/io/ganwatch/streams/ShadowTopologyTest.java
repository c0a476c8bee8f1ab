package io.ganwatch.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ganwatch.detector.Detector;
import io.ganwatch.model.BundleMetadata;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.model.Threshold;
import io.ganwatch.scoring.Device;
import io.ganwatch.scoring.ScoringEngineException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shadow path on Kafka Streams' test driver, with a real model: the live outputs are byte for
 * byte those of a run without a shadow, the shadow's alerts go to the shadow sink alone, and a shadow
 * whose engine fails is switched off once while every live record is still scored and emitted.
 */
class ShadowTopologyTest {
    private static final int RECORDS = 40;
    private static ModelBundle bundle;
    private static ModelBundle shadowBundle;

    @BeforeAll
    static void train() {
        bundle = ConnModels.train("conn", 5);
        BundleMetadata m = bundle.metadata();
        // A shadow that alerts on every record: the same graph, a threshold below any score.
        shadowBundle = new ModelBundle(m.recalibrated(m.version() + "-shadow", java.time.Instant.now().toString(),
                new Threshold(-1e9, m.threshold().targetFpr(), m.threshold().observedFpr(), m.threshold().rows()), null), bundle.graph());
    }

    private record Outputs(List<TestRecord<byte[], byte[]>> alerts, List<TestRecord<byte[], byte[]>> scores,
                           List<TestRecord<byte[], byte[]>> shadowAlerts, List<TestRecord<byte[], byte[]>> dlq) {
    }

    /** Pipes the same records through a topology with {@code shadow} in its slot ({@code null}: a stream without shadows). */
    private static Outputs run(ShadowSlot slot, ShadowStats stats, ModelHolder models, ScoringEngine engine) {
        StreamSettings s = new StreamSettings("in", "alerts", "scores", "dlq", WireFormat.JSON, 3, 8, 20);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "dlq");
        p.put(DeadLetterHandler.METRICS_CONFIG, ScoringMetrics.NONE);
        ScoringTopology.Shadows shadows = slot == null ? null : new ScoringTopology.Shadows("alerts.shadow", slot, stats);
        try (TopologyTestDriver d = new TopologyTestDriver(ScoringTopology.build(s, models, ScoringMetrics.NONE,
                SchemaCatalog.of(List.of()), null, engine, null, FeedbackSettings.NONE, null, shadows), p)) {
            ByteArraySerializer ser = new ByteArraySerializer();
            ByteArrayDeserializer de = new ByteArrayDeserializer();
            TestInputTopic<byte[], byte[]> in = d.createInputTopic("in", ser, ser);
            for (int i = 0; i < RECORDS; i++) {
                double z = -3 + 6.0 * i / RECORDS;
                String json = String.format(Locale.ROOT, "{\"bytes\": %.3f, \"duration\": %.4f, \"protocol\": \"%s\"}",
                        1000 * Math.exp(0.4 * z), Math.exp(-0.4 * z), i % 4 == 0 ? "icmp" : "tcp");
                in.pipeInput(("k" + i).getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8), 1_000L * i);
            }
            d.advanceWallClockTime(java.time.Duration.ofSeconds(1)); // flushes the last, unfilled batch
            return new Outputs(d.createOutputTopic("alerts", de, de).readRecordsToList(),
                    d.createOutputTopic("scores", de, de).readRecordsToList(),
                    slot == null ? List.of() : d.createOutputTopic("alerts.shadow", de, de).readRecordsToList(),
                    d.createOutputTopic("dlq", de, de).readRecordsToList());
        }
    }

    private static Outputs withoutShadow() {
        try (ModelHolder models = new ModelHolder(new Detector(bundle, Device.CPU, bundle.metadata().threshold().value()))) {
            return run(null, null, models, ScoringEngine.ONNX);
        }
    }

    private static void assertSameLiveOutputs(Outputs actual, Outputs expected) {
        assertThat(actual.scores()).hasSize(RECORDS);
        assertThat(actual.dlq()).isEmpty();
        assertThat(actual.alerts()).as("some live alerts, to compare").isNotEmpty().hasSameSizeAs(expected.alerts());
        for (int i = 0; i < expected.alerts().size(); i++) {
            assertThat(actual.alerts().get(i).value()).isEqualTo(expected.alerts().get(i).value());
            assertThat(actual.alerts().get(i).key()).isEqualTo(expected.alerts().get(i).key());
        }
        for (int i = 0; i < RECORDS; i++) {
            assertThat(actual.scores().get(i).value()).isEqualTo(expected.scores().get(i).value());
        }
    }

    @Test
    void theShadowsAlertsGoToTheShadowSinkAloneAndTheLiveOutputsAreUnchanged() throws Exception {
        Outputs expected = withoutShadow();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ModelHolder models = new ModelHolder(new Detector(bundle, Device.CPU, bundle.metadata().threshold().value()));
             ShadowSlot slot = new ShadowSlot()) {
            slot.install(new Detector(shadowBundle, Device.CPU, shadowBundle.metadata().threshold().value()));
            ShadowStats stats = new ShadowStats(registry, models, slot, "alerts.shadow", null);
            Outputs actual = run(slot, stats, models, ScoringEngine.ONNX);

            assertSameLiveOutputs(actual, expected);
            assertThat(actual.shadowAlerts()).hasSize(RECORDS);
            ObjectMapper json = new ObjectMapper();
            for (int i = 0; i < RECORDS; i++) {
                var a = json.readTree(actual.shadowAlerts().get(i).value());
                assertThat(a.get("model_version").asText()).isEqualTo(shadowBundle.metadata().version());
                assertThat(a.get("alert_id").asText()).as("the record's alert id, as a live alert would have it").isEqualTo("in-0-" + i);
                assertThat(a.get("top_features")).hasSize(3);
            }
            ShadowComparison.Counts c = stats.current();
            assertThat(c.records()).isEqualTo(RECORDS);
            assertThat(c.liveOnly()).isZero();
            assertThat(c.both()).isEqualTo(expected.alerts().size());
            assertThat(c.shadowAlertRate()).isEqualTo(1.0);
            assertThat(c.agreement()).isEqualTo(expected.alerts().size() / (double) RECORDS);
            assertThat(registry.get("ganwatch.shadow.alerts").counter().count()).isEqualTo(RECORDS);
            assertThat(stats.section()).containsEntry("state", "scoring").containsEntry("version", shadowBundle.metadata().version());
        }
    }

    @Test
    void aShadowWhoseEngineFailsIsSwitchedOffOnceAndNoLiveRecordIsLostOrDelayed() {
        Outputs expected = withoutShadow();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ModelHolder models = new ModelHolder(new Detector(bundle, Device.CPU, bundle.metadata().threshold().value()));
             ShadowSlot slot = new ShadowSlot()) {
            Detector shadow = new Detector(shadowBundle, Device.CPU, shadowBundle.metadata().threshold().value());
            slot.install(shadow);
            ShadowStats stats = new ShadowStats(registry, models, slot, "alerts.shadow", null);
            AtomicInteger shadowCalls = new AtomicInteger();
            ScoringEngine failingShadow = (model, x, rows, contributions) -> {
                if (model == shadow) {
                    shadowCalls.incrementAndGet();
                    throw new ScoringEngineException("CUDA out of memory (injected)");
                }
                return ScoringEngine.ONNX.score(model, x, rows, contributions);
            };
            Outputs actual = run(slot, stats, models, failingShadow);

            assertSameLiveOutputs(actual, expected);
            assertThat(actual.shadowAlerts()).isEmpty();
            assertThat(shadowCalls.get()).as("switched off at the first failure, never retried").isEqualTo(1);
            assertThat(slot.state()).isInstanceOf(ShadowSlot.Off.class);
            assertThat(((ShadowSlot.Off) slot.state()).reason()).contains("CUDA out of memory (injected)");
            assertThat(slot.acquire()).isNull();
            assertThat(shadow.isClosed()).as("the switched-off shadow is closed once no batch holds it").isTrue();
            assertThat(registry.get("ganwatch.shadow.failures").tag("stage", "score").counter().count()).isEqualTo(1);
            assertThat(stats.section()).containsEntry("state", "off");
            assertThat(stats.current()).isNull();
        }
    }
}
