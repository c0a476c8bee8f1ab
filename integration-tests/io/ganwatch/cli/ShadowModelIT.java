package io.ganwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ganwatch.kafka.LocalKafka;
import io.ganwatch.model.BundleMetadata;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.model.Threshold;
import io.ganwatch.streams.ConnModels;
import io.ganwatch.streams.StreamConfig;
import io.ganwatch.streams.StreamService;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Shadow models on a real broker, through the commands a user runs. A stream follows a model topic
 * that serves version 1 of a model. 60 connections are scored; a shadow is then made of the same graph
 * with a threshold below version 1's, between two of those scores, so that it alerts on every record
 * version 1 alerts on and on some more. It is published with {@code publish-model --shadow}, and the
 * same 60 connections are sent again. Since both models score the same rows with the same graph, what
 * each must emit is known from the scores topic: the shadow alerts topic gets exactly the records at or
 * above the shadow's threshold, all of the shadow's version, and the alert topic exactly those at or
 * above version 1's, all of version 1. {@code /model} and {@code /metrics} show the agreement and both
 * alert rates, and precision per model from verdicts. {@code demote} removes the shadow,
 * {@code promote --version} of a wrong version is refused in one line, and of the shadow's version
 * makes it live, with no shadow left.
 */
class ShadowModelIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECORDS = 60;

    @TempDir
    static Path dir;
    static LocalKafka kafka;
    static ModelBundle live;

    @BeforeAll
    static void brokerAndModel() {
        kafka = LocalKafka.start(dir.resolve("kafka"));
        live = ConnModels.train("conn", 1);
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aShadowIsComparedBesideTheLiveModelThenDemotedThenPromoted() throws Exception {
        String pre = "shadow-" + UUID.randomUUID() + "-";
        String in = pre + "in";
        String alerts = pre + "alerts";
        String scores = pre + "scores";
        String feedback = pre + "feedback";
        String models = pre + "models";
        String shadowAlerts = alerts + ".shadow"; // the default: the stream creates it
        kafka.createTopics(Map.of(in, 2, alerts, 1, scores, 1, feedback, 1, pre + "dlq", 1));
        Path liveDir = dir.resolve("live");
        live.save(liveDir);
        assertThat(CapturedRun.of("publish-model", "--model", liveDir.toString(), "--topic", models, "--bootstrap-servers",
                kafka.bootstrapServers()).exitCode()).isZero();
        Map<String, String> flags = new HashMap<>(Map.of(
                "bootstrap.servers", kafka.bootstrapServers(), "application.id", pre + "app",
                "ganwatch.input.topic", in, "ganwatch.alerts.topic", alerts, "ganwatch.scores.topic", scores,
                "ganwatch.dead.letter.topic", pre + "dlq", "ganwatch.model.topic", models,
                "ganwatch.http.port", "0", "ganwatch.format", "json", "ganwatch.feedback.topic", feedback));
        flags.put("ganwatch.batch.max.wait.ms", "50");
        String liveVersion = live.metadata().version();
        double liveThreshold = live.metadata().threshold().value();
        try (StreamService service = StreamService.start(StreamConfig.resolve(Map.of(), Map.of(), flags));
             KafkaProducer<String, byte[]> producer = producer()) {
            assertThat(service.servingVersion()).isEqualTo(liveVersion);
            assertThat(service.shadowVersion()).isEmpty();
            assertThat(JSON.readTree(get(service, "/model")).has("shadow")).as("no shadow section without a shadow").isFalse();

            // Phase A: the live model alone; its scores place the shadow's threshold.
            send(producer, in);
            Map<String, Double> scoreA = scores(scores, RECORDS);
            List<Double> below = new ArrayList<>(new TreeSet<>(scoreA.values().stream().filter(s -> s < liveThreshold).toList()));
            assertThat(below).as("distinct scores below the live threshold %s: %s", liveThreshold, below).hasSizeGreaterThanOrEqualTo(4);
            int k = below.size() / 2;
            double shadowThreshold = (below.get(k - 1) + below.get(k)) / 2;
            ModelBundle shadow = withThreshold(live, shadowThreshold);
            String shadowVersion = shadow.metadata().version();
            Path shadowDir = dir.resolve("shadow");
            shadow.save(shadowDir);

            CapturedRun published = CapturedRun.of("publish-model", "--model", shadowDir.toString(), "--topic", models,
                    "--bootstrap-servers", kafka.bootstrapServers(), "--shadow");
            assertThat(published.exitCode()).as(published.stdout() + published.stderr()).isZero();
            assertThat(published.stdout()).contains("published model conn version " + shadowVersion + " to " + models + " as a shadow");
            await(() -> service.shadowVersion().equals(Optional.of(shadowVersion)), "the shadow installed");
            assertThat(service.servingVersion()).as("a shadow never replaces the live model").isEqualTo(liveVersion);

            // Phase B: the same connections again, scored by both.
            send(producer, in);
            Map<String, Double> all = scores(scores, 2 * RECORDS);
            Set<String> idsB = new HashSet<>(all.keySet());
            idsB.removeAll(scoreA.keySet());
            assertThat(idsB).hasSize(RECORDS);
            Set<String> liveExpected = new TreeSet<>();
            all.forEach((id, s) -> {
                if (s >= liveThreshold) {
                    liveExpected.add(id);
                }
            });
            Set<String> shadowExpected = new TreeSet<>();
            Set<String> liveB = new TreeSet<>();
            for (String id : idsB) {
                if (all.get(id) >= shadowThreshold) {
                    shadowExpected.add(id);
                }
                if (all.get(id) >= liveThreshold) {
                    liveB.add(id);
                }
            }
            assertThat(shadowExpected).as("the shadow alerts on more records than the live model").hasSizeGreaterThan(liveB.size());
            assertThat(liveB).as("and both alert on some").isNotEmpty();

            List<JsonNode> shadowEmitted = read(shadowAlerts, shadowExpected.size());
            assertThat(shadowEmitted).extracting(a -> a.get("alert_id").asText()).containsExactlyInAnyOrderElementsOf(shadowExpected);
            assertThat(shadowEmitted).allSatisfy(a -> {
                assertThat(a.get("model_version").asText()).isEqualTo(shadowVersion);
                assertThat(a.get("threshold").asDouble()).isEqualTo(shadowThreshold);
            });
            List<JsonNode> liveEmitted = read(alerts, liveExpected.size());
            assertThat(liveEmitted).extracting(a -> a.get("alert_id").asText()).containsExactlyInAnyOrderElementsOf(liveExpected);
            assertThat(liveEmitted).allSatisfy(a -> assertThat(a.get("model_version").asText()).isEqualTo(liveVersion));

            int shadowOnly = shadowExpected.size() - liveB.size();
            double agreement = (RECORDS - shadowOnly) / (double) RECORDS;
            JsonNode section = JSON.readTree(get(service, "/model")).get("shadow");
            assertThat(section.get("version").asText()).isEqualTo(shadowVersion);
            assertThat(section.get("state").asText()).isEqualTo("scoring");
            assertThat(section.get("threshold").asDouble()).isEqualTo(shadowThreshold);
            assertThat(section.get("alerts_topic").asText()).isEqualTo(shadowAlerts);
            JsonNode comparison = section.get("comparison");
            assertThat(comparison.get("live_version").asText()).isEqualTo(liveVersion);
            assertThat(comparison.get("records").asLong()).isEqualTo(RECORDS);
            assertThat(comparison.get("agreement").asDouble()).isCloseTo(agreement, within(1e-9));
            assertThat(comparison.get("live_alert_rate").asDouble()).isCloseTo(liveB.size() / (double) RECORDS, within(1e-9));
            assertThat(comparison.get("shadow_alert_rate").asDouble()).isCloseTo(shadowExpected.size() / (double) RECORDS, within(1e-9));
            assertThat(comparison.get("shadow_only_alerts").asInt()).isEqualTo(shadowOnly);
            assertThat(comparison.get("live_only_alerts").asInt()).isZero();

            String metrics = get(service, "/metrics");
            assertThat(sample(metrics, "ganwatch_shadow_agreement", "")).isCloseTo(agreement, within(1e-9));
            assertThat(sample(metrics, "ganwatch_shadow_alert_rate", "{model=\"live\"}")).isCloseTo(liveB.size() / (double) RECORDS, within(1e-9));
            assertThat(sample(metrics, "ganwatch_shadow_alert_rate", "{model=\"shadow\"}"))
                    .isCloseTo(shadowExpected.size() / (double) RECORDS, within(1e-9));
            assertThat(sample(metrics, "ganwatch_shadow_records_compared", "")).isEqualTo(RECORDS);
            assertThat(sample(metrics, "ganwatch_shadow_alerts_total", "")).isEqualTo(shadowExpected.size());
            assertThat(sample(metrics, "ganwatch_shadow_info", "{model_id=\"conn\",version=\"" + shadowVersion + "\"}")).isEqualTo(1);
            assertThat(sample(metrics, "ganwatch_alerts_total", "")).as("live alerts only").isEqualTo(liveExpected.size());

            // Verdicts: one on a record only the shadow alerted on (true), one on a record both alerted on (false).
            String onlyShadow = shadowExpected.stream().filter(id -> !liveB.contains(id)).findFirst().orElseThrow();
            String both = liveB.iterator().next();
            verdict(feedback, onlyShadow, "true-positive");
            verdict(feedback, both, "false-positive");
            JsonNode precision = awaitJson(service, "/model", m -> m.path("shadow").path("precision").path("shadow")
                    .path("false_positives").asInt() == 1 && m.path("shadow").path("precision").path("shadow").path("true_positives").asInt() == 1)
                    .get("shadow").get("precision");
            assertThat(precision.get("shadow").get("precision").asDouble()).isEqualTo(0.5);
            assertThat(precision.get("live").get("precision").asDouble()).isEqualTo(0.0);
            assertThat(precision.get("live").get("false_positives").asInt()).isEqualTo(1);
            assertThat(precision.get("live").get("true_positives").asInt()).isZero();

            // demote: the shadow goes, the live model stays.
            CapturedRun demoted = CapturedRun.of("demote", "--topic", models, "--bootstrap-servers", kafka.bootstrapServers());
            assertThat(demoted.exitCode()).as(demoted.stdout() + demoted.stderr()).isZero();
            assertThat(demoted.stdout()).contains("removed the shadow of model conn (version " + shadowVersion + ")");
            await(() -> service.shadowVersion().isEmpty(), "the shadow removed");
            assertThat(JSON.readTree(get(service, "/model")).has("shadow")).isFalse();
            assertThat(service.servingVersion()).isEqualTo(liveVersion);
            assertThat(sample(get(service, "/metrics"), "ganwatch_shadow_agreement", "")).isNaN();
            CapturedRun again = CapturedRun.of("demote", "--topic", models, "--bootstrap-servers", kafka.bootstrapServers());
            assertThat(again.exitCode()).isZero();
            assertThat(again.stdout()).contains("holds no shadow; nothing to remove");

            // promote: refused for another version, then the shadow becomes live.
            assertThat(CapturedRun.of("publish-model", "--model", shadowDir.toString(), "--topic", models, "--bootstrap-servers",
                    kafka.bootstrapServers(), "--shadow").exitCode()).isZero();
            await(() -> service.shadowVersion().equals(Optional.of(shadowVersion)), "the shadow published again");
            CapturedRun wrong = CapturedRun.of("promote", "--topic", models, "--bootstrap-servers", kafka.bootstrapServers(),
                    "--version", "no-such-version");
            assertThat(wrong.exitCode()).isEqualTo(2);
            assertThat(wrong.errorLines()).singleElement().asString().isEqualTo("ganwatch promote: error: the shadow of model conn on '"
                    + models + "' is version " + shadowVersion + ", not no-such-version; nothing was promoted");
            assertThat(service.servingVersion()).isEqualTo(liveVersion);
            CapturedRun promoted = CapturedRun.of("promote", "--topic", models, "--bootstrap-servers", kafka.bootstrapServers(),
                    "--version", shadowVersion);
            assertThat(promoted.exitCode()).as(promoted.stdout() + promoted.stderr()).isZero();
            assertThat(promoted.stdout()).contains("promoted model conn version " + shadowVersion);
            await(() -> service.servingVersion().equals(shadowVersion) && service.shadowVersion().isEmpty(), "the shadow live, no shadow");
            JsonNode model = JSON.readTree(get(service, "/model"));
            assertThat(model.get("version").asText()).isEqualTo(shadowVersion);
            assertThat(model.has("shadow")).isFalse();
            assertThat(CapturedRun.of("demote", "--topic", models, "--bootstrap-servers", kafka.bootstrapServers()).stdout())
                    .as("the promotion removed the shadow from the topic too").contains("holds no shadow");
        }
    }

    /** {@code base} as a new version with another threshold: the same graph and features, so the same scores. */
    private static ModelBundle withThreshold(ModelBundle base, double threshold) {
        BundleMetadata m = base.metadata();
        Threshold t = new Threshold(threshold, m.threshold().targetFpr(), m.threshold().observedFpr(), m.threshold().rows());
        String version = m.version() + "-shadow";
        return new ModelBundle(m.recalibrated(version, Instant.now().toString(), t, null), base.graph());
    }

    /** The 60 connections: within the training range (so that scores differ), a third of them of an unseen protocol. */
    private static void send(KafkaProducer<String, byte[]> producer, String topic) {
        for (int i = 0; i < RECORDS; i++) {
            double z = -2.5 + 5.0 * i / (RECORDS - 1);
            double z2 = 2.5 - 5.0 * (i * 7 % RECORDS) / (RECORDS - 1);
            String conn = String.format(Locale.ROOT, "{\"bytes\": %.3f, \"duration\": %.5f, \"protocol\": \"%s\"}",
                    1000 * Math.exp(0.3 * z), Math.exp(0.3 * z2), i % 3 == 0 ? "icmp" : i % 3 == 1 ? "tcp" : "udp");
            producer.send(new ProducerRecord<>(topic, "k" + i, conn.getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
    }

    private static void verdict(String topic, String alertId, String verdict) {
        CapturedRun run = CapturedRun.of("feedback", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", topic,
                "--alert-id", alertId, "--verdict", verdict, "--analyst", "ann", "--format", "json");
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, String> consumer(String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("group.id", "shadow-reader-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }

    /** Score by alert id (topic-partition-offset) once {@code n} scores are committed, within 60 s. */
    private static Map<String, Double> scores(String topic, int n) throws Exception {
        Map<String, Double> out = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (KafkaConsumer<String, String> c = consumer(topic)) {
            while (out.size() < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    JsonNode s = JSON.readTree(r.value());
                    out.put(s.get("source_topic").asText() + "-" + s.get("source_partition").asInt() + "-" + s.get("source_offset").asLong(),
                            s.get("score").asDouble());
                }
            }
        }
        assertThat(out).as("scores within 60 s").hasSize(n);
        return out;
    }

    /** The committed messages of {@code topic} once at least {@code n} arrived and 3 s passed without more. */
    private static List<JsonNode> read(String topic, int n) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long quietUntil = Long.MAX_VALUE;
        try (KafkaConsumer<String, String> c = consumer(topic)) {
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    out.add(JSON.readTree(r.value()));
                }
                if (out.size() >= n && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                }
            }
        }
        return out;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(condition.getAsBoolean()).as(what + " within 60 s").isTrue();
    }

    private static JsonNode awaitJson(StreamService service, String path, java.util.function.Predicate<JsonNode> test) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode body = null;
        while (System.nanoTime() < deadline) {
            body = JSON.readTree(get(service, path));
            if (test.test(body)) {
                return body;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no match on " + path + " within 60 s; last:\n" + body);
    }

    private static String get(StreamService service, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The value of a Prometheus sample {@code name + labels}; fails when absent. */
    private static double sample(String metrics, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name + labels) + " (\\S+)$").matcher(metrics);
        assertThat(m.find()).as("%s%s in /metrics", name, labels).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
