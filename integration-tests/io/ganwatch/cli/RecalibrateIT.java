package io.ganwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ganwatch.avro.AlertFeedback;
import io.ganwatch.avro.Verdict;
import io.ganwatch.kafka.LocalKafka;
import io.ganwatch.kafka.ModelTopics;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.streams.ConnModels;
import io.ganwatch.streams.FeedbackCodec;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code recalibrate} on a real broker, against a running stream that follows a model topic. 60
 * connections an (event-time) minute apart are scored; analysts judge the alerts, the 25 highest
 * scoring true positives and the rest false positives. Before any verdict, recalibrate refuses in one
 * line. With the verdicts, a target precision of 0.9 gives the 27th-highest alert score as threshold
 * (25 of 27 = 0.926; 25 of 28 = 0.893 would miss it), and {@code --publish} writes a new version that
 * the running stream switches to: {@code /model} then shows the new threshold, the same graph hash
 * and the recalibration record.
 */
class RecalibrateIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECORDS = 60;
    private static final int TRUE_POSITIVES = 25;

    @TempDir
    static Path dir;
    static LocalKafka kafka;
    static Path model;
    static ModelBundle bundle;

    @BeforeAll
    static void brokerAndModel() {
        kafka = LocalKafka.start(dir.resolve("kafka"));
        bundle = ConnModels.train("conn", 1);
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
    void aProposalFromVerdictsIsPublishedAsANewVersionThatTheRunningStreamServes() throws Exception {
        String pre = "recal-" + UUID.randomUUID() + "-";
        String alerts = pre + "alerts";
        String feedback = pre + "feedback";
        String models = pre + "models";
        kafka.createTopics(Map.of(pre + "in", 2, alerts, 1, pre + "scores", 1, feedback, 2, pre + "dlq", 1));
        ModelTopics.create(kafka, models); // as a user creates it beforehand: bundles are over the 1 MB default
        Map<String, String> flags = new HashMap<>(Map.of(
                "bootstrap.servers", kafka.bootstrapServers(), "application.id", pre + "app",
                "ganwatch.input.topic", pre + "in", "ganwatch.alerts.topic", alerts, "ganwatch.scores.topic", pre + "scores",
                "ganwatch.dead.letter.topic", pre + "dlq", "ganwatch.model", model.toString(),
                "ganwatch.http.port", "0", "ganwatch.format", "json"));
        flags.putAll(Map.of("ganwatch.feedback.topic", feedback, "ganwatch.model.topic", models));
        String[] recalibrate = {"recalibrate", "--model", model.toString(), "--bootstrap-servers", kafka.bootstrapServers(),
                "--alerts-topic", alerts, "--feedback-topic", feedback, "--format", "json", "--target-precision", "0.9"};
        try (StreamService service = StreamService.start(StreamConfig.resolve(Map.of(), Map.of(), flags));
             KafkaProducer<String, byte[]> producer = producer()) {
            long start = Instant.now().minus(Duration.ofHours(2)).toEpochMilli();
            for (int i = 0; i < RECORDS; i++) {
                // Within the training range (so that no value is clipped and scores differ), an unseen protocol.
                double z = -2.5 + 5.0 * i / (RECORDS - 1);
                double z2 = 2.5 - 5.0 * (i * 7 % RECORDS) / (RECORDS - 1);
                String conn = String.format(Locale.ROOT, "{\"bytes\": %.3f, \"duration\": %.5f, \"protocol\": \"icmp\"}",
                        1000 * Math.exp(0.3 * z), Math.exp(0.3 * z2));
                producer.send(new ProducerRecord<>(pre + "in", null, start + i * 60_000L, "k" + i, conn.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
            count(pre + "scores", RECORDS);
            List<JsonNode> emitted = read(alerts);
            assertThat(emitted).as("alerts among %d scored records: %s", RECORDS, emitted.stream().map(a -> a.get("score")).toList()).hasSizeGreaterThanOrEqualTo(TRUE_POSITIVES + 3);

            CapturedRun early = CapturedRun.of(recalibrate);
            assertThat(early.exitCode()).as(early.stdout() + early.stderr()).isEqualTo(2);
            assertThat(early.errorLines()).singleElement().asString()
                    .startsWith("ganwatch recalibrate: error: only 0 decided verdicts").contains("a proposal needs at least 20");

            List<Double> scores = new ArrayList<>(emitted.stream().map(a -> a.get("score").asDouble()).toList());
            scores.sort(null);
            double cut = scores.get(scores.size() - TRUE_POSITIVES); // the 25th highest: it and above are true positives
            double expected = scores.get(scores.size() - TRUE_POSITIVES - 2); // the 27th highest
            assertThat(scores.get(scores.size() - TRUE_POSITIVES - 3)).as("distinct scores around the proposal: %s", scores).isLessThan(expected);
            for (JsonNode a : emitted) {
                String id = a.get("alert_id").asText();
                producer.send(new ProducerRecord<>(feedback, id, FeedbackCodec.encode(AlertFeedback.newBuilder().setAlertId(id)
                        .setVerdict(a.get("score").asDouble() >= cut ? Verdict.TRUE_POSITIVE : Verdict.FALSE_POSITIVE)
                        .setAnalyst("ann").setDecidedAt(Instant.now()).build(), false)));
            }
            producer.flush();

            String[] publish = java.util.Arrays.copyOf(recalibrate, recalibrate.length + 3);
            publish[recalibrate.length] = "--publish";
            publish[recalibrate.length + 1] = "--model-topic";
            publish[recalibrate.length + 2] = models;
            CapturedRun run = CapturedRun.of(publish);
            System.out.println(run.stdout());
            assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
            String proposal = run.stdout().lines().filter(l -> l.startsWith("proposal: ")).findFirst().orElseThrow();
            int n = emitted.size();
            assertThat(value(proposal, "threshold")).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-4));
            assertThat(value(proposal, "expected_precision")).isCloseTo(25 / 27.0, org.assertj.core.api.Assertions.within(1e-4));
            assertThat(value(proposal, "verdicts")).isEqualTo(n);
            assertThat(value(proposal, "alerts")).isEqualTo(n);
            assertThat(value(proposal, "alerted_threshold")).isCloseTo(bundle.metadata().threshold().value(),
                    org.assertj.core.api.Assertions.within(1e-4));
            assertThat(value(proposal, "expected_alerts_per_hour")).isGreaterThan(0);
            assertThat(run.stdout()).contains("the new bundle is unsigned, like " + bundle.metadata().version());
            Matcher published = Pattern.compile("published model conn version (\\S+) \\(threshold").matcher(run.stdout());
            assertThat(published.find()).as(run.stdout()).isTrue();
            String version = published.group(1);
            assertThat(version).isNotEqualTo(bundle.metadata().version());

            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!service.servingVersion().equals(version) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(service.servingVersion()).as("the running stream switched to the published version").isEqualTo(version);
            JsonNode served = JSON.readTree(get(service, "/model"));
            assertThat(served.get("threshold").get("value").asDouble()).isEqualTo(expected);
            assertThat(served.get("provenance").get("graph_sha256").asText()).isEqualTo(bundle.metadata().provenance().graphSha256());
            assertThat(served.get("recalibration").get("previous_version").asText()).isEqualTo(bundle.metadata().version());
            assertThat(served.get("recalibration").get("verdicts_used").asInt()).isEqualTo(n);
            assertThat(served.get("recalibration").get("target").asText()).isEqualTo("precision >= 0.9");
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, String> consumer(String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("group.id", "recal-reader-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }

    /** Waits until {@code topic} holds {@code n} committed messages, within 60 s. */
    private static void count(String topic, int n) {
        int seen = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (KafkaConsumer<String, String> c = consumer(topic)) {
            while (seen < n && System.nanoTime() < deadline) {
                seen += c.poll(Duration.ofMillis(500)).count();
            }
        }
        assertThat(seen).as("scores within 60 s").isEqualTo(n);
    }

    /** Every committed alert (the stream has scored every record, so all are there), as JSON. */
    private static List<JsonNode> read(String topic) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = consumer(topic)) {
            long quiet = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < quiet) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    out.add(JSON.readTree(r.value()));
                }
            }
        }
        return out;
    }

    private static double value(String line, String key) {
        Matcher m = Pattern.compile("(?:^| )" + Pattern.quote(key) + "=(\\S+)").matcher(line);
        assertThat(m.find()).as("%s= on %s", key, line).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static String get(StreamService service, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
