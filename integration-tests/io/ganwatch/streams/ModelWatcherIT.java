package io.ganwatch.streams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ganwatch.avro.ModelBundleMessage;
import io.ganwatch.detector.Detector;
import io.ganwatch.kafka.LocalKafka;
import io.ganwatch.kafka.ModelTopics;
import io.ganwatch.model.Hashes;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.scoring.Device;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a model watcher serves, on a real broker: the last loadable bundle by offset for the
 * configured model id, at start-up and while following, whatever the producers' clocks, other ids,
 * tombstones or unloadable bundles on the topic.
 */
class ModelWatcherIT {
    @TempDir
    static Path dir;
    static LocalKafka kafka;
    static ModelBundle v1;
    static ModelBundle v2;
    static ModelBundle other;

    @BeforeAll
    static void brokerAndModels() {
        kafka = LocalKafka.start(dir.resolve("kafka"));
        v1 = ConnModels.train("conn", 1);
        v2 = ConnModels.train("conn", 2);
        other = ConnModels.train("other", 3);
        assertThat(v2.metadata().version()).isNotEqualTo(v1.metadata().version());
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static String topic() {
        String t = "models-" + UUID.randomUUID();
        ModelTopics.create(kafka, t);
        return t;
    }

    private static Properties client() {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        return p;
    }

    private static MicrometerScoringMetrics metrics() {
        return new MicrometerScoringMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** Publishes {@code value} under {@code key} with producer timestamp {@code timestamp} (null: now). */
    private static void publish(String topic, String key, byte[] value, Long timestamp) throws Exception {
        try (KafkaProducer<String, byte[]> p = ModelTopics.producer(client())) {
            p.send(new ProducerRecord<>(topic, null, timestamp, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static void publish(String topic, ModelBundle b) throws Exception {
        publish(topic, b.metadata().modelId(), ModelMessages.encode(b), null);
    }

    /** What a restarted instance would serve (its version), or null when the topic gives it nothing. */
    private static String startUpVersion(String topic, String modelId) {
        try (ModelWatcher w = new ModelWatcher(client(), topic, Device.CPU, io.ganwatch.scoring.ScoringThreshold.BUNDLE, null, metrics())) {
            Detector d = w.catchUp(Duration.ofSeconds(30), modelId);
            if (d == null) {
                return null;
            }
            try (d) {
                return d.bundle().metadata().version();
            }
        }
    }

    /**
     * {@code base}'s metadata with {@code edit} applied, as a bundle with {@code graph}: the bundle
     * writes (seals) its own metadata hash, so only what the edit says is wrong with it.
     */
    private static ModelBundle edited(ModelBundle base, byte[] graph, java.util.function.Consumer<ObjectNode> edit) throws Exception {
        ObjectNode meta = (ObjectNode) ModelBundle.json().readTree(base.metadataJson());
        edit.accept(meta);
        return new ModelBundle(ModelBundle.json().treeToValue(meta, io.ganwatch.model.BundleMetadata.class), graph);
    }

    private static byte[] message(String modelId, String version, ModelBundle b) throws Exception {
        ByteBuffer buf = new ModelBundleMessage(modelId, version, ByteBuffer.wrap(b.metadataJson()), ByteBuffer.wrap(b.graph()))
                .toByteBuffer();
        byte[] out = new byte[buf.remaining()];
        buf.get(out);
        return out;
    }

    /** A message of {@code base}'s id under a new version whose graph ONNX Runtime cannot load, though it verifies. */
    private static byte[] unloadable(ModelBundle base, String version) throws Exception {
        byte[] graph = "not an onnx graph at all".getBytes(StandardCharsets.UTF_8);
        ModelBundle b = edited(base, graph, meta -> {
            meta.put("version", version);
            ((ObjectNode) meta.get("provenance")).put("graph_sha256", Hashes.sha256(graph));
        });
        return message(base.metadata().modelId(), version, b);
    }

    @Test
    void aBundlePublishedFromAHostWithAFastClockDoesNotWinOverALaterRollback() throws Exception {
        String t = topic();
        long ahead = System.currentTimeMillis() + 30 * 60_000L; // the broker accepts up to 1 h ahead
        publish(t, "conn", ModelMessages.encode(v2), ahead);
        publish(t, v1); // the rollback, published after v2 but with an earlier timestamp
        assertThat(startUpVersion(t, "conn")).isEqualTo(v1.metadata().version());
    }

    @Test
    void aTopicHoldingTwoModelIdsServesTheConfiguredOneAndRefusesToGuess() throws Exception {
        String t = topic();
        publish(t, v1);
        publish(t, other);
        assertThat(startUpVersion(t, "conn")).isEqualTo(v1.metadata().version());
        assertThat(startUpVersion(t, "other")).isEqualTo(other.metadata().version());
        assertThatThrownBy(() -> startUpVersion(t, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[conn, other]").hasMessageContaining("--model-id");
    }

    @Test
    void aTombstonedIdDoesNotComeBackOnRestartUntilItIsPublishedAgain() throws Exception {
        String t = topic();
        publish(t, v1);
        publish(t, "conn", null, null);
        assertThat(startUpVersion(t, "conn")).isNull();
        publish(t, v2);
        assertThat(startUpVersion(t, "conn")).isEqualTo(v2.metadata().version());
    }

    @Test
    void aNewestBundleThatDoesNotLoadIsSkippedForTheLastOneThatDoes() throws Exception {
        String t = topic();
        publish(t, v1);
        byte[] broken = unloadable(v1, "99990101T000000Z-broken");
        assertThat(ModelMessages.decode(broken, "test").metadata().version()).as("it verifies; only loading fails")
                .isEqualTo("99990101T000000Z-broken");
        publish(t, "conn", broken, null);
        assertThat(startUpVersion(t, "conn")).isEqualTo(v1.metadata().version());
    }

    @Test
    void theFollowerSurvivesAMessageThatBreaksDecodingAndStillSwapsTheNextBundle() throws Exception {
        String t = topic();
        publish(t, v1);
        MicrometerScoringMetrics metrics = metrics();
        try (ModelWatcher w = new ModelWatcher(client(), t, Device.CPU, io.ganwatch.scoring.ScoringThreshold.BUNDLE, null, metrics)) {
            Detector first = w.catchUp(Duration.ofSeconds(30), "conn");
            ModelHolder models = new ModelHolder(first);
            try {
                w.follow(models);
                // valid Avro, a valid graph and metadata hash, but model.json without a model id
                byte[] broken = message("conn", v2.metadata().version(), edited(v2, v2.graph(), meta -> meta.remove("model_id")));
                publish(t, "conn", broken, null);
                publish(t, "conn", unloadable(v1, "99990101T000000Z-broken"), null);
                publish(t, v2);

                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!models.current().bundle().metadata().version().equals(v2.metadata().version())
                        && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(models.current().bundle().metadata().version()).isEqualTo(v2.metadata().version());
                assertThat(first.isClosed()).as("the replaced model is closed once no batch holds it").isTrue();
            } finally {
                models.close();
            }
        }
    }

    @Test
    void theStreamServiceFallsBackToItsLocalBundleWhenTheTopicHoldsNothingLoadableForItsId() throws Exception {
        String t = topic();
        publish(t, other);
        publish(t, "conn", unloadable(v1, "99990101T000000Z-broken"), null);
        Path local = dir.resolve("local-" + UUID.randomUUID());
        v1.save(local);
        String pre = "fb-" + UUID.randomUUID() + "-";
        kafka.createTopics(Map.of(pre + "in", 1));
        StreamConfig cfg = StreamConfig.resolve(Map.of(), Map.of(), Map.of(
                "bootstrap.servers", kafka.bootstrapServers(), "application.id", pre + "app",
                "ganwatch.input.topic", pre + "in", "ganwatch.model", local.toString(), "ganwatch.model.topic", t,
                "ganwatch.http.port", "0", "ganwatch.format", "json"));
        try (StreamService s = StreamService.start(cfg)) {
            assertThat(s.servingVersion()).isEqualTo(v1.metadata().version());
        }
    }

    @Test
    void aTargetFalsePositiveRateAppliesToEveryBundleFromTheTopic() throws Exception {
        String t = topic();
        publish(t, v1);
        io.ganwatch.scoring.ScoringThreshold at5 = new io.ganwatch.scoring.ScoringThreshold(null, 0.05);
        try (ModelWatcher w = new ModelWatcher(client(), t, Device.CPU, at5, null, metrics());
             Detector d = w.catchUp(Duration.ofSeconds(30), "conn")) {
            assertThat(d.threshold()).isEqualTo(at5.resolve(v1)).isLessThan(v1.metadata().threshold().value());
        }
    }

    @Test
    void withTrustedKeysAnUnsignedBundleAndOneSignedByAnotherKeyAreRefusedAndTheOldModelKeepsServing() throws Exception {
        Path keys = dir.resolve("keys-" + UUID.randomUUID());
        io.ganwatch.model.BundleSigning.generate(keys.resolve("ours"));
        io.ganwatch.model.BundleSigning.generate(keys.resolve("rogue"));
        Path ours = keys.resolve("ours").resolve(io.ganwatch.model.BundleSigning.PRIVATE_FILE);
        Path rogue = keys.resolve("rogue").resolve(io.ganwatch.model.BundleSigning.PRIVATE_FILE);
        var trusted = io.ganwatch.model.BundleSigning.trustedKeys(keys.resolve("ours"));
        String t = topic();
        publish(t, v2); // unsigned, from before: a restarted instance must skip it too
        publish(t, io.ganwatch.model.BundleSigning.sign(v1, ours));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (ModelWatcher w = new ModelWatcher(client(), t, Device.CPU, io.ganwatch.scoring.ScoringThreshold.BUNDLE, trusted,
                new MicrometerScoringMetrics(registry))) {
            ModelHolder models = new ModelHolder(w.catchUp(Duration.ofSeconds(30), "conn"));
            try {
                assertThat(models.current().bundle().metadata().version()).isEqualTo(v1.metadata().version());
                w.follow(models);
                publish(t, v2); // a rogue writer: valid but unsigned
                publish(t, io.ganwatch.model.BundleSigning.sign(v2, rogue)); // valid, signed by an unknown key
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (untrusted(registry) < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(registry.get("ganwatch.model.untrusted").tag("reason", "unsigned").counter().count()).isEqualTo(1);
                assertThat(registry.get("ganwatch.model.untrusted").tag("reason", "unknown-key").counter().count()).isEqualTo(1);
                assertThat(models.current().bundle().metadata().version()).isEqualTo(v1.metadata().version());
                try (ModelHolder.Lease lease = models.acquire()) {
                    float[] x = new float[lease.model().encoder().width()];
                    lease.model().encoder().encodeInto(new Object[]{1000.0, 1.0, "tcp"}, "t", 0, x, 0);
                    assertThat(lease.model().scoreEncoded(x, 1, false).scores()[0]).as("still scoring").isFinite();
                }
            } finally {
                models.close();
            }
        }
    }

    @Test
    void aMessageOverTheSizeLimitIsRefusedAndCountedAndTheNextOneWithinItStillSwaps() throws Exception {
        Path keys = dir.resolve("keys-" + UUID.randomUUID());
        io.ganwatch.model.BundleSigning.generate(keys);
        // Signing adds the signature to model.json: the same valid bundle, only larger.
        byte[] large = ModelMessages.encode(io.ganwatch.model.BundleSigning.sign(v2, keys.resolve(io.ganwatch.model.BundleSigning.PRIVATE_FILE)));
        long limit = Math.max(ModelMessages.encode(v1).length, ModelMessages.encode(v2).length);
        assertThat(large.length).isGreaterThan((int) limit);
        String t = topic();
        publish(t, v1);
        publish(t, "conn", large, null); // newest at start-up, but over the limit: v1 serves
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (ModelWatcher w = new ModelWatcher(client(), t, Device.CPU, io.ganwatch.scoring.ScoringThreshold.BUNDLE, null,
                new MicrometerScoringMetrics(registry), limit)) {
            ModelHolder models = new ModelHolder(w.catchUp(Duration.ofSeconds(30), "conn"));
            try {
                assertThat(models.current().bundle().metadata().version()).isEqualTo(v1.metadata().version());
                assertThat(registry.get("ganwatch.model.refused").counter().count()).isEqualTo(1);
                w.follow(models);
                publish(t, "conn", large, null);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (registry.get("ganwatch.model.refused").counter().count() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(registry.get("ganwatch.model.refused").counter().count()).isEqualTo(2);
                assertThat(models.current().bundle().metadata().version()).as("the current model keeps serving")
                        .isEqualTo(v1.metadata().version());
                publish(t, v2); // the same bundle unsigned, within the limit
                while (!models.current().bundle().metadata().version().equals(v2.metadata().version())
                        && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(models.current().bundle().metadata().version()).isEqualTo(v2.metadata().version());
            } finally {
                models.close();
            }
        }
    }

    private static double untrusted(PrometheusMeterRegistry registry) {
        return registry.find("ganwatch.model.untrusted").counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
