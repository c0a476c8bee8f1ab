package io.ganwatch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ganwatch.benchmark.BenchmarkDataset;
import io.ganwatch.benchmark.Protocol;
import io.ganwatch.benchmark.Split;
import io.ganwatch.detector.Detector;
import io.ganwatch.detector.DetectorTrainer;
import io.ganwatch.detector.TrainingRequest;
import io.ganwatch.features.MissingPolicy;
import io.ganwatch.input.Table;
import io.ganwatch.kafka.LocalKafka;
import io.ganwatch.scoring.Device;
import io.ganwatch.streams.DeadLetterHandler;
import io.ganwatch.streams.ModelHolder;
import io.ganwatch.streams.SchemaCatalog;
import io.ganwatch.streams.ScoringMetrics;
import io.ganwatch.streams.ScoringTopology;
import io.ganwatch.streams.StreamSettings;
import io.ganwatch.streams.WireFormat;
import io.ganwatch.training.AladConfig;
import io.ganwatch.training.TrainingListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

/**
 * Throughput and end-to-end latency of the scoring topology against a pass-through topology (same
 * input, identity map, same exactly-once settings) on the same real broker in the same run, on
 * NSL-KDD records: the model is trained on KDDTrain+ normal rows, the input is KDDTest+ as JSON.
 *
 * <p>Run (after {@code mvn -q package -DskipTests}, whose jar starts the broker): {@code mvn -q test-compile exec:java -Dexec.mainClass=io.ganwatch.bench.StreamThroughputBench
 * -Dexec.classpathScope=test [-Dexec.args="RECORDS RATE"]}.
 */
public final class StreamThroughputBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        Path data = Path.of(System.getProperty("ganwatch.datasets", "../shared/datasets"));
        if (!Files.isRegularFile(data.resolve(BenchmarkDataset.NSLKDD.file()))) {
            System.out.println("skipping: ../shared/datasets/nslkdd not found");
            return;
        }
        Split split = Protocol.load(BenchmarkDataset.NSLKDD, data).split(1);
        TrainingRequest req = new TrainingRequest(split.train(), "", "kdd", null, Set.of(), MissingPolicy.IMPUTE,
                new AladConfig(3, 256, 0, 1e-4, 0.5, 1, 0, 0), 0.01, "nslkdd");
        var bundle = DetectorTrainer.train(req, TrainingListener.NONE).bundle();
        List<byte[]> values = toJson(split.test(), records);
        Path work = Files.createTempDirectory("ganwatch-bench");
        // Under exec:java the class path is Maven's own; the broker runs from the fat jar.
        Path jar = Path.of(System.getProperty("ganwatch.jar", "target/ganwatch.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run `mvn -q package -DskipTests` first");
        }
        try (LocalKafka kafka = LocalKafka.start(io.ganwatch.kafka.LocalKafkaConfig.defaults(work).withClasspath(jar.toString()));
             Detector detector = new Detector(bundle, Device.CPU, bundle.metadata().threshold().value())) {
            Map<String, double[]> results = new LinkedHashMap<>();
            // Alternate the two topologies so that drift on the shared machine hits both alike.
            for (int round = 1; round <= 2; round++) {
                for (String kind : List.of("pass-through", "scoring")) {
                    String id = kind + "-" + round + "-" + UUID.randomUUID().toString().substring(0, 6);
                    kafka.createTopics(Map.of(id + "-in", 3, id + "-out", 3, id + "-alerts", 1, id + "-dlq", 1));
                    produce(kafka, id + "-in", values, 0);
                    Topology t = kind.equals("scoring")
                            ? ScoringTopology.build(new StreamSettings(id + "-in", id + "-alerts", id + "-out", id + "-dlq",
                            WireFormat.JSON, 3), new ModelHolder(detector), ScoringMetrics.NONE, SchemaCatalog.of(List.of()))
                            : passThrough(id + "-in", id + "-out");
                    double throughput = backlog(kafka, t, id, values.size());
                    double[] latency = paced(kafka, kind.equals("scoring") ? ScoringTopology.build(new StreamSettings(id + "-lin",
                            id + "-alerts", id + "-lout", id + "-dlq", WireFormat.JSON, 3), new ModelHolder(detector), ScoringMetrics.NONE,
                            SchemaCatalog.of(List.of())) : passThrough(id + "-lin", id + "-lout"), id, values, rate);
                    System.out.printf(Locale.ROOT, "round %d %-12s backlog %8.0f records/s   paced %d/s: latency p50 %6.1f ms  p99 %6.1f ms%n",
                            round, kind, throughput, rate, latency[0], latency[1]);
                    results.merge(kind, new double[]{throughput, latency[0], latency[1], 1}, (a, b) -> new double[]{a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]});
                }
            }
            double[] p = results.get("pass-through");
            double[] s = results.get("scoring");
            System.out.printf(Locale.ROOT, "mean of 2 rounds: pass-through %.0f records/s, scoring %.0f records/s, ratio %.2f;"
                            + " latency p50 %.1f vs %.1f ms, p99 %.1f vs %.1f ms (%d records of %d features, exactly_once_v2)%n",
                    p[0] / p[3], s[0] / s[3], (s[0] / s[3]) / (p[0] / p[3]), p[1] / p[3], s[1] / s[3], p[2] / p[3], s[2] / s[3],
                    values.size(), detector.encoder().width());
        }
    }

    private static Topology passThrough(String in, String out) {
        Topology t = new Topology();
        t.addSource("input", new ByteArrayDeserializer(), new ByteArrayDeserializer(), in);
        t.addProcessor("identity", () -> new org.apache.kafka.streams.processor.api.Processor<byte[], byte[], byte[], byte[]>() {
            private org.apache.kafka.streams.processor.api.ProcessorContext<byte[], byte[]> ctx;

            @Override
            public void init(org.apache.kafka.streams.processor.api.ProcessorContext<byte[], byte[]> context) {
                ctx = context;
            }

            @Override
            public void process(org.apache.kafka.streams.processor.api.Record<byte[], byte[]> record) {
                ctx.forward(record);
            }
        }, "input");
        t.addSink("out", out, new ByteArraySerializer(), new ByteArraySerializer(), "identity");
        return t;
    }

    private static Properties streamsProps(LocalKafka kafka, String app) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put("consumer.auto.offset.reset", "earliest");
        return p;
    }

    /**
     * Records/s to drain a pre-loaded backlog, timed from the moment Kafka Streams reaches RUNNING
     * (partitions assigned) to the last committed output, so that start-up and the group join are
     * not counted. (Timing from the first committed output instead overstated the pass-through,
     * whose exactly-once commits arrive in a few large chunks.)
     */
    private static double backlog(LocalKafka kafka, Topology t, String id, int n) throws Exception {
        try (KafkaStreams streams = new KafkaStreams(t, streamsProps(kafka, id + "-app"));
             KafkaConsumer<byte[], byte[]> out = consumer(kafka, id + "-out")) {
            long begin = System.nanoTime();
            long[] running = {0};
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING && running[0] == 0) {
                    running[0] = System.nanoTime();
                }
            });
            streams.start();
            int seen = 0;
            while (seen < n) {
                seen += out.poll(Duration.ofMillis(50)).count();
                if (System.nanoTime() - begin > 180e9) {
                    throw new IllegalStateException("backlog " + id + " not drained in 3 minutes: " + seen + " of " + n
                            + " committed outputs, streams state " + streams.state());
                }
            }
            return n / ((System.nanoTime() - running[0]) / 1e9);
        }
    }

    /** p50/p99 ms from produce time to committed output, at a fixed input rate. */
    private static double[] paced(LocalKafka kafka, Topology t, String id, List<byte[]> values, int rate) throws Exception {
        kafka.createTopics(Map.of(id + "-lin", 3, id + "-lout", 3));
        int n = Math.min(values.size(), rate * 15);
        try (KafkaStreams streams = new KafkaStreams(t, streamsProps(kafka, id + "-lapp"));
             KafkaConsumer<byte[], byte[]> out = consumer(kafka, id + "-lout")) {
            streams.start();
            while (streams.state() != KafkaStreams.State.RUNNING) {
                Thread.sleep(100);
            }
            Thread.sleep(2000);
            Thread producer = new Thread(() -> {
                try {
                    produce(kafka, id + "-lin", values.subList(0, n), rate);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            producer.start();
            double[] lat = new double[n];
            int seen = 0;
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (seen < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : out.poll(Duration.ofMillis(100))) {
                    // the output keeps the input's timestamp, which the producer set at send time
                    lat[seen++] = System.currentTimeMillis() - r.timestamp();
                }
            }
            producer.join();
            double[] got = Arrays.copyOf(lat, seen);
            Arrays.sort(got);
            return new double[]{got[(int) (0.5 * (seen - 1))], got[(int) (0.99 * (seen - 1))]};
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(LocalKafka kafka, String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("group.id", "bench-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        p.put("max.poll.records", "5000");
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }

    /** Sends all values; {@code rate} records/s, or as fast as possible when 0. */
    private static void produce(LocalKafka kafka, String topic, List<byte[]> values, int rate) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("linger.ms", rate == 0 ? "20" : "0");
        p.put("batch.size", "262144");
        // Right after topic creation the broker can still answer NOT_LEADER_OR_FOLLOWER; with several
        // requests in flight the idempotent producer then stuck in OUT_OF_ORDER_SEQUENCE_NUMBER retries.
        p.put("max.in.flight.requests.per.connection", "1");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            for (int i = 0; i < values.size(); i++) {
                if (rate > 0) {
                    long due = start + (long) (i * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                producer.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(),
                        ("k" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8), values.get(i)));
            }
            producer.flush();
        }
    }

    /** Test rows as JSON objects with the KDD field names, repeated to {@code n} records. */
    private static List<byte[]> toJson(Table test, int n) throws Exception {
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Table.Row r = test.rows().get(i % test.size());
            Map<String, Object> m = new LinkedHashMap<>();
            for (int c = 0; c < test.columns().size(); c++) {
                m.put(test.columns().get(c), r.get(c));
            }
            out.add(JSON.writeValueAsBytes(m));
        }
        return out;
    }
}
