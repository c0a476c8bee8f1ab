package io.ganwatch.benchmark;

import io.ganwatch.avro.ScoredRecord;
import io.ganwatch.demo.SimulatedTraffic;
import io.ganwatch.streams.DeadLetterHandler;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.io.PrintStream;
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
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code stream-benchmark --soak} (issue 9 §4): the {@code stream} command, run as a child JVM as
 * users run it, scores a long stream of the demo's payments with 1% bad input of every kind
 * ({@link SoakInput}) produced as fast as the producer can. Every 10 s it samples the child's
 * resident memory ({@code /proc/PID/status}) and heap ({@code /metrics}); at the end it reads the
 * scores and dead-letter topics read_committed and checks that each input offset came out exactly
 * once, and how many bytes the child logged per dead letter.
 */
public final class StreamSoak {
    private static final int PARTITIONS = 3;
    private static final int PAYMENT_POOL = 100_000;
    private static final long SAMPLE_EVERY_MS = 10_000;
    private static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.eE+]+)$",
            Pattern.MULTILINE);

    private StreamSoak() {
    }

    /**
     * What to run.
     *
     * @param records          records to produce, bad ones included
     * @param bootstrapServers an existing cluster, or {@code null} to start a local broker
     * @param seed             seeds the payments, the bad input and the training
     * @param maxHeapMb        the child's {@code -Xmx}
     */
    public record Options(int records, String bootstrapServers, long seed, int maxHeapMb) {
        /** Validates. */
        public Options {
            if (records < SoakInput.BAD_EVERY * SoakInput.Kind.values().length) {
                throw new IllegalArgumentException("--records must be at least " + SoakInput.BAD_EVERY * SoakInput.Kind.values().length
                        + " with --soak, so that every kind of bad input is mixed in; was " + records);
            }
            if (maxHeapMb < 128) {
                throw new IllegalArgumentException("the soak's stream heap must be at least 128 MB, was " + maxHeapMb);
            }
        }
    }

    /** Runs the soak, printing progress lines; returns the machine-readable result. */
    public static Map<String, Object> run(Options o, PrintStream out) throws Exception {
        try (BenchmarkCluster cluster = BenchmarkCluster.open(o.bootstrapServers(), "ganwatch-soak", out)) {
            out.println("[model]  training the demo's model on a simulated normal week");
            Path model = cluster.work().resolve("model");
            SimulatedTraffic.trainModel(o.seed(), 20, model);
            return soak(o, cluster.bootstrapServers(), model, cluster.work(), out);
        }
    }

    private static Map<String, Object> soak(Options o, String bootstrap, Path model, Path work, PrintStream out) throws Exception {
        String id = "gw-soak-" + UUID.randomUUID().toString().substring(0, 8);
        String in = id + "-in";
        String scores = id + "-scores";
        String dlq = id + "-dlq";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(in, PARTITIONS, (short) 1), new NewTopic(scores, 1, (short) 1),
                    new NewTopic(id + "-alerts", 1, (short) 1), new NewTopic(dlq, 1, (short) 1))).all().get();
        }
        // The class path goes in an @argfile: under a test runner it is long, and ONNX Runtime crashes a
        // process whose command line is 4096 bytes or more (the stream command refuses to start then).
        Path argfile = work.resolve("java.args");
        Files.writeString(argfile, "-cp \"" + System.getProperty("java.class.path").replace("\\", "\\\\") + "\"\n");
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx" + o.maxHeapMb() + "m",
                "@" + argfile, "io.ganwatch.cli.Main", "stream",
                "--bootstrap-servers", bootstrap, "--model", model.toString(), "--input-topic", in, "--scores-topic", scores,
                "--alerts-topic", id + "-alerts", "--dead-letter-topic", dlq));
        for (int i = 0; i < SoakInput.writerSchemas().size(); i++) {
            Path avsc = work.resolve("writer-" + i + ".avsc");
            Files.writeString(avsc, SoakInput.writerSchemas().get(i).toString(true));
            command.addAll(List.of("--schema", avsc.toString()));
        }
        int port = freePort();
        command.addAll(List.of("--http-port", String.valueOf(port), "--set", "application.id=" + id,
                "--set", "state.dir=" + work.resolve("state")));
        Path log = work.resolve("stream.log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            waitForHealth(child, port, log);
            long logBefore = Files.size(log);
            out.printf(Locale.ROOT, "[soak]   stream pid %d running; producing %d records, 1%% bad (%d kinds)%n",
                    child.pid(), o.records(), SoakInput.Kind.values().length);
            List<Map<String, Object>> samples = new ArrayList<>();
            Sampler sampler = new Sampler(child, port, samples, out);
            sampler.start();
            long begin = System.nanoTime();
            byte[][] kinds = kindTable(o.records());
            Map<String, Integer> producedByKind = produce(bootstrap, in, o, kinds);
            double produceSeconds = (System.nanoTime() - begin) / 1e9;
            Accounting acc = account(bootstrap, scores, dlq, o.records(), kinds, child, out);
            double seconds = (System.nanoTime() - begin) / 1e9;
            sampler.interrupt();
            sampler.join();
            long logBytes = Files.size(log) - logBefore;
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("produced", o.records());
            result.put("produced_per_kind", producedByKind);
            result.put("scored", acc.scored);
            result.put("dead_letters", acc.deadLetters);
            result.put("dead_letters_per_reason", acc.perReason);
            result.put("outcome_per_kind", acc.perKind);
            result.put("duplicates", acc.duplicates);
            result.put("accounted", acc.scored + acc.deadLetters == o.records() && acc.duplicates == 0);
            result.put("seconds", seconds);
            result.put("produce_seconds", produceSeconds);
            result.put("records_per_s", o.records() / seconds);
            result.put("rss_mb", samples.stream().map(s -> s.get("rss_mb")).toList());
            result.put("heap_mb", samples.stream().map(s -> s.get("heap_mb")).toList());
            result.put("samples", samples);
            result.put("log_bytes", logBytes);
            result.put("log_bytes_per_dead_letter", acc.deadLetters == 0 ? 0.0 : logBytes / (double) acc.deadLetters);
            result.put("stream_heap_max_mb", o.maxHeapMb());
            out.printf(Locale.ROOT, "[soak]   %d produced, %d scored, %d dead letters %s, %d duplicates: accounted=%s;"
                            + " %.0f records/s; %.1f log bytes per dead letter%n", o.records(), acc.scored, acc.deadLetters,
                    acc.perReason, acc.duplicates, result.get("accounted"), o.records() / seconds,
                    (double) result.get("log_bytes_per_dead_letter"));
            return result;
        } finally {
            child.destroy();
            if (!child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
    }

    /** The kind of each produced record by partition and offset: 0 for a valid payment, else the kind's ordinal + 1. */
    private static byte[][] kindTable(int records) {
        byte[][] kinds = new byte[PARTITIONS][];
        for (int i = 0; i < PARTITIONS; i++) {
            kinds[i] = new byte[records];
        }
        return kinds;
    }

    private static Map<String, Integer> produce(String bootstrap, String topic, Options o, byte[][] kinds) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("linger.ms", "20");
        p.put("batch.size", "262144");
        p.put("max.in.flight.requests.per.connection", "1");
        p.put("max.request.size", String.valueOf(2 << 20));
        SoakInput input = new SoakInput(o.seed() + 7);
        Map<String, Integer> perKind = new TreeMap<>();
        AtomicReference<Exception> failed = new AtomicReference<>();
        // A pool of payments taken in turn: simulating a million afresh would cost more than the soak itself.
        List<Map<String, Object>> payments = SimulatedTraffic.payments(o.seed() + 1, Math.min(o.records(), PAYMENT_POOL));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < o.records(); i++) {
                SoakInput.Message m = input.message(i, payments.get(i % payments.size()));
                perKind.merge(m.kind() == null ? "valid" : m.kind().code(), 1, Integer::sum);
                byte kind = (byte) (m.kind() == null ? 0 : m.kind().ordinal() + 1);
                producer.send(new ProducerRecord<>(topic, null, m.key(), m.value()), (meta, e) -> {
                    if (e != null) {
                        failed.compareAndSet(null, e);
                    } else {
                        kinds[meta.partition()][(int) meta.offset()] = kind; // the producer's one I/O thread
                    }
                });
                if (failed.get() != null) {
                    throw new IllegalStateException("the soak's producer failed: " + failed.get().getMessage(), failed.get());
                }
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw new IllegalStateException("the soak's producer failed: " + failed.get().getMessage(), failed.get());
        }
        return perKind;
    }

    /** What came out: each input (partition, offset) seen once in scores or dead letters, or counted as a duplicate. */
    private static final class Accounting {
        final BitSet[] seen = new BitSet[PARTITIONS];
        long scored;
        long deadLetters;
        long duplicates;
        final Map<String, Long> perReason = new TreeMap<>();
        /** Per kind of input, how many were scored and how many dead-lettered for each reason. */
        final Map<String, Map<String, Long>> perKind = new TreeMap<>();
        private final byte[][] kinds;

        Accounting(byte[][] kinds) {
            this.kinds = kinds;
            for (int i = 0; i < PARTITIONS; i++) {
                seen[i] = new BitSet();
            }
        }

        void take(ConsumerRecord<byte[], byte[]> r, String scores, BinaryMessageDecoder<ScoredRecord> decoder) throws IOException {
            if (r.topic().equals(scores)) {
                ScoredRecord s = decoder.decode(r.value());
                mark(s.getSourcePartition(), s.getSourceOffset(), "scored");
                scored++;
            } else {
                String reason = header(r, DeadLetterHandler.REASON_HEADER);
                mark(Integer.parseInt(header(r, "__streams.errors.partition")), Long.parseLong(header(r, "__streams.errors.offset")),
                        reason);
                deadLetters++;
                perReason.merge(reason, 1L, Long::sum);
            }
        }

        private void mark(int partition, long offset, String outcome) {
            if (seen[partition].get((int) offset)) {
                duplicates++;
            }
            seen[partition].set((int) offset);
            int k = kinds[partition][(int) offset];
            String kind = k == 0 ? "valid" : SoakInput.Kind.values()[k - 1].code();
            perKind.computeIfAbsent(kind, x -> new TreeMap<>()).merge(outcome, 1L, Long::sum);
        }
    }

    private static Accounting account(String bootstrap, String scores, String dlq, long produced, byte[][] kinds, Process child,
                                      PrintStream out) throws Exception {
        Accounting acc = new Accounting(kinds);
        BinaryMessageDecoder<ScoredRecord> decoder = ScoredRecord.getDecoder();
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("group.id", "gw-soak-reader-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        p.put("max.poll.records", "5000");
        p.put("fetch.max.bytes", String.valueOf(64 << 20));
        p.put("max.partition.fetch.bytes", String.valueOf(4 << 20));
        long lastProgress = System.nanoTime();
        long lastCount = 0;
        long lastPrint = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(scores, dlq));
            while (acc.scored + acc.deadLetters < produced) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    acc.take(r, scores, decoder);
                }
                long count = acc.scored + acc.deadLetters;
                if (count > lastCount) {
                    lastCount = count;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > 120e9 || !child.isAlive()) {
                    out.printf(Locale.ROOT, "[soak]   no new output for 2 minutes (or the stream exited): %d of %d accounted%n",
                            count, produced);
                    break;
                }
                if (System.nanoTime() - lastPrint > 10e9) {
                    out.printf(Locale.ROOT, "[soak]   %d of %d out%n", count, produced);
                    lastPrint = System.nanoTime();
                }
            }
            // A duplicate would come after the last expected record: read on briefly.
            long until = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < until) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    acc.take(r, scores, decoder);
                }
            }
        }
        return acc;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        if (h == null) {
            throw new IllegalStateException("dead letter at offset " + r.offset() + " has no " + name + " header");
        }
        return new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Samples the child's resident memory and heap every 10 s until interrupted. */
    private static final class Sampler extends Thread {
        private final Process child;
        private final int port;
        private final List<Map<String, Object>> samples;
        private final PrintStream out;

        Sampler(Process child, int port, List<Map<String, Object>> samples, PrintStream out) {
            super("ganwatch-soak-sampler");
            setDaemon(true);
            this.child = child;
            this.port = port;
            this.samples = samples;
            this.out = out;
        }

        @Override
        public void run() {
            long begin = System.nanoTime();
            HttpClient http = HttpClient.newHttpClient();
            try {
                while (!isInterrupted()) {
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("t_s", Math.round((System.nanoTime() - begin) / 1e9));
                    s.put("rss_mb", rssMb(child.pid()));
                    s.put("heap_mb", heapMb(http, port));
                    synchronized (samples) {
                        samples.add(s);
                    }
                    out.printf(Locale.ROOT, "[sample] t=%ds rss %.0f MB heap %.0f MB%n", s.get("t_s"), s.get("rss_mb"), s.get("heap_mb"));
                    Thread.sleep(SAMPLE_EVERY_MS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static double rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN; // not Linux, or the child has exited
        }
        return Double.NaN;
    }

    static double heapMb(HttpClient http, int port) throws InterruptedException {
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = HEAP.matcher(body);
            double sum = 0;
            boolean any = false;
            while (m.find()) {
                sum += Double.parseDouble(m.group(1));
                any = true;
            }
            return any ? sum / (1 << 20) : Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private static void waitForHealth(Process child, int port, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new IllegalStateException("the soak's stream exited with " + child.exitValue() + ": " + tail(log));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the soak's stream did not report healthy in 2 minutes: " + tail(log));
    }

    private static String tail(Path log) throws IOException {
        String s = Files.readString(log);
        return s.length() <= 2_000 ? s : s.substring(s.length() - 2_000);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
