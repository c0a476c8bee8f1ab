package io.ganwatch.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ganwatch.avro.AnomalyAlert;
import io.ganwatch.avro.ScoredRecord;
import io.ganwatch.kafka.LocalKafka;
import io.ganwatch.kafka.OutsideClients;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.registry.ConfluentFraming;
import io.ganwatch.registry.StandInRegistry;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The schema-registry wire format against a real broker and the stand-in registry (with basic
 * auth), checked by two outside clients that share no code with ganwatch: Debian's confluent-kafka
 * ({@code confluent_kafka.schema_registry}) with python3-avro, and npm's
 * {@code @kafkajs/confluent-schema-registry} on Node. Both write input that ganwatch scores and read
 * the alerts it writes; then the registry goes down and comes back, and nothing is dead-lettered or
 * lost meanwhile while {@code /health} says so.
 */
class ConfluentAvroIT {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String USER_INFO = "ganwatch:reg-pass";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path NODE_DIR = Path.of("integration-tests/node");
    private static final String CONN = "{\"type\":\"record\",\"name\":\"Conn\",\"namespace\":\"test\",\"fields\":["
            + "{\"name\":\"bytes\",\"type\":\"double\"},{\"name\":\"duration\",\"type\":\"double\"},"
            + "{\"name\":\"protocol\",\"type\":\"string\"}]}";
    /** A later version of the input schema, registered while the stream runs, so its id is not cached. */
    private static final String CONN_V2 = "{\"type\":\"record\",\"name\":\"Conn\",\"namespace\":\"test\",\"fields\":["
            + "{\"name\":\"bytes\",\"type\":\"double\"},{\"name\":\"duration\",\"type\":\"double\"},"
            + "{\"name\":\"protocol\",\"type\":\"string\"},{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}]}";

    @TempDir
    static Path dir;
    static LocalKafka kafka;
    static ModelBundle bundle;

    @BeforeAll
    static void start() {
        kafka = LocalKafka.start(dir.resolve("kafka"));
        bundle = ConnModels.train("conn", 5);
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void pythonAndNodeClientsWriteWhatGanwatchScoresAndReadWhatItWritesAndAnOutageLosesNothing() throws Exception {
        requireOutsideClients();
        String pre = "cf-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        String in = pre + "in";
        String alerts = pre + "alerts";
        String scores = pre + "scores";
        String dlq = pre + "dlq";
        kafka.createTopics(Map.of(in, 1, alerts, 1, scores, 1, dlq, 1));
        Path model = dir.resolve("model");
        bundle.save(model);
        Path avsc = Files.writeString(dir.resolve("conn.avsc"), CONN);

        try (StandInRegistry registry = new StandInRegistry(USER_INFO)) {
            Map<String, String> flags = new HashMap<>();
            flags.put("bootstrap.servers", kafka.bootstrapServers());
            flags.put("application.id", pre + "app");
            flags.put("state.dir", dir.resolve("state-" + pre).toString());
            flags.put("commit.interval.ms", "200");
            // a task failed by the outage is picked up again once the group notices its old thread is gone
            flags.put("session.timeout.ms", "6000");
            flags.put("ganwatch.input.topic", in);
            flags.put("ganwatch.alerts.topic", alerts);
            flags.put("ganwatch.scores.topic", scores);
            flags.put("ganwatch.dead.letter.topic", dlq);
            flags.put("ganwatch.model", model.toString());
            flags.put("ganwatch.http.port", "0");
            flags.put("ganwatch.format", "confluent-avro");
            flags.put("schema.registry.url", registry.url());
            flags.put("basic.auth.credentials.source", "USER_INFO");
            flags.put("basic.auth.user.info", USER_INFO);
            try (StreamService service = StreamService.start(StreamConfig.resolve(Map.of(), Map.of(), flags))) {
                awaitRunning(service);

                // (1) python registers the input schema and writes 30 ordinary connections and an outlier
                String pyId = OutsideClients.run(PYTHON, "integration-tests/python/confluent_interop.py", "produce",
                        kafka.bootstrapServers(), registry.url(), USER_INFO, in, avsc.toString(), "30").trim();
                int inputId = Integer.parseInt(pyId);
                assertThat(registry.versions(in + "-value")).containsExactly(inputId);

                // (2) node registers the same schema (the registry gives the same id) and encodes two more
                List<String> nodeHex = OutsideClients.run("node", NODE_DIR.resolve("interop.js").toString(), "encode",
                        registry.url(), USER_INFO, in + "-value", avsc.toString(),
                        "{\"bytes\":1200,\"duration\":1.1,\"protocol\":\"udp\"}",
                        "{\"bytes\":90000000,\"duration\":0.02,\"protocol\":\"icmp\"}").lines().filter(l -> !l.isBlank()).toList();
                assertThat(nodeHex).hasSize(2);
                try (KafkaProducer<byte[], byte[]> p = producer()) {
                    p.send(new ProducerRecord<>(in, key("node-0"), HexFormat.of().parseHex(nodeHex.get(0))));
                    p.send(new ProducerRecord<>(in, key("node-evil"), HexFormat.of().parseHex(nodeHex.get(1))));
                    // an id the registry never gave: a dead letter, not an outage
                    p.send(new ProducerRecord<>(in, key("bad-id"), ConfluentAvroTopologyTest.confluent(4242,
                            new Schema.Parser().parse(CONN), 1000, 1.0, "tcp")));
                }
                assertThat(ConfluentFraming.schemaId(HexFormat.of().parseHex(nodeHex.get(0)))).isEqualTo(inputId);

                List<ConsumerRecord<byte[], byte[]>> scored = readUntil(scores, rs -> rs.size() >= 33);
                assertThat(scored).hasSize(33);
                int scoresId = registry.versions(scores + "-value").get(0);
                assertThat(registry.schema(scoresId)).isEqualTo(ScoredRecord.getClassSchema());
                assertThat(scored).allSatisfy(r -> assertThat(ConfluentFraming.schemaId(r.value())).isEqualTo(scoresId));

                List<ConsumerRecord<byte[], byte[]>> alerted = readUntil(alerts,
                        rs -> keys(rs).containsAll(List.of("py-evil", "node-evil")));
                int alertsId = registry.versions(alerts + "-value").get(0);
                assertThat(registry.schema(alertsId)).isEqualTo(AnomalyAlert.getClassSchema());

                // python reads ganwatch's alerts, fetching their schema by id
                List<JsonNode> py = jsonLines(OutsideClients.run(PYTHON, "integration-tests/python/confluent_interop.py", "consume",
                        kafka.bootstrapServers(), registry.url(), USER_INFO, alerts, String.valueOf(alerted.size())));
                assertThat(py).hasSize(alerted.size());
                assertThat(py).allSatisfy(a -> {
                    assertThat(a.get("schema_id").asInt()).isEqualTo(alertsId);
                    assertThat(a.get("schema").asText()).isEqualTo(AnomalyAlert.getClassSchema().getFullName());
                    assertThat(a.at("/value/model_id").asText()).isEqualTo("conn");
                    assertThat(a.at("/value/score").asDouble()).isGreaterThanOrEqualTo(a.at("/value/threshold").asDouble());
                });
                JsonNode pyEvil = py.stream().filter(a -> a.get("key").asText().equals("py-evil")).findFirst().orElseThrow();
                assertThat(pyEvil.at("/value/alert_id").asText()).isEqualTo(in + "-0-30");
                assertThat(pyEvil.at("/value/record_json").asText()).contains("\"protocol\": \"icmp\"");
                assertThat(pyEvil.at("/value/top_features")).hasSize(3);

                // node decodes the same alert bytes
                Path hex = dir.resolve(pre + "alerts.hex");
                Files.write(hex, alerted.stream().map(r -> HexFormat.of().formatHex(r.value())).toList());
                List<JsonNode> node = jsonLines(OutsideClients.run("node", NODE_DIR.resolve("interop.js").toString(), "decode",
                        registry.url(), USER_INFO, hex.toString()));
                assertThat(node).hasSize(alerted.size());
                JsonNode nodeEvil = node.get(keys(alerted).indexOf("node-evil"));
                assertThat(nodeEvil.get("schema_id").asInt()).isEqualTo(alertsId);
                assertThat(nodeEvil.at("/value/alert_id").asText()).isEqualTo(in + "-0-32");
                assertThat(nodeEvil.at("/value/record_json").asText()).contains("\"bytes\": 9.0E7");

                List<ConsumerRecord<byte[], byte[]>> dead = readUntil(dlq, rs -> !rs.isEmpty());
                assertThat(dead).hasSize(1);
                assertThat(header(dead.get(0), DeadLetterHandler.REASON_HEADER)).isEqualTo("unknown-schema");

                // (3) outage: a record of a schema version ganwatch has not seen, while the registry answers 503
                int v2 = registry.register(in + "-value", new Schema.Parser().parse(CONN_V2));
                URI health = URI.create("http://127.0.0.1:" + service.httpPort() + "/health");
                registry.unavailable(true);
                try (KafkaProducer<byte[], byte[]> p = producer()) {
                    p.send(new ProducerRecord<>(in, key("during-outage"), ConfluentAvroTopologyTest.confluent(v2,
                            new Schema.Parser().parse(CONN_V2), 1000, 1.0, "tcp")));
                }
                HttpResponse<String> down = awaitHealth(health, r -> r.statusCode() == 503
                        && r.body().contains("\"schema_registry\":\"unreachable since "));
                assertThat(down.body()).contains("HTTP 503");
                Thread.sleep(3000); // a few failed task attempts while it is down
                assertThat(read(dlq)).hasSize(1);
                assertThat(keys(read(scores))).doesNotContain("during-outage");

                registry.unavailable(false);
                List<ConsumerRecord<byte[], byte[]>> after = readUntil(scores, rs -> keys(rs).contains("during-outage"));
                assertThat(keys(after).stream().filter("during-outage"::equals).count()).isEqualTo(1);
                assertThat(after).hasSize(34);
                assertThat(keys(after).stream().distinct().count()).as("every input scored exactly once").isEqualTo(34);
                HttpResponse<String> up = awaitHealth(health, r -> r.statusCode() == 200);
                assertThat(up.body()).contains("\"schema_registry\":\"ok\"");
                assertThat(read(dlq)).as("nothing dead-lettered by the outage").hasSize(1);
                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + service.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).contains("ganwatch_schema_registry_unavailable 0.0")
                        .containsPattern("ganwatch_schema_registry_failures_total [1-9]");
            }
        }
    }

    private static void requireOutsideClients() throws Exception {
        boolean python = works(PYTHON, "-c", "import confluent_kafka.schema_registry, avro.io, requests");
        boolean node = works("node", "-e", "require('" + NODE_DIR.toAbsolutePath() + "/node_modules/@kafkajs/confluent-schema-registry')");
        if (python && node) {
            return;
        }
        String missing = (python ? "" : "python3-confluent-kafka python3-avro python3-requests ") + (node ? "" : "node_modules");
        String install = "apt-get install -y python3-confluent-kafka python3-avro python3-requests; (cd integration-tests/node && npm ci)";
        if ("true".equals(System.getenv("CI"))) {
            fail("missing on this CI machine: " + missing.trim() + "; .ci/run should have run `" + install + "`");
        }
        assumeTrue(false, "skipped: " + missing.trim() + " not installed; run `" + install + "` to include this test");
    }

    private static boolean works(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitRunning(StreamService s) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (s.state() != KafkaStreams.State.RUNNING) {
            assertThat(System.nanoTime()).as("stream RUNNING within 60 s (state %s)", s.state()).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static HttpResponse<String> awaitHealth(URI health, Predicate<HttpResponse<String>> until) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        HttpResponse<String> last;
        do {
            last = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
            if (until.test(last)) {
                return last;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("/health never matched; last " + last.statusCode() + " " + last.body());
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(String topic) {
        return readUntil(topic, rs -> true, Duration.ofSeconds(2));
    }

    private static List<ConsumerRecord<byte[], byte[]>> readUntil(String topic, Predicate<List<ConsumerRecord<byte[], byte[]>>> until) {
        List<ConsumerRecord<byte[], byte[]>> out = readUntil(topic, until, Duration.ofSeconds(90));
        assertThat(until.test(out)).as("%s: %d records %s", topic, out.size(), keys(out)).isTrue();
        return out;
    }

    /** Every committed record of the topic, read until {@code until} holds and nothing more arrives for a moment, or time is up. */
    private static List<ConsumerRecord<byte[], byte[]>> readUntil(String topic, Predicate<List<ConsumerRecord<byte[], byte[]>>> until,
                                                                  Duration timeout) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "check-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            int quiet = 0;
            while (System.nanoTime() < deadline && !(until.test(out) && quiet >= 2)) {
                int n = 0;
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    out.add(r);
                    n++;
                }
                quiet = n == 0 ? quiet + 1 : 0;
            }
        }
        return out;
    }

    private static List<String> keys(List<ConsumerRecord<byte[], byte[]>> rs) {
        return rs.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
    }

    private static byte[] key(String k) {
        return k.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static List<JsonNode> jsonLines(String out) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("{")) {
                nodes.add(JSON.readTree(line));
            }
        }
        return nodes;
    }
}
