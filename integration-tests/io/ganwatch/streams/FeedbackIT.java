package io.ganwatch.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ganwatch.avro.AlertFeedback;
import io.ganwatch.avro.Verdict;
import io.ganwatch.cli.Main;
import io.ganwatch.kafka.LocalKafka;
import io.ganwatch.model.ModelBundle;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Analyst feedback on a real broker: the stream scores records until alerts come out; the alert ids
 * read back from the alerts topic get verdicts (two true positives and one false positive sent with
 * the {@code feedback} command, one false positive and one unsure from a plain producer), plus a
 * verdict on an alert id that was never emitted and bytes that are no verdict. {@code /model} and
 * {@code /metrics} then show precision 2/4 for the model version, the unmatched verdict is counted,
 * and the bad bytes are on the dead-letter topic with their reason.
 */
class FeedbackIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OUTLIER = "{\"bytes\": 5e7, \"duration\": 0.01, \"protocol\": \"icmp\"}";

    @TempDir
    static Path dir;
    static LocalKafka kafka;
    static Path model;
    static String version;

    @BeforeAll
    static void brokerAndModel() {
        kafka = LocalKafka.start(dir.resolve("kafka"));
        ModelBundle bundle = ConnModels.train("conn", 1);
        version = bundle.metadata().version();
        model = dir.resolve("model");
        bundle.save(model);
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void verdictsOnEmittedAlertsGivePrecisionPerModelVersionAndBadOnesAreCountedOrDeadLettered() throws Exception {
        String pre = "feedback-" + UUID.randomUUID() + "-";
        String feedback = pre + "feedback";
        // The alerts topic must exist at start: the alert index reads it from the beginning.
        kafka.createTopics(Map.of(pre + "in", 2, pre + "alerts", 2, feedback, 2, pre + "dlq", 1));
        Map<String, String> flags = new HashMap<>(Map.of(
                "bootstrap.servers", kafka.bootstrapServers(), "application.id", pre + "app",
                "ganwatch.input.topic", pre + "in", "ganwatch.alerts.topic", pre + "alerts",
                "ganwatch.dead.letter.topic", pre + "dlq", "ganwatch.model", model.toString(),
                "ganwatch.http.port", "0", "ganwatch.format", "json"));
        flags.putAll(Map.of("ganwatch.feedback.topic", feedback, "ganwatch.feedback.precision.verdicts", "50",
                "ganwatch.feedback.retention.seconds", "3600"));
        try (StreamService service = StreamService.start(StreamConfig.resolve(Map.of(), Map.of(), flags));
             KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(pre + "in", "k" + i, OUTLIER.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
            List<String> ids = alertIds(pre + "alerts", 5);
            // The verdicts go out once the alert index holds every alert, so that none races its alert.
            await(service, "/metrics", m -> counter(m, "ganwatch_feedback_alerts_indexed_total", "") >= 5);

            send(feedback, ids.get(0), "true-positive", "avro");
            send(feedback, ids.get(1), "true-positive", "json");
            send(feedback, ids.get(2), "false-positive", "avro");
            producer.send(new ProducerRecord<>(feedback, ids.get(3), FeedbackCodec.encode(AlertFeedback.newBuilder()
                    .setAlertId(ids.get(3)).setVerdict(Verdict.FALSE_POSITIVE).setAnalyst("bo").setDecidedAt(Instant.now())
                    .setNote("a backup job").build(), false)));
            producer.send(new ProducerRecord<>(feedback, ids.get(4), FeedbackCodec.encode(AlertFeedback.newBuilder()
                    .setAlertId(ids.get(4)).setVerdict(Verdict.UNSURE).setAnalyst("bo").setDecidedAt(Instant.now()).build(), false)));
            producer.send(new ProducerRecord<>(feedback, "never-0-1", FeedbackCodec.encode(AlertFeedback.newBuilder()
                    .setAlertId("never-0-1").setVerdict(Verdict.TRUE_POSITIVE).setAnalyst("bo").setDecidedAt(Instant.now()).build(),
                    false)));
            producer.send(new ProducerRecord<>(feedback, "junk", "not a verdict".getBytes(StandardCharsets.UTF_8)));
            producer.flush();

            String body = await(service, "/model", m -> {
                JsonNode f = json(m).get("feedback");
                return f.get("unmatched").asLong() == 1 && f.get("verdicts").get("unsure").asLong() == 1
                        && f.get("verdicts").get("true-positive").asLong() == 2 && f.get("verdicts").get("false-positive").asLong() == 2;
            });
            JsonNode section = json(body).get("feedback");
            assertThat(section.get("topic").asText()).isEqualTo(feedback);
            assertThat(section.get("window_verdicts").asInt()).isEqualTo(50);
            assertThat(section.get("models")).hasSize(1);
            JsonNode conn = section.get("models").get(0);
            assertThat(conn.get("model_id").asText()).isEqualTo("conn");
            assertThat(conn.get("version").asText()).isEqualTo(version);
            assertThat(conn.get("precision").asDouble()).isEqualTo(0.5);
            assertThat(conn.get("true_positives").asInt()).isEqualTo(2);
            assertThat(conn.get("false_positives").asInt()).isEqualTo(2);
            assertThat(json(body).get("model_id").asText()).isEqualTo("conn"); // the bundle's metadata is still there

            String metrics = get(service, "/metrics");
            assertThat(counter(metrics, "ganwatch_feedback_precision", "{model_id=\"conn\",version=\"" + version + "\"}"))
                    .isEqualTo(0.5);
            assertThat(counter(metrics, "ganwatch_feedback_window_verdicts", "{model_id=\"conn\",version=\"" + version + "\"}"))
                    .isEqualTo(4);
            assertThat(counter(metrics, "ganwatch_feedback_unmatched_total", "")).isEqualTo(1);
            assertThat(counter(metrics, "ganwatch_feedback_verdicts_total", "{verdict=\"unsure\"}")).isEqualTo(1);
            assertThat(counter(metrics, "ganwatch_dead_letters_total", "{reason=\"undecodable\"}")).isEqualTo(1);

            ConsumerRecord<byte[], byte[]> dead = deadLetter(pre + "dlq");
            assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("not a verdict");
            assertThat(header(dead, DeadLetterHandler.REASON_HEADER)).isEqualTo("undecodable");
            assertThat(header(dead, "__streams.errors.topic")).isEqualTo(feedback);
            assertThat(service.state().isRunningOrRebalancing()).isTrue();
        }
    }

    /** One verdict sent with the {@code feedback} command, as a user sends it. */
    private static void send(String topic, String alertId, String verdict, String format) {
        int code = Main.run("feedback", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", topic, "--alert-id", alertId,
                "--verdict", verdict, "--analyst", "ann", "--format", format);
        assertThat(code).as("feedback --verdict %s on %s", verdict, alertId).isZero();
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("group.id", "feedback-reader-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }

    /** The alert ids of the first {@code n} alerts on the alerts topic, within 60 s. */
    private static List<String> alertIds(String topic, int n) throws Exception {
        List<String> ids = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (KafkaConsumer<byte[], byte[]> c = consumer(topic)) {
            while (ids.size() < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    ids.add(json(new String(r.value(), StandardCharsets.UTF_8)).get("alert_id").asText());
                }
            }
        }
        assertThat(ids).as("alerts within 60 s").hasSizeGreaterThanOrEqualTo(n);
        return ids;
    }

    private static ConsumerRecord<byte[], byte[]> deadLetter(String topic) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (KafkaConsumer<byte[], byte[]> c = consumer(topic)) {
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    return r;
                }
            }
        }
        throw new AssertionError("no dead letter within 30 s");
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String get(StreamService service, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The body of {@code path} once {@code test} holds, within 60 s. */
    private static String await(StreamService service, String path, Predicate<String> test) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String body = null;
        while (System.nanoTime() < deadline) {
            body = get(service, path);
            if (test.test(body)) {
                return body;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no match on " + path + " within 60 s; last:\n" + body);
    }

    /** The value of a Prometheus sample {@code name + labels}, or -1 when absent. */
    private static double counter(String metrics, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name + labels) + " (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
