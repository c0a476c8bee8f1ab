package io.ganwatch.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ganwatch.detector.Detector;
import io.ganwatch.detector.DetectorTrainer;
import io.ganwatch.detector.TrainingRequest;
import io.ganwatch.features.MissingPolicy;
import io.ganwatch.input.Table;
import io.ganwatch.kafka.LocalKafka;
import io.ganwatch.kafka.ModelTopics;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.scoring.Device;
import io.ganwatch.scoring.ThresholdCalibrator;
import io.ganwatch.training.AladConfig;
import io.ganwatch.training.TrainingListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.ganwatch.kafka.OutsideClients.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream processor as users deploy it: {@code java -jar ganwatch.jar stream} against a real
 * single-node KRaft broker, checked from outside with the Java clients (read_committed), kcat and
 * python3-confluent-kafka.
 */
class StreamServiceIT {
    @TempDir
    static Path dir;
    static LocalKafka kafka;
    static Path model;
    static Detector local;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void brokerAndModel() {
        kafka = LocalKafka.start(dir.resolve("kafka"));
        Random r = new Random(11);
        List<Table.Row> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            Object[] v = normal(r);
            rows.add(new Table.Row(i + 2, v));
        }
        TrainingRequest req = new TrainingRequest(new Table("generated", List.of("bytes", "duration", "protocol"), rows), "",
                "generated", null, Set.of(), MissingPolicy.IMPUTE, new AladConfig(8, 64, 0, 1e-3, 0.5, 3, 0, 0), 0.01, "conn");
        ModelBundle bundle = DetectorTrainer.train(req, TrainingListener.NONE).bundle();
        model = dir.resolve("model");
        bundle.save(model);
        local = new Detector(bundle, Device.CPU, bundle.metadata().threshold().value());
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Object[] normal(Random r) {
        double d = Math.exp(r.nextGaussian() * 0.3);
        return new Object[]{d * 1000 * Math.exp(r.nextGaussian() * 0.1), d, r.nextInt(3) == 0 ? "udp" : "tcp"};
    }

    private static String json(Object[] v) {
        return String.format(Locale.ROOT, "{\"bytes\": %.3f, \"duration\": %.5f, \"protocol\": \"%s\"}", v[0], v[1], v[2]);
    }

    /** Generated records whose scores are far from the threshold, so that every scorer agrees on them. */
    private static List<String> records(int n, double anomalyShare, long seed) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>();
        while (out.size() < n) {
            Object[] v = r.nextDouble() < anomalyShare
                    ? new Object[]{5e6 * (1 + r.nextDouble()), 0.01 + 0.02 * r.nextDouble(), "icmp"}
                    : normal(r);
            float[] x = new float[local.encoder().width()];
            local.encoder().encodeInto(v, "gen", 0, x, 0);
            double s = local.scoreEncoded(x, 1, false).scores()[0];
            if (Math.abs(s - local.threshold()) > 0.2 * local.threshold()) {
                out.add(json(v));
            }
        }
        return out;
    }

    private static boolean expectedAlert(String record) {
        try {
            JsonNode n = JSON.readTree(record);
            Object[] v = {n.get("bytes").asDouble(), n.get("duration").asDouble(), n.get("protocol").asText()};
            float[] x = new float[local.encoder().width()];
            local.encoder().encodeInto(v, "gen", 0, x, 0);
            return local.scoreEncoded(x, 1, false).scores()[0] >= local.threshold();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A processor child process. */
    private record Processor(Process process, int httpPort, Path log) {
    }

    private static Processor startProcessor(String app, String prefix) throws Exception {
        return startProcessor(app, prefix, List.of("--model", model.toString()));
    }

    private static Processor startProcessor(String app, String prefix, List<String> modelArgs) throws Exception {
        return startProcessor(app, prefix, modelArgs, List.of("--format", "json"));
    }

    private static Processor startProcessor(String app, String prefix, List<String> modelArgs, List<String> formatArgs)
            throws Exception {
        return startProcessor(app, prefix, modelArgs, formatArgs, List.of());
    }

    private static Processor startProcessor(String app, String prefix, List<String> modelArgs, List<String> formatArgs,
                                            List<String> jvmArgs) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path jar = Path.of(System.getProperty("ganwatch.jar", "target/ganwatch.jar")).toAbsolutePath();
        Path log = dir.resolve(app + "-" + UUID.randomUUID() + ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-jar", jar.toString(), "stream", "--bootstrap-servers", kafka.bootstrapServers()));
        cmd.addAll(modelArgs);
        cmd.addAll(formatArgs);
        cmd.addAll(List.of("--input-topic", prefix + "in", "--alerts-topic", prefix + "alerts", "--scores-topic", prefix + "scores",
                "--dead-letter-topic", prefix + "dlq", "--http-port", String.valueOf(port),
                "--set", "application.id=" + app, "--set", "commit.interval.ms=200", "--set", "session.timeout.ms=6000"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Processor proc = new Processor(p, port, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("processor exited: " + Files.readString(log));
            }
            try {
                if (get(proc, "/health").statusCode() == 200) {
                    return proc;
                }
            } catch (IOException notYet) {
                // endpoint not up yet
            }
            Thread.sleep(300);
        }
        p.destroyForcibly();
        throw new IllegalStateException("processor not ready in 90 s: " + Files.readString(log));
    }

    private static HttpResponse<String> get(Processor p, String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.httpPort() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void produce(String topic, List<String> values, long pauseEvery, long pauseMillis) throws InterruptedException {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("max.in.flight.requests.per.connection", "1"); // see StreamThroughputBench: new topics can stall idempotent producers
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < values.size(); i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, values.get(i)));
                if (pauseEvery > 0 && i % pauseEvery == pauseEvery - 1) {
                    producer.flush();
                    Thread.sleep(pauseMillis);
                }
            }
        }
    }

    /** A producer thread, started, sending {@code values} with a pause of {@code pauseMillis} after every {@code pauseEvery}. */
    private static Thread producing(String topic, List<String> values, long pauseEvery, long pauseMillis) {
        Thread t = new Thread(() -> {
            try {
                produce(topic, values, pauseEvery, pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-producer");
        t.start();
        return t;
    }

    /** Reads committed records of the topics until {@code total} arrived or the timeout passed. */
    private static Map<String, List<ConsumerRecord<String, String>>> readCommitted(List<String> topics, int total, Duration timeout) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("group.id", "check-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        Map<String, List<ConsumerRecord<String, String>>> out = new HashMap<>();
        topics.forEach(t -> out.put(t, new ArrayList<>()));
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(topics);
            long deadline = System.nanoTime() + timeout.toNanos();
            int seen = 0;
            while (seen < total && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> rec : c.poll(Duration.ofMillis(500))) {
                    out.get(rec.topic()).add(rec);
                    seen++;
                }
            }
            // a short extra poll catches anything beyond the expected total (duplicates would show here)
            for (ConsumerRecord<String, String> rec : c.poll(Duration.ofSeconds(2))) {
                out.get(rec.topic()).add(rec);
            }
        }
        return out;
    }

    @Test
    void everyRecordIsScoredOrDeadLetteredAndOutsideClientsReadTheAlerts() throws Exception {
        String pre = "a-";
        kafka.createTopics(Map.of(pre + "in", 3, pre + "alerts", 1, pre + "scores", 1, pre + "dlq", 1));
        Processor proc = startProcessor("app-a", pre);
        try {
            List<String> values = new ArrayList<>(records(200, 0.1, 1));
            List<String> bad = List.of("not json", "[1,2]", "{\"bytes\": 1, \"protocol\": \"tcp\"}",
                    "{\"bytes\": \"lots\", \"duration\": 1, \"protocol\": \"tcp\"}", "{\"bytes\": 1, \"duration\": {\"x\": 1}, \"protocol\": \"tcp\"}");
            for (int i = 0; i < 4; i++) {
                values.addAll(bad);
            }
            produce(pre + "in", values, 0, 0);

            Map<String, List<ConsumerRecord<String, String>>> got =
                    readCommitted(List.of(pre + "scores", pre + "dlq"), 220, Duration.ofSeconds(90));
            assertThat(got.get(pre + "scores")).hasSize(200);
            assertThat(got.get(pre + "dlq")).hasSize(20);
            assertThat(got.get(pre + "dlq")).extracting(r -> new String(r.headers().lastHeader("ganwatch.reason").value(), StandardCharsets.UTF_8))
                    .containsOnly("undecodable", "missing-field", "unencodable");

            long expectedAlerts = values.subList(0, 200).stream().filter(StreamServiceIT::expectedAlert).count();
            assertThat(expectedAlerts).isGreaterThan(5);
            List<ConsumerRecord<String, String>> alerts = readCommitted(List.of(pre + "alerts"), (int) expectedAlerts,
                    Duration.ofSeconds(30)).get(pre + "alerts");
            assertThat(alerts).hasSize((int) expectedAlerts);
            Set<String> ids = new HashSet<>();
            for (ConsumerRecord<String, String> a : alerts) {
                JsonNode n = JSON.readTree(a.value());
                ids.add(n.get("alert_id").asText());
                assertThat(n.get("model_version").asText()).isEqualTo(local.bundle().metadata().version());
                assertThat(n.get("top_features")).hasSize(3);
            }

            String kcat = run("kcat", "-C", "-b", kafka.bootstrapServers(), "-t", pre + "alerts", "-e", "-o", "beginning",
                    "-X", "isolation.level=read_committed", "-q", "-f", "%s\\n");
            Set<String> kcatIds = new HashSet<>();
            for (String line : kcat.split("\n")) {
                if (!line.isBlank()) {
                    kcatIds.add(JSON.readTree(line).get("alert_id").asText());
                }
            }
            assertThat(kcatIds).isEqualTo(ids);

            String py = run("/usr/bin/python3", "-c", String.join("\n",
                    "import json, sys, time",
                    "from confluent_kafka import Consumer",
                    "c = Consumer({'bootstrap.servers': sys.argv[1], 'group.id': 'py-check', 'auto.offset.reset': 'earliest',",
                    "              'isolation.level': 'read_committed'})",
                    "c.subscribe([sys.argv[2]])",
                    "ids, deadline = set(), time.time() + 30",
                    "while len(ids) < int(sys.argv[3]) and time.time() < deadline:",
                    "    m = c.poll(0.5)",
                    "    if m is not None and m.error() is None:",
                    "        ids.add(json.loads(m.value())['alert_id'])",
                    "c.close()",
                    "print('\\n'.join(sorted(ids)))"), kafka.bootstrapServers(), pre + "alerts", String.valueOf(expectedAlerts));
            assertThat(new HashSet<>(py.lines().filter(l -> !l.isBlank()).toList())).isEqualTo(ids);

            String metrics = get(proc, "/metrics").body();
            assertThat(metrics).contains("ganwatch_records_scored_total 200.0", "ganwatch_alerts_total " + expectedAlerts + ".0",
                    "ganwatch_dead_letters_total{reason=\"undecodable\"} 8.0", "ganwatch_scoring_latency_seconds_bucket",
                    "kafka_stream");
            assertThat(get(proc, "/model").body()).contains(local.bundle().metadata().version());
            assertThat(get(proc, "/health").body()).contains("\"ready\":true");
        } finally {
            proc.process().destroy();
            assertThat(proc.process().waitFor(60, TimeUnit.SECONDS)).as("processor stops on SIGTERM").isTrue();
        }
    }

    /**
     * The read_committed output holds every input exactly once: one score per input offset, no
     * duplicate alert, exactly the alerts the model gives, and within a partition in input order.
     */
    private static void assertExactlyOnce(String pre, List<String> values) throws Exception {
        int n = values.size();
        Map<String, List<ConsumerRecord<String, String>>> got =
                readCommitted(List.of(pre + "scores", pre + "alerts"), n + n / 20, Duration.ofSeconds(120));
        List<String> scoreIds = new ArrayList<>();
        Map<String, Long> lastOffset = new HashMap<>();
        for (ConsumerRecord<String, String> s : got.get(pre + "scores")) {
            JsonNode node = JSON.readTree(s.value());
            String partition = node.get("source_partition").asText();
            long offset = node.get("source_offset").asLong();
            scoreIds.add(partition + "-" + offset);
            Long before = lastOffset.put(partition, offset);
            assertThat(before == null || before < offset).as("scores of partition %s in input order (%s then %s)", partition,
                    before, offset).isTrue();
        }
        assertThat(scoreIds).hasSize(n).doesNotHaveDuplicates();

        Set<String> expected = new HashSet<>();
        for (int i = 0; i < n; i++) {
            if (expectedAlert(values.get(i))) {
                expected.add("k" + i);
            }
        }
        List<String> alertKeys = got.get(pre + "alerts").stream().map(ConsumerRecord::key).toList();
        assertThat(alertKeys).doesNotHaveDuplicates();
        assertThat(new HashSet<>(alertKeys)).isEqualTo(expected);
    }

    private static void awaitHalted(Processor p) throws Exception {
        assertThat(p.process().waitFor(90, TimeUnit.SECONDS)).as("the halt hook stopped the instance").isTrue();
        assertThat(p.process().exitValue()).isEqualTo(137);
        assertThat(Files.readString(p.log())).contains("ganwatch.test.halt: halting in the middle of");
    }

    /**
     * An instance started with the halt hook {@code halt} stops itself in the middle of a batch while
     * {@code values} arrive (a pause of {@code pauseMillis} after every {@code pauseEvery}; 0: at full
     * speed); a second instance takes over; the output holds every input exactly once.
     */
    private static void haltThenTakeOver(String pre, String halt, List<String> firstFlags, List<String> secondFlags,
                                         List<String> values, long pauseEvery, long pauseMillis) throws Exception {
        kafka.createTopics(Map.of(pre + "in", 3, pre + "alerts", 1, pre + "scores", 1, pre + "dlq", 1));
        List<String> modelArgs = List.of("--model", model.toString());
        Processor first = startProcessor("app-" + pre, pre, modelArgs, firstFlags, List.of("-Dganwatch.test.halt=" + halt));
        Thread producer = producing(pre + "in", values, pauseEvery, pauseMillis);
        awaitHalted(first);
        Processor second = startProcessor("app-" + pre, pre, modelArgs, secondFlags);
        try {
            producer.join();
            assertExactlyOnce(pre, values);
        } finally {
            second.process().destroy();
            second.process().waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void aHaltInTheMiddleOfAFullBatchLosesAndDuplicatesNothing() throws Exception {
        // input at full speed, so batches fill; the wait limit is too long to flush any first
        haltThenTakeOver("h-", "flush:5",
                List.of("--format", "json", "--set", "ganwatch.batch.max.records=64", "--set", "ganwatch.batch.max.wait.ms=10000"),
                List.of("--format", "json", "--set", "ganwatch.batch.max.records=64", "--set", "ganwatch.batch.max.wait.ms=50"),
                records(3000, 0.05, 4), 0, 0);
    }

    @Test
    void aHaltInTheMiddleOfAWaitLimitFlushLosesAndDuplicatesNothing() throws Exception {
        // about 3 s of input in small steps: batches never fill, the wait limit flushes them
        List<String> flags = List.of("--format", "json", "--set", "ganwatch.batch.max.records=4096",
                "--set", "ganwatch.batch.max.wait.ms=200");
        haltThenTakeOver("p-", "punctuation:4", flags, flags, records(1500, 0.05, 5), 50, 100);
    }

    @Test
    void instancesJoiningAndLeavingWhileBatchesArePendingLoseAndDuplicateNothing() throws Exception {
        String pre = "r-";
        kafka.createTopics(Map.of(pre + "in", 3, pre + "alerts", 1, pre + "scores", 1, pre + "dlq", 1));
        List<String> values = records(4000, 0.05, 6);
        List<String> batchFlags = List.of("--format", "json", "--set", "ganwatch.batch.max.records=128",
                "--set", "ganwatch.batch.max.wait.ms=500");
        List<String> modelArgs = List.of("--model", model.toString());
        Processor a = startProcessor("app-r", pre, modelArgs, batchFlags);
        Thread producer = producing(pre + "in", values, 100, 100); // about 4 s of input
        Processor b = startProcessor("app-r", pre, modelArgs, batchFlags);
        Processor c = startProcessor("app-r", pre, modelArgs, batchFlags);
        b.process().destroy(); // leaves cleanly: its tasks move while their batches are pending
        assertThat(b.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        try {
            producer.join();
            assertExactlyOnce(pre, values);
        } finally {
            for (Processor p : List.of(a, c)) {
                p.process().destroy();
                p.process().waitFor(60, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aTargetFprGivenAtStartSetsTheThresholdAndEveryScoreCarriesItsPValue() throws Exception {
        String pre = "f-";
        kafka.createTopics(Map.of(pre + "in", 1, pre + "alerts", 1, pre + "scores", 1, pre + "dlq", 1));
        Processor proc = startProcessor("app-f", pre, List.of("--model", model.toString(), "--target-fpr", "0.2"));
        try {
            produce(pre + "in", records(50, 0.1, 6), 0, 0);
            List<ConsumerRecord<String, String>> scores = readCommitted(List.of(pre + "scores"), 50, Duration.ofSeconds(90))
                    .get(pre + "scores");
            assertThat(scores).hasSize(50);
            double expected = ThresholdCalibrator.calibrate(local.bundle().metadata().calibrationScores().values(), 0.2).value();
            assertThat(expected).isLessThan(local.threshold());
            for (ConsumerRecord<String, String> r : scores) {
                JsonNode n = JSON.readTree(r.value());
                double score = n.get("score").asDouble();
                assertThat(n.get("threshold").asDouble()).isEqualTo(expected);
                assertThat(n.get("is_anomaly").asBoolean()).isEqualTo(score >= expected);
                assertThat(n.get("p_value").asDouble()).isEqualTo(local.pValue(score));
            }
            assertThat(Files.readString(proc.log())).contains("at target FPR 0.2");
        } finally {
            proc.process().destroy();
            assertThat(proc.process().waitFor(60, TimeUnit.SECONDS)).as("processor stops on SIGTERM").isTrue();
        }
    }

    @Test
    void aBrokerRestartMidRunLosesAndDuplicatesNothingAndTheStreamRecoversByItself() throws Exception {
        String pre = "x-";
        kafka.createTopics(Map.of(pre + "in", 3, pre + "alerts", 1, pre + "scores", 1, pre + "dlq", 1));
        List<String> values = records(3000, 0.05, 7);
        Processor proc = startProcessor("app-x", pre);
        Thread producer = producing(pre + "in", values, 100, 100); // about 3 s of input, held back by the producer while the broker is down
        try {
            Thread.sleep(1500);
            kafka.stopKeepingData(); // batches pending, a transaction open
            Thread.sleep(12_000);
            kafka.restart();
            producer.join();
            assertExactlyOnce(pre, values);
            assertThat(proc.process().isAlive()).as("the stream lived through the outage without a restart").isTrue();
        } finally {
            proc.process().destroy();
            proc.process().waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void killMinus9MidRunLosesAndDuplicatesNothingUnderExactlyOnce() throws Exception {
        String pre = "b-";
        kafka.createTopics(Map.of(pre + "in", 3, pre + "alerts", 1, pre + "scores", 1, pre + "dlq", 1));
        List<String> values = records(3000, 0.05, 2);
        Processor first = startProcessor("app-b", pre);
        Thread producer = producing(pre + "in", values, 100, 100); // about 3 s of input
        Thread.sleep(1500);
        first.process().destroyForcibly(); // SIGKILL: no clean shutdown, an open transaction is aborted
        first.process().waitFor(30, TimeUnit.SECONDS);
        Processor second = startProcessor("app-b", pre);
        try {
            producer.join();
            assertExactlyOnce(pre, values);
        } finally {
            second.process().destroy();
            second.process().waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static String cli(String... args) throws Exception {
        Path jar = Path.of(System.getProperty("ganwatch.jar", "target/ganwatch.jar")).toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new));
    }

    private static String version(ConsumerRecord<String, String> scored) {
        try {
            return JSON.readTree(scored.value()).get("model_version").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPublishedModelIsSwappedInUnderLoadOnceAndACorruptOneIsRefused() throws Exception {
        String pre = "c-";
        kafka.createTopics(Map.of(pre + "in", 3, pre + "alerts", 1, pre + "scores", 1, pre + "dlq", 1));
        String v1 = local.bundle().metadata().version();
        assertThat(cli("publish-model", "--model", model.toString(), "--topic", pre + "models",
                "--bootstrap-servers", kafka.bootstrapServers())).contains("published model conn version " + v1);

        Random r = new Random(21);
        List<Table.Row> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            rows.add(new Table.Row(i + 2, normal(r)));
        }
        ModelBundle second = DetectorTrainer.train(new TrainingRequest(new Table("generated-2", List.of("bytes", "duration", "protocol"),
                rows), "", "generated", null, Set.of(), MissingPolicy.IMPUTE, new AladConfig(8, 64, 0, 1e-3, 0.5, 4, 0, 0), 0.01, "conn"),
                TrainingListener.NONE).bundle();
        String v2 = second.metadata().version();
        assertThat(v2).isNotEqualTo(v1);
        Path model2 = dir.resolve("model-2");
        second.save(model2);

        Processor proc = startProcessor("app-c", pre, List.of("--model-topic", pre + "models"));
        try {
            List<String> values = records(3000, 0.05, 3);
            // About 15 s of input, so that the swap lands mid-stream even on a loaded machine, where publish-model
            // (a JVM start) and the swap took 8 s after the feed began, longer than the 7.5 s it used to last.
            Thread producer = producing(pre + "in", values, 50, 250);
            Thread.sleep(1000);
            // A corrupt bundle (graph altered after hashing) must be refused while v1 keeps serving.
            byte[] graph = second.graph().clone();
            graph[graph.length / 2] ^= 0x33;
            Properties pp = new Properties();
            pp.put("bootstrap.servers", kafka.bootstrapServers());
            try (KafkaProducer<String, byte[]> raw = ModelTopics.producer(pp)) { // the topic is publish-model's
                raw.send(new ProducerRecord<>(pre + "models", "conn",
                        ModelMessages.encode(new ModelBundle(second.metadata(), graph)))).get();
            }
            Thread.sleep(500);
            cli("publish-model", "--model", model2.toString(), "--topic", pre + "models", "--bootstrap-servers", kafka.bootstrapServers());
            long swapDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!get(proc, "/model").body().contains(v2) && System.nanoTime() < swapDeadline) {
                Thread.sleep(200);
            }
            assertThat(producer.isAlive()).as("the swap happened while records were still arriving; processor log:%n%s",
                    Files.readString(proc.log())).isTrue();
            producer.join();

            List<ConsumerRecord<String, String>> scores = readCommitted(List.of(pre + "scores"), 3000, Duration.ofSeconds(120))
                    .get(pre + "scores");
            assertThat(scores).hasSize(3000); // no record lost across the swap
            Map<String, List<String>> versionsByPartition = new HashMap<>();
            for (ConsumerRecord<String, String> s : scores) {
                JsonNode n = JSON.readTree(s.value());
                versionsByPartition.computeIfAbsent(n.get("source_partition").asText(), k -> new ArrayList<>())
                        .add(n.get("model_version").asText());
            }
            assertThat(scores.stream().map(StreamServiceIT::version).distinct().toList())
                    .as(Files.readString(proc.log())).containsExactlyInAnyOrder(v1, v2);
            for (List<String> seq : versionsByPartition.values()) {
                // in offset order, each partition is scored by v1 and then by v2: the version changes once
                int changes = 0;
                for (int i = 1; i < seq.size(); i++) {
                    if (!seq.get(i).equals(seq.get(i - 1))) {
                        changes++;
                    }
                }
                assertThat(changes).isLessThanOrEqualTo(1);
                assertThat(seq.get(0)).isEqualTo(v1);
            }
            String metrics = get(proc, "/metrics").body();
            assertThat(metrics).contains("ganwatch_model_refused_total 1.0", "ganwatch_model_swaps_total 1.0");
            assertThat(get(proc, "/model").body()).contains(v2);
        } finally {
            proc.process().destroy();
            proc.process().waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void twoInstancesWithTheSameApplicationIdShareThePartitions() throws Exception {
        String pre = "d-";
        kafka.createTopics(Map.of(pre + "in", 4, pre + "alerts", 1, pre + "scores", 1, pre + "dlq", 1));
        Processor one = startProcessor("app-d", pre);
        Processor two = startProcessor("app-d", pre);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((get(one, "/health").statusCode() != 200 || get(two, "/health").statusCode() != 200) && System.nanoTime() < deadline) {
                Thread.sleep(300); // wait until the group has settled on both
            }
            produce(pre + "in", records(2000, 0.05, 4), 0, 0);
            List<ConsumerRecord<String, String>> scores = readCommitted(List.of(pre + "scores"), 2000, Duration.ofSeconds(90))
                    .get(pre + "scores");
            assertThat(scores).hasSize(2000);
            double a = scoredCount(get(one, "/metrics").body());
            double b = scoredCount(get(two, "/metrics").body());
            assertThat(a).as("instance one scored some").isGreaterThan(0);
            assertThat(b).as("instance two scored some").isGreaterThan(0);
            assertThat(a + b).isGreaterThanOrEqualTo(2000);
        } finally {
            one.process().destroy();
            two.process().destroy();
            one.process().waitFor(60, TimeUnit.SECONDS);
            two.process().waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static double scoredCount(String metrics) {
        return metrics.lines().filter(l -> l.startsWith("ganwatch_records_scored_total ")).mapToDouble(l -> Double.parseDouble(l.split(" ")[1]))
                .findFirst().orElse(0);
    }

    @Test
    void avroInputOfAUserSchemaGivesAlertsThatDecodeWithTheSchemaFromSchemasDir() throws Exception {
        String pre = "e-";
        kafka.createTopics(Map.of(pre + "in", 2, pre + "alerts", 1, pre + "scores", 1, pre + "dlq", 1));
        String conn = "{\"type\":\"record\",\"name\":\"Conn\",\"namespace\":\"user\",\"fields\":["
                + "{\"name\":\"bytes\",\"type\":\"double\"},{\"name\":\"duration\",\"type\":\"double\"},"
                + "{\"name\":\"protocol\",\"type\":\"string\"}]}";
        Path avsc = Files.writeString(dir.resolve("conn.avsc"), conn);
        org.apache.avro.Schema connSchema = new org.apache.avro.Schema.Parser().parse(conn);
        Processor proc = startProcessor("app-e", pre, List.of("--model", model.toString()),
                List.of("--format", "avro", "--schema", avsc.toString()));
        try {
            List<String> json = records(300, 0.1, 5);
            List<byte[]> values = new ArrayList<>();
            org.apache.avro.message.BinaryMessageEncoder<org.apache.avro.generic.GenericRecord> enc =
                    new org.apache.avro.message.BinaryMessageEncoder<>(org.apache.avro.generic.GenericData.get(), connSchema);
            for (String j : json) {
                JsonNode n = JSON.readTree(j);
                org.apache.avro.generic.GenericRecord g = new org.apache.avro.generic.GenericData.Record(connSchema);
                g.put("bytes", n.get("bytes").asDouble());
                g.put("duration", n.get("duration").asDouble());
                g.put("protocol", n.get("protocol").asText());
                java.nio.ByteBuffer b = enc.encode(g);
                byte[] v = new byte[b.remaining()];
                b.get(v);
                values.add(v);
            }
            Properties p = new Properties();
            p.put("bootstrap.servers", kafka.bootstrapServers());
            p.put("max.in.flight.requests.per.connection", "1");
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                    new org.apache.kafka.common.serialization.ByteArraySerializer())) {
                for (int i = 0; i < values.size(); i++) {
                    producer.send(new ProducerRecord<>(pre + "in", "k" + i, values.get(i)));
                }
            }
            long expected = json.stream().filter(StreamServiceIT::expectedAlert).count();
            assertThat(readCommitted(List.of(pre + "scores"), 300, Duration.ofSeconds(90)).get(pre + "scores")).hasSize(300);

            // A consumer that knows nothing of ganwatch's Java classes: the .avsc file from schemas/ is enough.
            org.apache.avro.Schema alertSchema = new org.apache.avro.Schema.Parser().parse(Path.of("schemas/AnomalyAlert.avsc").toFile());
            org.apache.avro.message.BinaryMessageDecoder<org.apache.avro.generic.GenericRecord> dec =
                    new org.apache.avro.message.BinaryMessageDecoder<>(org.apache.avro.generic.GenericData.get(), alertSchema);
            Properties c = new Properties();
            c.put("bootstrap.servers", kafka.bootstrapServers());
            c.put("group.id", "avro-check");
            c.put("auto.offset.reset", "earliest");
            c.put("isolation.level", "read_committed");
            List<org.apache.avro.generic.GenericRecord> alerts = new ArrayList<>();
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
                consumer.subscribe(List.of(pre + "alerts"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (alerts.size() < expected && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                        alerts.add(dec.decode(r.value()));
                    }
                }
            }
            assertThat(alerts).hasSize((int) expected);
            for (org.apache.avro.generic.GenericRecord a : alerts) {
                assertThat(a.get("source_topic").toString()).isEqualTo(pre + "in");
                assertThat((double) a.get("score")).isGreaterThanOrEqualTo((double) a.get("threshold"));
                assertThat(a.get("model_version").toString()).isEqualTo(local.bundle().metadata().version());
                assertThat(JSON.readTree(a.get("record_json").toString()).has("protocol")).isTrue();
            }
        } finally {
            proc.process().destroy();
            proc.process().waitFor(60, TimeUnit.SECONDS);
        }
    }
}
