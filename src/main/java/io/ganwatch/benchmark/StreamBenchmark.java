package io.ganwatch.benchmark;

import io.ganwatch.avro.CardTransaction;
import io.ganwatch.demo.SimulatedTraffic;
import io.ganwatch.detector.Detector;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.scoring.Device;
import io.ganwatch.streams.DeadLetterHandler;
import io.ganwatch.streams.ModelHolder;
import io.ganwatch.streams.SchemaCatalog;
import io.ganwatch.streams.ScoringMetrics;
import io.ganwatch.streams.ScoringTopology;
import io.ganwatch.registry.ConfluentFraming;
import io.ganwatch.registry.SchemaRegistryClient;
import io.ganwatch.registry.SchemaRegistrySettings;
import io.ganwatch.streams.StreamSettings;
import io.ganwatch.streams.WireFormat;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.generic.GenericData;
import org.apache.commons.io.FileUtils;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * The stream benchmark users run ({@code stream-benchmark}): the scoring topology against a
 * pass-through topology (same input, an identity map to one output per input, the same exactly-once
 * settings) on the same broker, in alternating rounds so that drift on a shared machine hits both
 * alike. The input is the demo's simulated card payments with about 1.5% injected fraud, and the
 * model is trained on them here unless one is given.
 *
 * <p>Throughput drains a pre-loaded backlog, timed from RUNNING to the moment the application's
 * committed input offsets reach the end of the input (so it counts the same for alerts-only scoring,
 * which writes few records, and for the pass-through). Latency is measured at a paced input rate,
 * from the producer's timestamp (send time, which outputs keep) to the committed output's arrival
 * at a read_committed consumer: the pass-through's every record, the scoring's alerts (or scores).
 */
public final class StreamBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamBenchmark() {
    }

    /**
     * What to run.
     *
     * @param records          input records per backlog round
     * @param format           input wire format
     * @param batch            {@code ganwatch.batch.max.records} of the scoring topology
     * @param batchWaitMs      {@code ganwatch.batch.max.wait.ms}
     * @param scores           also write a {@code ScoredRecord} for every input
     * @param rate             paced input rate for the latency rounds (records/s)
     * @param rounds           rounds of each topology; the first is a warm-up and is not averaged
     * @param bootstrapServers an existing cluster, or {@code null} to start a local broker
     * @param model            a bundle directory of the demo's model id, or {@code null} to train one
     * @param seed             seeds the simulation and the training
     * @param schemaRegistryUrl the schema registry of the {@code confluent-avro} format, or {@code null} for the others
     */
    public record Options(int records, WireFormat format, int batch, long batchWaitMs, boolean scores, int rate, int rounds,
                          String bootstrapServers, Path model, long seed, String schemaRegistryUrl) {
        /** Validates. */
        public Options {
            if (format == WireFormat.CONFLUENT_AVRO && (schemaRegistryUrl == null || schemaRegistryUrl.isBlank())) {
                throw new IllegalArgumentException("--format confluent-avro needs --schema-registry-url URL (the registry"
                        + " the benchmark registers its input schema in, e.g. http://localhost:8081)");
            }
            if (records < 1_000) {
                throw new IllegalArgumentException("--records must be at least 1000, was " + records);
            }
            if (rounds < 2) {
                throw new IllegalArgumentException("--rounds must be at least 2 (a warm-up and a measured round), was " + rounds);
            }
            if (rate < 10) {
                throw new IllegalArgumentException("--rate must be at least 10 records/s, was " + rate);
            }
        }
    }

    /** Runs the benchmark, printing a line per round; returns the machine-readable result. */
    public static Map<String, Object> run(Options o, PrintStream out) throws Exception {
        try (BenchmarkCluster cluster = BenchmarkCluster.open(o.bootstrapServers(), "ganwatch-stream-benchmark", out)) {
            String bootstrap = cluster.bootstrapServers();
            ModelBundle bundle = o.model() != null ? ModelBundle.load(o.model()) : train(o, cluster.work(), out);
            List<Map<String, Object>> payments = SimulatedTraffic.payments(o.seed() + 1, o.records());
            SchemaRegistryClient registry = o.format() != WireFormat.CONFLUENT_AVRO ? null
                    : new SchemaRegistryClient(SchemaRegistrySettings.from(Map.of(SchemaRegistrySettings.URL, o.schemaRegistryUrl())));
            List<byte[]> values = encode(payments, o.format());
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
                 Detector detector = new Detector(bundle, Device.CPU, bundle.metadata().threshold().value())) {
                return measure(o, bootstrap, admin, detector, values, registry, out);
            }
        }
    }

    private static ModelBundle train(Options o, Path work, PrintStream out) {
        out.println("[model]  training the demo's model on a simulated normal week");
        return SimulatedTraffic.trainModel(o.seed(), 20, work.resolve("model"));
    }

    private static Map<String, Object> measure(Options o, String bootstrap, Admin admin, Detector detector, List<byte[]> values,
                                               SchemaRegistryClient registry, PrintStream out) throws Exception {
        Map<String, List<double[]>> warm = new LinkedHashMap<>();
        List<Map<String, Object>> rounds = new ArrayList<>();
        for (int round = 1; round <= o.rounds(); round++) {
            for (String kind : List.of("passthrough", "scoring")) {
                String id = "gw-bench-" + kind + "-" + round + "-" + UUID.randomUUID().toString().substring(0, 8);
                createTopics(admin, id + "-in", id + "-out", id + "-alerts", id + "-dlq", id + "-lin", id + "-lout", id + "-lalerts");
                produce(bootstrap, id + "-in", framed(values, id + "-in", registry), 0);
                double throughput = backlog(bootstrap, admin, topology(kind, o, id, "-in", "-out", "-alerts", detector, registry),
                        id + "-app", id + "-in", values.size());
                int paced = Math.min(values.size(), o.rate() * 10);
                String watched = kind.equals("passthrough") ? id + "-lout" : o.scores() ? id + "-lout" : id + "-lalerts";
                double[] latency = paced(bootstrap, topology(kind, o, id, "-lin", "-lout", "-lalerts", detector, registry),
                        id + "-lapp", id + "-lin", watched, framed(values.subList(0, paced), id + "-lin", registry), o.rate());
                out.printf(Locale.ROOT, "round %d %-11s %s backlog %9.0f records/s   paced %d/s: latency p50 %6.1f ms  p99 %6.1f ms%n",
                        round, kind, round == 1 ? "(warm-up)" : "         ", throughput, o.rate(), latency[0], latency[1]);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("round", round);
                r.put("topology", kind);
                r.put("records_per_s", throughput);
                r.put("latency_p50_ms", latency[0]);
                r.put("latency_p99_ms", latency[1]);
                rounds.add(r);
                if (round > 1) {
                    warm.computeIfAbsent(kind, k -> new ArrayList<>()).add(new double[]{throughput, latency[0], latency[1]});
                }
            }
        }
        double[] p = mean(warm.get("passthrough"));
        double[] s = mean(warm.get("scoring"));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ratio", s[0] / p[0]);
        result.put("passthrough_records_per_s", p[0]);
        result.put("scoring_records_per_s", s[0]);
        result.put("latency_p50_ms", Map.of("passthrough", p[1], "scoring", s[1]));
        result.put("latency_p99_ms", Map.of("passthrough", p[2], "scoring", s[2]));
        result.put("batch", o.batch());
        result.put("batch_wait_ms", o.batchWaitMs());
        result.put("format", o.format().code());
        result.put("scores", o.scores());
        result.put("records", values.size());
        result.put("rate", o.rate());
        result.put("warm_rounds", o.rounds() - 1);
        result.put("rounds", rounds);
        out.printf(Locale.ROOT, "warm rounds (%d): pass-through %.0f records/s, scoring %.0f records/s, ratio %.2f;"
                        + " latency p50 %.1f vs %.1f ms, p99 %.1f vs %.1f ms at %d/s (batch %d, %s, %s, exactly_once_v2)%n",
                o.rounds() - 1, p[0], s[0], s[0] / p[0], p[1], s[1], p[2], s[2], o.rate(), o.batch(),
                o.format().code(), o.scores() ? "a score per record" : "alerts only");
        return result;
    }

    private static double[] mean(List<double[]> xs) {
        double[] m = new double[xs.get(0).length];
        for (double[] x : xs) {
            for (int i = 0; i < m.length; i++) {
                m[i] += x[i] / xs.size();
            }
        }
        return m;
    }

    /**
     * The input for {@code topic}: under {@code confluent-avro}, the single-object messages of
     * {@link #encode} re-framed with the id of their schema registered under {@code <topic>-value},
     * as a producer's serializer would do; unchanged otherwise.
     */
    private static List<byte[]> framed(List<byte[]> values, String topic, SchemaRegistryClient registry) {
        if (registry == null) {
            return values;
        }
        int id = registry.register(topic + "-value", CardTransaction.getClassSchema());
        List<byte[]> out = new ArrayList<>(values.size());
        for (byte[] v : values) {
            out.add(ConfluentFraming.frame(id, v, 10, v.length - 10)); // 10: the single-object header
        }
        return out;
    }

    private static Topology topology(String kind, Options o, String id, String in, String out, String alerts, Detector detector,
                                     SchemaRegistryClient registry) {
        if (kind.equals("passthrough")) {
            return passThrough(id + in, id + out);
        }
        StreamSettings s = new StreamSettings(id + in, id + alerts, o.scores() ? id + out : null, id + "-dlq", o.format(), 3,
                o.batch(), o.batchWaitMs());
        return ScoringTopology.build(s, new ModelHolder(new Detector(detector.bundle(), Device.CPU, detector.threshold(),
                        io.ganwatch.streams.StreamService.ENGINE_THREADS)),
                ScoringMetrics.NONE, SchemaCatalog.of(List.of()), registry);
    }

    private static Topology passThrough(String in, String out) {
        Topology t = new Topology();
        t.addSource("input", new ByteArrayDeserializer(), new ByteArrayDeserializer(), in);
        t.addProcessor("identity", () -> new Processor<byte[], byte[], byte[], byte[]>() {
            private ProcessorContext<byte[], byte[]> ctx;

            @Override
            public void init(ProcessorContext<byte[], byte[]> context) {
                ctx = context;
            }

            @Override
            public void process(Record<byte[], byte[]> record) {
                ctx.forward(record);
            }
        }, "input");
        t.addSink("out", out, new ByteArraySerializer(), new ByteArraySerializer(), "identity");
        return t;
    }

    private static Properties streamsProps(String bootstrap, String app, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put("consumer.auto.offset.reset", "earliest");
        return p;
    }

    /** Records/s to drain the pre-loaded backlog, from RUNNING to committed input offsets at the end of the input. */
    private static double backlog(String bootstrap, Admin admin, Topology t, String app, String input, int n) throws Exception {
        Map<TopicPartition, Long> end = endOffsets(admin, input);
        Path state = Files.createTempDirectory("ganwatch-bench-state");
        try (KafkaStreams streams = new KafkaStreams(t, streamsProps(bootstrap, app, state))) {
            long[] running = {0};
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING && running[0] == 0) {
                    running[0] = System.nanoTime();
                }
            });
            long begin = System.nanoTime();
            streams.start();
            while (!committedAtEnd(admin, app, end)) {
                if (System.nanoTime() - begin > 300e9) {
                    throw new IllegalStateException("backlog of " + app + " not drained in 5 minutes; streams state " + streams.state());
                }
                Thread.sleep(20);
            }
            long from = running[0] == 0 ? begin : running[0];
            return n / ((System.nanoTime() - from) / 1e9);
        } finally {
            FileUtils.deleteQuietly(state.toFile()); // a leftover temporary directory is harmless
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws ExecutionException, InterruptedException {
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
        for (int i = 0; i < partitions; i++) {
            ask.put(new TopicPartition(topic, i), OffsetSpec.latest());
        }
        return admin.listOffsets(ask).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static boolean committedAtEnd(Admin admin, String group, Map<TopicPartition, Long> end) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            if (c == null || c.offset() < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** p50/p99 ms from produce time to committed output on {@code watched}, at a fixed input rate. */
    private static double[] paced(String bootstrap, Topology t, String app, String input, String watched, List<byte[]> values,
                                  int rate) throws Exception {
        Path state = Files.createTempDirectory("ganwatch-bench-state");
        try (KafkaStreams streams = new KafkaStreams(t, streamsProps(bootstrap, app, state));
             KafkaConsumer<byte[], byte[]> out = consumer(bootstrap, watched)) {
            streams.start();
            long begin = System.nanoTime();
            while (streams.state() != KafkaStreams.State.RUNNING) {
                if (System.nanoTime() - begin > 120e9) {
                    throw new IllegalStateException(app + " did not reach RUNNING in 2 minutes: " + streams.state());
                }
                Thread.sleep(50);
            }
            out.poll(Duration.ofMillis(500)); // join the group before the clock starts
            Thread.sleep(1_000);
            long[] failure = {0};
            Thread producer = new Thread(() -> {
                try {
                    produce(bootstrap, input, values, rate);
                } catch (Exception e) {
                    failure[0] = 1;
                }
            }, "ganwatch-bench-producer");
            producer.start();
            List<Double> lat = new ArrayList<>();
            long quietSince = System.nanoTime();
            long deadline = System.nanoTime() + (long) ((values.size() / (double) rate + 60) * 1e9);
            // Read until the producer is done and nothing new arrived for 3 s (alerts are a small share).
            while (System.nanoTime() < deadline && (producer.isAlive() || System.nanoTime() - quietSince < 3e9)) {
                for (ConsumerRecord<byte[], byte[]> r : out.poll(Duration.ofMillis(100))) {
                    lat.add((double) (System.currentTimeMillis() - r.timestamp()));
                    quietSince = System.nanoTime();
                }
            }
            producer.join();
            if (failure[0] != 0 || lat.isEmpty()) {
                throw new IllegalStateException("the paced round of " + app + " saw no output on " + watched);
            }
            double[] got = lat.stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(got);
            return new double[]{got[(int) (0.5 * (got.length - 1))], got[(int) (0.99 * (got.length - 1))]};
        } finally {
            FileUtils.deleteQuietly(state.toFile()); // a leftover temporary directory is harmless
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("group.id", "gw-bench-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        p.put("max.poll.records", "5000");
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }

    private static void createTopics(Admin admin, String... names) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (String n : names) {
            topics.add(new NewTopic(n, n.endsWith("in") ? 3 : 1, (short) 1));
        }
        admin.createTopics(topics).all().get();
    }

    /** Sends all values; {@code rate} records/s, or as fast as possible when 0. */
    private static void produce(String bootstrap, String topic, List<byte[]> values, int rate) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("linger.ms", rate == 0 ? "20" : "0");
        p.put("batch.size", "262144");
        // Right after topic creation the broker can still answer NOT_LEADER_OR_FOLLOWER; with several
        // requests in flight the idempotent producer then stuck in OUT_OF_ORDER_SEQUENCE_NUMBER retries.
        p.put("max.in.flight.requests.per.connection", "1");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            for (int i = 0; i < values.size(); i++) {
                if (rate > 0) {
                    long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                producer.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(),
                        ("k" + i).getBytes(StandardCharsets.UTF_8), values.get(i)));
            }
            producer.flush();
        }
    }

    /** The payments as the wire format carries them (single-object encoding for both Avro formats; see {@link #framed}). */
    static List<byte[]> encode(List<Map<String, Object>> payments, WireFormat format) throws IOException {
        List<byte[]> out = new ArrayList<>(payments.size());
        BinaryMessageEncoder<GenericRecord> avro = new BinaryMessageEncoder<>(GenericData.get(), CardTransaction.getClassSchema());
        for (Map<String, Object> m : payments) {
            if (format == WireFormat.JSON) {
                out.add(JSON.writeValueAsBytes(m));
            } else {
                GenericRecord g = new GenericData.Record(CardTransaction.getClassSchema());
                m.forEach(g::put);
                ByteBuffer b = avro.encode(g);
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                out.add(bytes);
            }
        }
        return out;
    }
}
