package io.ganwatch.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
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
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Proves that the broker {@link LocalKafka} starts is a real Kafka broker: clients that share no code
 * with the JVM (kcat and python's confluent-kafka, both on librdkafka) can produce to it and consume
 * from it, key-based partitioning agrees between Java and librdkafka, and close() leaves nothing behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalKafkaIT {
    private static final String PYTHON = "/usr/bin/python3";
    private static final int PARTITIONS = 3;

    @TempDir
    static Path workDir;

    private static LocalKafka kafka;

    @BeforeAll
    static void startBroker() {
        String cp = System.getProperty("java.class.path", "");
        System.out.printf("java.class.path inside Failsafe: %d entries, %d chars, first: %s%n",
                cp.split(java.io.File.pathSeparator).length, cp.length(), cp.split(java.io.File.pathSeparator)[0]);
        kafka = LocalKafka.start(workDir);
        System.out.printf("LocalKafka ready at %s in %d ms (pid %d)%n", kafka.bootstrapServers(),
                kafka.startupTime().toMillis(), kafka.process().pid());
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    void javaProducedRecordsAreReadByKcatAndPython() throws Exception {
        requireOutsideClients();
        String topic = "java-produced";
        kafka.createTopics(Map.of(topic, PARTITIONS));

        Map<String, Integer> javaPartitions = new HashMap<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties())) {
            Map<String, Future<RecordMetadata>> sent = new HashMap<>();
            for (int i = 0; i < 50; i++) {
                sent.put("k" + i, producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)));
            }
            producer.flush();
            for (Map.Entry<String, Future<RecordMetadata>> e : sent.entrySet()) {
                javaPartitions.put(e.getKey(), e.getValue().get(30, TimeUnit.SECONDS).partition());
            }
        }
        List<String> expected = IntStream.range(0, 50).mapToObj(i -> "k" + i + " v" + i).collect(Collectors.toList());
        assertThat(javaPartitions.values()).as("50 keys should spread over all partitions").containsOnly(0, 1, 2);

        Output kcat = exec(null, "kcat", "-C", "-b", kafka.bootstrapServers(), "-t", topic, "-e", "-q",
                "-f", "%k %s\\n");
        assertThat(kcat.exitCode).as("kcat failed: %s", kcat.stderr).isZero();
        assertThat(kcat.lines()).containsExactlyInAnyOrderElementsOf(expected);

        Output python = exec(null, PYTHON, "-c", PY_CONSUME, kafka.bootstrapServers(), topic, "py-group", "50");
        assertThat(python.exitCode).as("python consumer failed: %s", python.stderr).isZero();
        List<String> pythonPairs = new ArrayList<>();
        for (String line : python.lines()) {
            String[] f = line.split(" ");
            pythonPairs.add(f[0] + " " + f[1]);
            assertThat(Integer.parseInt(f[2])).as("partition of key %s as seen by librdkafka", f[0])
                    .isEqualTo(javaPartitions.get(f[0]));
        }
        assertThat(pythonPairs).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    @Order(2)
    void recordsProducedByPythonAndKcatReachTheJavaConsumerOnJavaPartitions() throws Exception {
        requireOutsideClients();
        String topic = "outside-produced";
        kafka.createTopics(Map.of(topic, PARTITIONS));

        Output python = exec(null, PYTHON, "-c", PY_PRODUCE, kafka.bootstrapServers(), topic, "10");
        assertThat(python.exitCode).as("python producer failed: %s", python.stderr).isZero();
        String kcatInput = IntStream.range(0, 10).mapToObj(i -> "kc-" + i + ":kv-" + i + "\n")
                .collect(Collectors.joining());
        // murmur2_random is librdkafka's name for the Java client's key hash.
        Output kcat = exec(kcatInput, "kcat", "-P", "-b", kafka.bootstrapServers(), "-t", topic, "-K:",
                "-X", "partitioner=murmur2_random");
        assertThat(kcat.exitCode).as("kcat producer failed: %s", kcat.stderr).isZero();

        List<ConsumerRecord<String, String>> records = consumeAll(topic, 20);
        Map<String, String> values = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            values.put(r.key(), r.value());
            int javaPartition = BuiltInPartitioner.partitionForKey(r.key().getBytes(StandardCharsets.UTF_8), PARTITIONS);
            assertThat(r.partition()).as("partition of %s: librdkafka put it in %d, Java would use %d",
                    r.key(), r.partition(), javaPartition).isEqualTo(javaPartition);
        }
        Map<String, String> expected = new HashMap<>();
        IntStream.range(0, 10).forEach(i -> expected.put("py-" + i, "pv-" + i));
        IntStream.range(0, 10).forEach(i -> expected.put("kc-" + i, "kv-" + i));
        assertThat(records).hasSize(20);
        assertThat(values).isEqualTo(expected);
        assertThat(records.stream().map(ConsumerRecord::partition).distinct().count())
                .as("20 keys should not all hash to one partition").isGreaterThan(1);
    }

    @Test
    @Order(3)
    void compactedTopicIsCreatedWithCompaction() throws Exception {
        kafka.createCompactedTopic("models", 1);
        kafka.createCompactedTopic("models", 1); // re-running the demo must not fail
        try (var admin = kafka.newAdmin()) {
            var resource = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "models");
            var config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    @Order(4)
    void aStoppedBrokerComesBackOnItsPortWithItsTopicsAndRecords() throws Exception {
        kafka.createTopics(Map.of("survives", 1));
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("survives", "k", "before the restart")).get(30, TimeUnit.SECONDS);
        }
        ProcessHandle first = kafka.process();
        int port = kafka.port();

        kafka.stopKeepingData();
        assertThat(first.isAlive()).isFalse();
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            }
        }).isInstanceOf(ConnectException.class);
        org.assertj.core.api.Assertions.assertThatCode(kafka::stopKeepingData).doesNotThrowAnyException(); // stopping a stopped broker is harmless
        kafka.restart();
        assertThatThrownBy(kafka::restart).isInstanceOf(IllegalStateException.class).hasMessageContaining("is running");

        assertThat(kafka.port()).isEqualTo(port);
        assertThat(kafka.process().pid()).isNotEqualTo(first.pid());
        assertThat(kafka.process().isAlive()).isTrue();
        Properties c = new Properties();
        c.put("bootstrap.servers", kafka.bootstrapServers());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition("survives", 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (values.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> values.add(r.value()));
            }
            assertThat(values).containsExactly("before the restart");
        }
    }

    @Test
    @Order(5)
    void closeStopsTheBrokerProcessAndFreesItsPort() throws Exception {
        ProcessHandle broker = kafka.process();
        int port = kafka.port();
        Path data = kafka.directory().resolve("data");
        assertThat(broker.isAlive()).isTrue();
        assertThat(Files.isDirectory(data)).isTrue();

        long t0 = System.nanoTime();
        kafka.close();
        System.out.printf("LocalKafka closed in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        kafka.close(); // idempotent

        assertThat(broker.isAlive()).as("broker pid %d still running after close()", broker.pid()).isFalse();
        assertThat(ProcessHandle.of(broker.pid()).filter(ProcessHandle::isAlive)).isEmpty();
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            }
        }).isInstanceOf(ConnectException.class);
        assertThat(data).doesNotExist();
        assertThat(kafka.logFile()).exists();
        assertThatThrownBy(() -> kafka.createTopics(Map.of("late", 1))).isInstanceOf(IllegalStateException.class);
    }

    // ---------------------------------------------------------------------------------------------

    /** In CI the clients must be there (.ci/run installs them); elsewhere their absence skips the test. */
    private static void requireOutsideClients() throws InterruptedException {
        boolean kcat = works("kcat", "-V");
        boolean python = works(PYTHON, "-c", "import confluent_kafka");
        if (kcat && python) {
            return;
        }
        String missing = (kcat ? "" : "kcat ") + (python ? "" : "python3-confluent-kafka");
        String install = "apt-get install -y kcat python3-confluent-kafka";
        if ("true".equals(System.getenv("CI"))) {
            fail("missing on this CI machine: " + missing.trim() + "; .ci/run should have run `" + install + "`");
        }
        assumeTrue(false, "skipped: " + missing.trim() + " not installed; run `" + install + "` to include this test");
    }

    private static boolean works(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private record Output(int exitCode, String stdout, String stderr) {
        List<String> lines() {
            return stdout.lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
        }
    }

    private static Output exec(String stdin, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process p = pb.start();
        if (stdin != null) {
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command[0] + " did not finish in 60 s; stderr: " + Files.readString(err));
        }
        return new Output(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static Properties producerProperties() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1"); // fresh topics: see TransactionFeed
        return p;
    }

    private static List<ConsumerRecord<String, String>> consumeAll(String topic, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "java-group");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            // Anything beyond the expected count would be a duplicate or a stray record.
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
            assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(expected);
        }
        return records;
    }

    /** argv: bootstrap topic group count. Prints "key value partition" per message; reads for at most 30 s. */
    private static final String PY_CONSUME = String.join("\n",
            "import sys, time",
            "from confluent_kafka import Consumer",
            "bootstrap, topic, group, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])",
            "c = Consumer({'bootstrap.servers': bootstrap, 'group.id': group, 'auto.offset.reset': 'earliest'})",
            "c.subscribe([topic])",
            "got, deadline = 0, time.time() + 30",
            "while got < n and time.time() < deadline:",
            "    m = c.poll(1.0)",
            "    if m is None:",
            "        continue",
            "    if m.error():",
            "        print('consumer error:', m.error(), file=sys.stderr)",
            "        continue",
            "    print(m.key().decode(), m.value().decode(), m.partition())",
            "    got += 1",
            "c.close()",
            "sys.exit(0 if got == n else 1)",
            "");

    /** argv: bootstrap topic count. Produces py-i/pv-i with the Java client's key hash; fails on any error. */
    private static final String PY_PRODUCE = String.join("\n",
            "import sys",
            "from confluent_kafka import Producer",
            "bootstrap, topic, n = sys.argv[1], sys.argv[2], int(sys.argv[3])",
            "errors = []",
            "def report(err, msg):",
            "    if err is not None:",
            "        errors.append(str(err))",
            "p = Producer({'bootstrap.servers': bootstrap, 'partitioner': 'murmur2_random'})",
            "for i in range(n):",
            "    p.produce(topic, key='py-%d' % i, value='pv-%d' % i, on_delivery=report)",
            "left = p.flush(30)",
            "if left or errors:",
            "    print('not delivered: %d, errors: %s' % (left, errors), file=sys.stderr)",
            "    sys.exit(1)",
            "");
}
