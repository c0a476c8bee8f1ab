package io.ganwatch.connect;

import io.ganwatch.input.Table;
import io.ganwatch.kafka.LocalKafka;
import io.ganwatch.kafka.ModelTopics;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.streams.ModelMessages;
import io.ganwatch.streams.ConnModels;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The transform on a real Kafka Connect worker: {@code ConnectStandalone} from
 * {@code connect-runtime} in a child JVM next to a real broker, with ganwatch only on its
 * {@code plugin.path} (the plugin directory the Maven build makes), so that Connect's plugin
 * isolation loads it. Two {@code FileStreamSink} connectors read the same topic of schemaless JSON
 * connections: one scores every record into a file with the model from its directory and sends
 * bad records to its dead-letter topic, the other follows the same model on a model topic and keeps
 * only the anomalies with Connect's own {@code Filter} and {@code HasHeaderKey}.
 * Scores are checked against {@code ganwatch score} on the same rows.
 */
class ConnectTransformIT {
    private static final String TOPIC = "conns";
    private static final String DLQ = "conns-dlq";
    private static final String MODELS = "conn-models";
    /** What the worker needs from the test class path: connect-runtime, connect-file and their libraries, no ganwatch. */
    private static final List<String> WORKER_LIBRARIES = List.of("/org/apache/kafka/connect-", "/org/apache/kafka/kafka-clients/",
            "/org/eclipse/jetty/", "/org/glassfish/", "/jakarta/", "/javax/", "/com/fasterxml/jackson/", "/org/slf4j/",
            "/org/apache/logging/log4j/", "/io/github/classgraph/", "/org/apache/maven/maven-artifact/", "/org/codehaus/plexus/",
            "/io/swagger/", "/org/javassist/", "/com/sun/activation/", "/org/bitbucket/b_c/", "/at/yawk/lz4/",
            "/com/github/luben/", "/org/xerial/snappy/", "/org/lz4/");
    private static final Pattern FIELD = Pattern.compile("(?:^\\{|, )(ganwatch_score|ganwatch_anomaly|ganwatch_p_value|ganwatch_model_version|bytes|duration|protocol)=([^,}]*)");

    @TempDir
    static Path dir;
    static LocalKafka kafka;
    static Path model;
    static Process worker;
    static Path workerLog;

    @BeforeAll
    static void brokerAndModel() {
        kafka = LocalKafka.start(dir.resolve("kafka"));
        kafka.createTopics(Map.of(TOPIC, 1));
        ModelTopics.create(kafka, MODELS);
        model = dir.resolve("model");
        ModelBundle bundle = ConnModels.train("conn", 11);
        bundle.save(model);
        // The same bundle on a model topic, as `ganwatch publish-model` writes it, for the second connector.
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = ModelTopics.producer(p)) {
            producer.send(new ProducerRecord<>(MODELS, bundle.metadata().modelId(), ModelMessages.encode(bundle))).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish the model", e);
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (worker != null) {
            worker.destroy();
            if (!worker.waitFor(30, TimeUnit.SECONDS)) {
                worker.destroyForcibly();
            }
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Good rows: generated normal connections and a few far-off ones, formatted once for both JSON and CSV. */
    private static List<String[]> goodRows(long seed, int n) {
        Table t = ConnModels.connections(seed);
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Object[] v = t.rows().get(i).values();
            out.add(row((Double) v[0], (Double) v[1], (String) v[2]));
        }
        out.add(row(5.0e7, 0.001, "tcp"));
        out.add(row(3.0, 900.0, "icmp"));
        out.add(row(2.0e6, 0.01, "udp"));
        return out;
    }

    private static String[] row(double bytes, double duration, String protocol) {
        return new String[]{String.format(Locale.ROOT, "%.3f", bytes), String.format(Locale.ROOT, "%.5f", duration), protocol};
    }

    private static String json(String[] r) {
        return "{\"bytes\": " + r[0] + ", \"duration\": " + r[1] + ", \"protocol\": \"" + r[2] + "\"}";
    }

    @Test
    void aConnectorChainScoresRecordsLikeTheScoreCommandAndSendsBadRecordsToItsDeadLetterTopic() throws Exception {
        Path plugin = Path.of(System.getProperty("ganwatch.connect.plugin", "target/ganwatch-connect-plugin")).toAbsolutePath();
        assertThat(plugin.resolve("ganwatch-connect")).as(plugin + " holds the plugin; integration tests run after `mvn package`")
                .isDirectory();
        List<String[]> before = goodRows(99, 30);
        List<String[]> after = goodRows(7, 10);
        List<String[]> good = new ArrayList<>(before);
        good.addAll(after);
        String missing = "{\"duration\": 1.00000, \"protocol\": \"tcp\"}";
        String notANumber = "{\"bytes\": \"lots\", \"duration\": 1.00000, \"protocol\": \"tcp\"}";

        // The expected scores: `ganwatch score` on the same rows, as a user would run it.
        double[] expected = new double[good.size()];
        boolean[] expectedAnomaly = new boolean[good.size()];
        scoreCommand(good, expected, expectedAnomaly);
        int anomalies = 0;
        for (boolean a : expectedAnomaly) {
            anomalies += a ? 1 : 0;
        }
        assertThat(anomalies).as("the far-off rows are anomalies, most are not").isBetween(3, good.size() / 2);

        List<String> values = new ArrayList<>();
        before.forEach(r -> values.add(json(r)));
        values.add(missing);
        values.add(notANumber);
        after.forEach(r -> values.add(json(r)));
        produce(values);

        Path all = dir.resolve("all.txt");
        Path alerts = dir.resolve("anomalies.txt");
        startWorker(all, alerts);

        // Later good records still arrive: the bad ones in the middle did not stop the task.
        waitFor(() -> lines(all).size() >= good.size() && lines(alerts).size() >= expectedAnomalyCount(expectedAnomaly),
                Duration.ofSeconds(120), "the sink files to fill (" + good.size() + " scored lines, "
                        + expectedAnomalyCount(expectedAnomaly) + " anomalies)");
        List<String> scored = lines(all);
        assertThat(scored).hasSize(good.size());
        String version = null;
        for (int i = 0; i < good.size(); i++) {
            Map<String, String> f = fields(scored.get(i));
            assertThat(Double.parseDouble(f.get("bytes"))).isEqualTo(Double.parseDouble(good.get(i)[0]));
            assertThat(f.get("protocol")).isEqualTo(good.get(i)[2]);
            // The transform scores each record alone, `score` in batches: ONNX Runtime's Gemm (the kNN head's
            // distance to every prototype is one) may round the last bit differently, and far rows score over 100.
            assertThat(Double.parseDouble(f.get("ganwatch_score"))).as(scored.get(i))
                    .isCloseTo(expected[i], within(Math.max(1e-5, 4 * Math.ulp((float) expected[i]))));
            assertThat(Boolean.parseBoolean(f.get("ganwatch_anomaly"))).as(scored.get(i)).isEqualTo(expectedAnomaly[i]);
            assertThat(Double.parseDouble(f.get("ganwatch_p_value"))).isBetween(0.0, 1.0);
            version = f.get("ganwatch_model_version");
            assertThat(version).isNotBlank();
        }

        // The Filter + HasHeaderKey chain kept exactly the anomalies, in order.
        List<String> kept = lines(alerts).stream().map(l -> fields(l).get("bytes")).toList();
        List<String> anomalous = new ArrayList<>();
        for (int i = 0; i < good.size(); i++) {
            if (expectedAnomaly[i]) {
                anomalous.add(fields(scored.get(i)).get("bytes"));
            }
        }
        assertThat(kept).isEqualTo(anomalous);
        String followedVersion = version;
        assertThat(lines(alerts)).allSatisfy(l -> assertThat(fields(l).get("ganwatch_model_version")).isEqualTo(followedVersion));

        // Both bad records are on the dead-letter topic, with the reason in Connect's context headers.
        List<ConsumerRecord<String, String>> dead = consume(DLQ, 2);
        assertThat(dead).extracting(ConsumerRecord::value).containsExactly(missing, notANumber);
        for (ConsumerRecord<String, String> d : dead) {
            assertThat(header(d, "__connect.errors.stage")).isEqualTo("TRANSFORMATION");
            assertThat(header(d, "__connect.errors.class.name")).isEqualTo(ScoreRecord.class.getName());
            assertThat(header(d, "__connect.errors.exception.class.name"))
                    .isEqualTo("org.apache.kafka.connect.errors.DataException");
            assertThat(header(d, "__connect.errors.topic")).isEqualTo(TOPIC);
        }
        assertThat(header(dead.get(0), "__connect.errors.exception.message")).contains("missing-field").contains("bytes");
        assertThat(header(dead.get(1), "__connect.errors.exception.message")).contains("bytes");
        assertThat(worker.isAlive()).as("the worker keeps running: " + tail()).isTrue();
        // ganwatch came from the plugin directory, through Connect's plugin class loader.
        String log = Files.readString(workerLog);
        assertThat(log).contains("Loading plugin from: " + plugin.resolve("ganwatch-connect"))
                .contains("Added plugin '" + ScoreRecord.class.getName() + "'");

        // And it goes on scoring records produced after the bad ones were handled.
        List<String[]> later = goodRows(5, 3);
        produce(later.stream().map(ConnectTransformIT::json).toList());
        waitFor(() -> lines(all).size() >= good.size() + later.size(), Duration.ofSeconds(60), "the later records");
        assertThat(fields(lines(all).get(good.size())).get("ganwatch_model_version")).isEqualTo(version);
    }

    private static int expectedAnomalyCount(boolean[] a) {
        int n = 0;
        for (boolean b : a) {
            n += b ? 1 : 0;
        }
        return n;
    }

    private static void scoreCommand(List<String[]> rows, double[] scores, boolean[] anomaly) throws Exception {
        Path csv = dir.resolve("rows.csv");
        Files.writeString(csv, "bytes,duration,protocol\n" + rows.stream().map(r -> String.join(",", r))
                .collect(Collectors.joining("\n")) + "\n");
        Path out = dir.resolve("scored.csv");
        Path jar = Path.of(System.getProperty("ganwatch.jar", "target/ganwatch.jar")).toAbsolutePath();
        Path log = dir.resolve("score.log");
        Process p = new ProcessBuilder(java(), "-jar", jar.toString(), "score", "--model", model.toString(), "--input",
                csv.toString(), "--output", out.toString(), "--top", "0").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("score finishes").isTrue();
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
        try (Reader r = Files.newBufferedReader(out);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
            List<CSVRecord> recs = parser.getRecords();
            assertThat(recs).hasSize(rows.size());
            for (int i = 0; i < recs.size(); i++) {
                scores[i] = Double.parseDouble(recs.get(i).get("score"));
                anomaly[i] = Boolean.parseBoolean(recs.get(i).get("is_anomaly"));
            }
        }
    }

    private static void startWorker(Path all, Path alerts) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path plugin = Path.of(System.getProperty("ganwatch.connect.plugin", "target/ganwatch-connect-plugin")).toAbsolutePath();
        Path workerProps = write("worker.properties", Map.of(
                "bootstrap.servers", kafka.bootstrapServers(),
                "key.converter", "org.apache.kafka.connect.storage.StringConverter",
                "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                "value.converter.schemas.enable", "false",
                "offset.storage.file.filename", dir.resolve("offsets").toString(),
                "offset.flush.interval.ms", "1000",
                "plugin.path", plugin.toString(),
                // Plugins found through their META-INF/services files: no class-path scan, a faster start.
                "plugin.discovery", "service_load",
                "listeners", "http://127.0.0.1:" + port));
        Map<String, String> score = Map.of(
                "transforms.score.type", ScoreRecord.class.getName(),
                "transforms.score.model.path", model.toString(),
                "transforms.score.output", "fields");
        // The second connector follows the model topic instead of reading the directory.
        Map<String, String> followed = Map.of(
                "transforms.score.type", ScoreRecord.class.getName(),
                "transforms.score.model.topic", MODELS,
                "transforms.score.model.kafka.bootstrap.servers", kafka.bootstrapServers(),
                "transforms.score.output", "fields");
        Properties allSink = new Properties();
        allSink.putAll(Map.of("name", "score-all", "connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector",
                "tasks.max", "1", "topics", TOPIC, "file", all.toString(), "transforms", "score",
                "errors.tolerance", "all", "errors.deadletterqueue.topic.name", DLQ,
                "errors.deadletterqueue.topic.replication.factor", "1",
                "errors.deadletterqueue.context.headers.enable", "true"));
        allSink.putAll(score);
        Properties alertSink = new Properties();
        alertSink.putAll(Map.of("name", "anomalies-only", "connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector",
                "tasks.max", "1", "topics", TOPIC, "file", alerts.toString(), "transforms", "score,onlyAnomalies",
                "transforms.onlyAnomalies.type", "org.apache.kafka.connect.transforms.Filter",
                "transforms.onlyAnomalies.predicate", "isAnomaly", "transforms.onlyAnomalies.negate", "true",
                "predicates", "isAnomaly"));
        alertSink.putAll(Map.of("predicates.isAnomaly.type", "org.apache.kafka.connect.transforms.predicates.HasHeaderKey",
                "predicates.isAnomaly.name", ScoreRecord.ALERT_HEADER, "errors.tolerance", "all"));
        alertSink.putAll(followed);
        Path log4j = dir.resolve("connect-log4j2.properties");
        Files.writeString(log4j, """
                rootLogger.level = INFO
                rootLogger.appenderRef.stdout.ref = STDOUT
                appender.stdout.type = Console
                appender.stdout.name = STDOUT
                appender.stdout.layout.type = PatternLayout
                appender.stdout.layout.pattern = [%d] %p %m (%c)%n
                """);
        workerLog = dir.resolve("worker.log");
        ProcessBuilder pb = new ProcessBuilder(java(), "-Xmx768m", "-Dlog4j2.configurationFile=" + log4j,
                "org.apache.kafka.connect.cli.ConnectStandalone", workerProps.toString(), write("all.properties", allSink).toString(),
                write("anomalies.properties", alertSink).toString());
        // The class path in the environment, not on the command line: ONNX Runtime 1.29 crashes a
        // process whose command line is 4 KiB or longer (README, "Known limitation").
        pb.environment().put("CLASSPATH", workerClassPath());
        worker = pb.redirectErrorStream(true).redirectOutput(workerLog.toFile()).start();
    }

    /** The test class path cut down to Connect's own libraries: ganwatch reaches the worker only through plugin.path. */
    private static String workerClassPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> picked = Arrays.stream(cp.split(File.pathSeparator))
                .filter(e -> WORKER_LIBRARIES.stream().anyMatch(lib -> e.replace(File.separatorChar, '/').contains(lib)))
                .toList();
        assertThat(picked).as("connect-runtime and connect-file on the test class path " + cp)
                .anyMatch(e -> e.contains("connect-runtime")).anyMatch(e -> e.contains("connect-file"));
        assertThat(picked).as("no ganwatch classes on the worker's class path").noneMatch(e -> e.contains("ganwatch"));
        return String.join(File.pathSeparator, picked);
    }

    private static Path write(String name, Map<?, ?> settings) throws IOException {
        Path p = dir.resolve(name);
        StringBuilder sb = new StringBuilder();
        settings.forEach((k, v) -> sb.append(k).append('=').append(v.toString().replace("\\", "\\\\")).append('\n'));
        Files.writeString(p, sb.toString());
        return p;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void produce(List<String> values) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("acks", "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < values.size(); i++) {
                producer.send(new ProducerRecord<>(TOPIC, "k" + i, values.get(i)));
            }
            producer.flush();
        }
    }

    private static List<ConsumerRecord<String, String>> consume(String topic, int n) throws IOException {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("group.id", "it-" + topic);
        p.put("auto.offset.reset", "earliest");
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (out.size() < n && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        assertThat(out).as("records on " + topic + "; worker log: " + tail()).hasSize(n);
        return out;
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Map<String, String> fields(String line) {
        Matcher m = FIELD.matcher(line);
        Map<String, String> f = new java.util.HashMap<>();
        while (m.find()) {
            f.put(m.group(1), m.group(2));
        }
        assertThat(f).as(line).containsKeys("bytes", "protocol", "ganwatch_score", "ganwatch_anomaly", "ganwatch_model_version");
        return f;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList() : List.of();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(BooleanSupplier condition, Duration limit, String what) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (!worker.isAlive()) {
                throw new AssertionError("the Connect worker exited while waiting for " + what + ": " + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + limit.toSeconds() + " s; worker log: " + tail());
            }
            Thread.sleep(200);
        }
    }

    private static String tail() {
        try {
            List<String> l = Files.readAllLines(workerLog);
            return String.join("\n", l.subList(Math.max(0, l.size() - 60), l.size()));
        } catch (IOException e) {
            return "(no worker log: " + e.getMessage() + ")";
        }
    }
}
