package io.ganwatch.cli;

import io.ganwatch.avro.AugmentationResult;
import io.ganwatch.augment.service.Results;
import io.ganwatch.kafka.LocalKafka;
import io.ganwatch.kafka.LocalKafkaConfig;
import io.ganwatch.kafka.LocalKafkaSecurity;
import io.ganwatch.kafka.TestCertificates;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka commands against a broker secured the way production clusters are: a SASL_SSL listener
 * with SCRAM-SHA-512 logins and a certificate made at test time, every client setting passed through
 * {@code --config}. A wrong password or an untrusted certificate must end the command with one line
 * naming the problem, quickly; and no secret may appear in any output or in {@code /model}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecuredBrokerIT {
    /** A misconfigured client must give up within this, not retry forever. */
    private static final Duration FAILURE_BOUND = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    static LocalKafka kafka;
    static Path model;
    static Path config;
    static Path wrongPassword;
    static Path untrusted;
    // Random, so that a match in the output can only come from a leak.
    static final String USER_PASSWORD = "alice-" + UUID.randomUUID();
    static final String WRONG_PASSWORD = "wrong-" + UUID.randomUUID();
    static final String STORE_PASSWORD = "store-" + UUID.randomUUID();
    static final String OTHER_STORE_PASSWORD = "other-" + UUID.randomUUID();
    /** Everything the commands wrote, and what /model served, for the leak check at the end. */
    static final List<String> captured = new ArrayList<>();

    @BeforeAll
    static void startSecuredBroker() throws Exception {
        TestCertificates.Pair broker = TestCertificates.selfSigned(dir.resolve("tls"), "broker", STORE_PASSWORD);
        TestCertificates.Pair stranger = TestCertificates.selfSigned(dir.resolve("tls-other"), "stranger", OTHER_STORE_PASSWORD);
        kafka = LocalKafka.start(LocalKafkaConfig.defaults(dir.resolve("kafka"))
                .withSecurity(new LocalKafkaSecurity(broker.keyStore(), STORE_PASSWORD, Map.of("alice", USER_PASSWORD))));
        config = clientConfig("client.properties", broker.trustStore(), STORE_PASSWORD, USER_PASSWORD);
        wrongPassword = clientConfig("wrong-password.properties", broker.trustStore(), STORE_PASSWORD, WRONG_PASSWORD);
        untrusted = clientConfig("untrusted.properties", stranger.trustStore(), OTHER_STORE_PASSWORD, USER_PASSWORD);

        Path train = TrafficData.write(dir.resolve("train.csv"), 1000, 10, 1);
        model = dir.resolve("model");
        GanwatchProcess.Result trained = GanwatchProcess.run(dir, "train", "--input", train.toString(), "--label-column", "label",
                "--normal-value", "normal", "--out", model.toString(), "--seed", "7", "--epochs", "3", "--batch-size", "64");
        assertThat(trained.exitCode()).as(trained.stderr()).isZero();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Path clientConfig(String name, Path trustStore, String trustPassword, String userPassword) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n",
                "security.protocol=SASL_SSL",
                "ssl.truststore.type=PKCS12",
                "ssl.truststore.location=" + trustStore,
                "ssl.truststore.password=" + trustPassword,
                "sasl.mechanism=SCRAM-SHA-512",
                "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"alice\" password=\""
                        + userPassword + "\";",
                ""));
    }

    private static Properties client() {
        Properties p = new Properties();
        p.putAll(Cli.properties(config));
        p.put("bootstrap.servers", kafka.bootstrapServers());
        return p;
    }

    private static GanwatchProcess.Result run(String... args) throws Exception {
        GanwatchProcess.Result r = GanwatchProcess.run(dir, args);
        captured.add(r.stdout() + r.stderr());
        return r;
    }

    @Test
    @Order(1)
    void publishModelWritesTheBundleOverSaslSsl() throws Exception {
        GanwatchProcess.Result r = run("publish-model", "--config", config.toString(), "--bootstrap-servers",
                kafka.bootstrapServers(), "--model", model.toString(), "--topic", "sec-models");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("published model", "to sec-models (partition 0, offset 0)");
    }

    @Test
    @Order(2)
    void streamScoresRecordsOverSaslSsl() throws Exception {
        kafka.createTopics(Map.of("sec-in", 1, "sec-alerts", 1, "sec-scores", 1, "sec-dlq", 1));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        GanwatchProcess.Running stream = GanwatchProcess.start(dir, "stream", "--config", config.toString(),
                "--bootstrap-servers", kafka.bootstrapServers(), "--model", model.toString(), "--format", "json",
                "--input-topic", "sec-in", "--alerts-topic", "sec-alerts", "--scores-topic", "sec-scores",
                "--dead-letter-topic", "sec-dlq", "--http-port", String.valueOf(port),
                "--set", "application.id=sec-app", "--set", "commit.interval.ms=200");
        try {
            awaitHealthy(stream, port);
            int records = 20;
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(client(), new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < records; i++) {
                    producer.send(new ProducerRecord<>("sec-in", "k" + i, "{\"duration\": " + (1.0 + i % 3) + ", \"bytes\": "
                            + (500 + i) + ", \"packets\": 4, \"protocol\": \"tcp\", \"service\": \"http\"}"));
                }
                producer.flush();
            }
            List<ConsumerRecord<String, byte[]>> scores = readCommitted("sec-scores", records, Duration.ofSeconds(90));
            assertThat(scores).as("one score per record").hasSize(records);
            assertThat(new String(scores.get(0).value(), java.nio.charset.StandardCharsets.UTF_8)).contains("score");
            HttpResponse<String> meta = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/model")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(meta.statusCode()).isEqualTo(200);
            captured.add(meta.body());
        } finally {
            GanwatchProcess.Result r = stream.stop();
            captured.add(r.stdout() + r.stderr());
        }
    }

    @Test
    @Order(3)
    void augmentServiceAnswersARequestOverSaslSsl() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        StringBuilder csv = new StringBuilder("amount,label\n");
        for (int i = 0; i < 40; i++) {
            csv.append(i).append(',').append(i % 4 == 0 ? 1 : 0).append('\n');
        }
        Path cards = Files.writeString(data.resolve("cards.csv"), csv);
        kafka.createTopics(Map.of("sec-aug-requests", 1, "sec-aug-synthetic", 1));
        GanwatchProcess.Running service = GanwatchProcess.start(dir, "augment-service", "--config", config.toString(),
                "--bootstrap-servers", kafka.bootstrapServers(), "--requests-topic", "sec-aug-requests",
                "--results-topic", "sec-aug-results", "--group-id", "sec-aug", "--file-root", data.toString());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!service.output().contains("augment-service: serving")) {
                assertThat(service.process().isAlive()).as(service.output()).isTrue();
                assertThat(System.nanoTime()).as("augment-service ready in 90 s\n" + service.output()).isLessThan(deadline);
                Thread.sleep(200);
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(client(), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("sec-aug-requests", "s1", "{\"request_id\": \"s1\", \"source\": {\"path\": \""
                        + cards + "\"}, \"label_column\": \"label\", \"minority\": [\"1\"], \"count\": 5, \"method\": \"smote\","
                        + " \"destination\": {\"topic\": \"sec-aug-synthetic\"}}")).get(30, TimeUnit.SECONDS);
            }
            List<ConsumerRecord<String, byte[]>> results = readCommitted("sec-aug-results", 1, Duration.ofSeconds(90));
            assertThat(results).hasSize(1);
            AugmentationResult result = Results.decode(results.get(0).value());
            assertThat(result.getRequestId()).isEqualTo("s1");
            assertThat(result.getStatus().toString()).as(result.toString()).isEqualTo("OK");
            assertThat(readCommitted("sec-aug-synthetic", 5, Duration.ofSeconds(30))).hasSize(5);
        } finally {
            GanwatchProcess.Result r = service.stop();
            captured.add(r.stdout() + r.stderr());
        }
    }

    @Test
    @Order(4)
    void demoRunsAgainstTheSecuredCluster() throws Exception {
        GanwatchProcess.Result r = run("demo", "--bootstrap-servers", kafka.bootstrapServers(), "--config", config.toString(),
                "--records", "300", "--epochs", "2", "--rate", "0");
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).contains("[kafka]  using the cluster at " + kafka.bootstrapServers(), "summary: ");
        assertThat(r.stdout().lines().filter(l -> l.startsWith("summary: ")).findFirst().orElseThrow()).contains("complete=true");
    }

    @Test
    @Order(5)
    void aWrongPasswordEndsEachCommandWithOneLineInBoundedTime() throws Exception {
        assertRefused(wrongPassword, "Authentication failed");
    }

    @Test
    @Order(6)
    void anUntrustedCertificateEndsEachCommandWithOneLineInBoundedTime() throws Exception {
        assertRefused(untrusted, "SSL handshake failed");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void noSecretAppearsInAnyOutputOrInModel() {
        assertThat(captured).as("outputs captured by the tests before").hasSizeGreaterThanOrEqualTo(10);
        for (String out : captured) {
            assertThat(out).doesNotContain(USER_PASSWORD, WRONG_PASSWORD, STORE_PASSWORD, OTHER_STORE_PASSWORD);
        }
    }

    /** publish-model, stream and augment-service with a bad client config: non-zero exit, one line, no stack trace, in time. */
    private static void assertRefused(Path badConfig, String problem) throws Exception {
        kafka.createTopics(Map.of("sec-bad-in", 1));
        List<List<String>> commands = List.of(
                List.of("publish-model", "--config", badConfig.toString(), "--bootstrap-servers", kafka.bootstrapServers(),
                        "--model", model.toString(), "--topic", "sec-models"),
                List.of("stream", "--config", badConfig.toString(), "--bootstrap-servers", kafka.bootstrapServers(),
                        "--model", model.toString(), "--format", "json", "--input-topic", "sec-bad-in", "--http-port", "0",
                        "--set", "application.id=sec-bad-" + UUID.randomUUID()),
                List.of("augment-service", "--config", badConfig.toString(), "--bootstrap-servers", kafka.bootstrapServers(),
                        "--requests-topic", "sec-bad-requests", "--results-topic", "sec-bad-results", "--group-id", "sec-bad"));
        for (List<String> args : commands) {
            long t0 = System.nanoTime();
            GanwatchProcess.Running p = GanwatchProcess.start(dir, args.toArray(String[]::new));
            boolean ended = p.process().waitFor(FAILURE_BOUND.toSeconds(), TimeUnit.SECONDS);
            GanwatchProcess.Result r = p.stop();
            captured.add(r.stdout() + r.stderr());
            String context = args.get(0) + "\n" + r.stdout() + r.stderr();
            assertThat(ended).as(args.get(0) + " ended within " + FAILURE_BOUND.toSeconds() + " s\n" + context).isTrue();
            System.out.printf("%s with %s: exit %d after %.1f s%n", args.get(0), badConfig.getFileName(), r.exitCode(),
                    (System.nanoTime() - t0) / 1e9);
            assertThat(r.exitCode()).as(context).isNotZero();
            assertThat(r.errorLines()).as(context).hasSize(1);
            assertThat(r.errorLines().get(0)).as(context).contains(problem);
            assertThat(r.stderr()).as("no stack trace\n" + context).doesNotContain("\tat ");
        }
    }

    private static void awaitHealthy(GanwatchProcess.Running p, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            assertThat(p.process().isAlive()).as(p.output()).isTrue();
            try {
                if (HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // endpoint not up yet
            }
            Thread.sleep(300);
        }
        throw new AssertionError("stream not healthy in 90 s:\n" + p.output());
    }

    /** Reads a topic from the start over SASL_SSL, committed records only, until {@code n} arrived or the timeout passed. */
    private static List<ConsumerRecord<String, byte[]>> readCommitted(String topic, int n, Duration timeout) {
        Properties p = client();
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < n && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(out::add);
            }
        }
        return out;
    }
}
