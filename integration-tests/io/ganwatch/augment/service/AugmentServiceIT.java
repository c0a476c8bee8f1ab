package io.ganwatch.augment.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ganwatch.avro.AugmentationMethod;
import io.ganwatch.avro.AugmentationRequest;
import io.ganwatch.avro.AugmentationResult;
import io.ganwatch.avro.AugmentationStatus;
import io.ganwatch.avro.FileDestination;
import io.ganwatch.avro.FileSource;
import io.ganwatch.avro.TopicDestination;
import io.ganwatch.avro.TopicSource;
import io.ganwatch.kafka.LocalKafka;
import io.ganwatch.registry.StandInRegistry;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static io.ganwatch.kafka.OutsideClients.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code augment-service} against a real single-node KRaft broker, with the real augmentation job:
 * a request in gives synthetic records and then an OK result out, a bad request a REJECTED result,
 * and a replay of a finished request id adds nothing. Checked with read_committed Java consumers,
 * kcat and python3-confluent-kafka.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AugmentServiceIT {
    private static final String REQUESTS = "aug-requests";
    private static final String RESULTS = "aug-results";
    /** Key of the one value on the results topic that is not an AugmentationResult (written on purpose by a test); the readers here skip it. */
    private static final String CORRUPT_RESULT = "corrupt-result";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema PAYMENT = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Payment\",\"namespace\":\"user\","
            + "\"fields\":[{\"name\":\"amount\",\"type\":\"double\"},{\"name\":\"items\",\"type\":\"int\"},"
            + "{\"name\":\"channel\",\"type\":{\"type\":\"enum\",\"name\":\"Channel\",\"symbols\":[\"POS\",\"WEB\",\"ATM\"]}},"
            + "{\"name\":\"fraud\",\"type\":\"boolean\"}]}");

    @TempDir
    static Path dir;
    static Path data;
    static LocalKafka kafka;
    static AugmentService service;
    static StandInRegistry registry;

    @BeforeAll
    static void brokerAndService() throws IOException {
        kafka = LocalKafka.start(dir.resolve("kafka"));
        // One request partition, so requests are served in the order they are sent (the replay check relies on it).
        kafka.createTopics(Map.of(REQUESTS, 1, "synthetic", 2, "synthetic-json", 1, "payments", 2, "payments-synthetic", 1,
                "events", 2, "events-synthetic", 1, "pay-cf", 2, "pay-cf-synthetic", 1));
        kafka.createTopics(Map.of("pay-cf-outage", 1, "pay-cf-bad", 1, "synthetic-json-gan", 1));
        kafka.createCompactedTopic(RESULTS, 1);
        data = Files.createDirectories(dir.resolve("data"));
        Path avsc = Files.writeString(dir.resolve("payment.avsc"), PAYMENT.toString());
        registry = new StandInRegistry();
        AugmentServiceConfig config = AugmentServiceConfig.resolve(Map.of(), Map.of(), Map.ofEntries(
                Map.entry("schema.registry.url", registry.url()),
                Map.entry("bootstrap.servers", kafka.bootstrapServers()),
                Map.entry("group.id", "augment-it"),
                Map.entry("ganwatch.augment.requests.topic", REQUESTS),
                Map.entry("ganwatch.augment.results.topic", RESULTS),
                Map.entry("ganwatch.augment.max.count", "500"),
                Map.entry("ganwatch.augment.max.time.budget.seconds", "120"),
                Map.entry("ganwatch.augment.file.roots", data.toString()),
                Map.entry("ganwatch.schemas", avsc.toString())));
        service = AugmentService.start(config, AugmentationJob.augmenter());
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    /** 400 common rows and 30 rare ones: three numeric columns, one categorical, the label. */
    private static Path cardsCsv() throws IOException {
        return cardsCsv("cards.csv", 3);
    }

    private static Path cardsCsv(String name, long seed) throws IOException {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder("amount,duration,items,channel,label\n");
        for (int i = 0; i < 430; i++) {
            boolean rare = i % 14 == 13 && i < 14 * 30;
            sb.append(String.format(Locale.ROOT, "%.2f,%.3f,%d,%s,%s%n",
                    rare ? 800 + 300 * r.nextDouble() : Math.exp(3 + 0.5 * r.nextGaussian()),
                    rare ? 0.2 * r.nextDouble() : 1 + 2 * r.nextDouble(), rare ? 1 + r.nextInt(2) : 1 + r.nextInt(6),
                    rare ? (r.nextBoolean() ? "web" : "atm") : (r.nextInt(4) == 0 ? "web" : "pos"), rare ? "fraud" : "ok"));
        }
        return Files.writeString(data.resolve(name), sb.toString());
    }

    private static AugmentationRequest.Builder request(String id, Object source, String label, String minority, int count,
                                                       AugmentationMethod method, Object destination) {
        return AugmentationRequest.newBuilder().setRequestId(id).setSource(source).setLabelColumn(label)
                .setMinority(List.of(minority)).setCount(count).setMethod(method).setSeed(5).setDestination(destination);
    }

    private static void send(AugmentationRequest... requests) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("acks", "all");
        p.put("max.in.flight.requests.per.connection", "1");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (AugmentationRequest r : requests) {
                ByteBuffer b = r.toByteBuffer();
                byte[] v = new byte[b.remaining()];
                b.get(v);
                producer.send(new ProducerRecord<>(REQUESTS, r.getRequestId(), v)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Committed records of a topic from the beginning, polled until {@code done} holds or the timeout passes, plus a short extra poll. */
    private static List<ConsumerRecord<String, byte[]>> readCommitted(String topic, Predicate<List<ConsumerRecord<String, byte[]>>> done,
                                                                     Duration timeout) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("group.id", "check-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(out) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(300)).forEach(out::add);
            }
            c.poll(Duration.ofSeconds(1)).forEach(out::add); // anything beyond what was expected (duplicates) shows here
        }
        return out;
    }

    /** Every committed record of a topic, up to its end (last stable offset) now. */
    private static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("isolation.level", "read_committed");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new org.apache.kafka.common.TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<org.apache.kafka.common.TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(300)).forEach(out::add);
            }
        }
        return out;
    }

    private static List<AugmentationResult> allResults() {
        return readAll(RESULTS).stream().filter(r -> !CORRUPT_RESULT.equals(r.key())).map(r -> Results.decode(r.value())).toList();
    }

    /** The results so far, in topic order, waiting until every id in {@code ids} has one. */
    private static List<AugmentationResult> results(Duration timeout, String... ids) {
        Predicate<List<ConsumerRecord<String, byte[]>>> all = rs -> List.of(ids).stream()
                .allMatch(id -> rs.stream().anyMatch(r -> id.equals(r.key())));
        return readCommitted(RESULTS, all, timeout).stream().filter(r -> !CORRUPT_RESULT.equals(r.key())).map(r -> {
            AugmentationResult result = Results.decode(r.value());
            assertThat(result.getRequestId()).isEqualTo(r.key());
            return result;
        }).toList();
    }

    private static AugmentationResult only(List<AugmentationResult> results, String id) {
        List<AugmentationResult> of = results.stream().filter(r -> r.getRequestId().equals(id)).toList();
        assertThat(of).as("results for request " + id).hasSize(1);
        return of.get(0);
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void aRequestGivesSyntheticRecordsAndOneResultABadOneIsRejectedAndAReplayAddsNothing() throws Exception {
        Path cards = cardsCsv();
        Path test = cardsCsv("cards-test.csv", 4);
        FileSource source = new FileSource(cards.toString(), null);
        send(request("smote-1", source, "label", "fraud", 50, AugmentationMethod.SMOTE, new TopicDestination("synthetic"))
                        .setTestSource(new FileSource(test.toString(), "csv")).build(),
                request("bad-column", source, "class", "fraud", 50, AugmentationMethod.SMOTE, new TopicDestination("synthetic")).build());

        List<AugmentationResult> results = results(Duration.ofSeconds(120), "smote-1", "bad-column");
        AugmentationResult ok = only(results, "smote-1");
        assertThat(ok.getStatus()).as(String.valueOf(ok.getReason())).isEqualTo(AugmentationStatus.OK);
        assertThat(ok.getReason()).isNull();
        assertThat(ok.getSourceRows()).isEqualTo(430L);
        assertThat(ok.getMinorityRows()).isEqualTo(30L);
        assertThat(ok.getSyntheticRows()).isEqualTo(50L);
        assertThat(ok.getDestination()).isEqualTo("topic:synthetic");
        assertThat(ok.getModelVersion()).isNotBlank();
        assertThat(ok.getQuality()).isNotNull();
        assertThat(ok.getQuality().getKsComplement()).isBetween(0.0, 1.0);
        assertThat(ok.getTest()).isNotNull(); // a test source was named: the classifier was judged on it
        assertThat(ok.getTest().getRecall()).isBetween(0.0, 1.0);
        assertThat(ok.getTest().getPrAuc()).isBetween(0.0, 1.0);
        AugmentationResult rejected = only(results, "bad-column");
        assertThat(rejected.getStatus()).isEqualTo(AugmentationStatus.REJECTED);
        assertThat(rejected.getReason()).contains("label column 'class'", "amount, duration, items, channel, label");
        assertThat(rejected.getSyntheticRows()).isZero();

        List<ConsumerRecord<String, byte[]>> synthetic = readCommitted("synthetic", rs -> rs.size() >= 50, Duration.ofSeconds(30));
        assertThat(synthetic).hasSize(50);
        for (ConsumerRecord<String, byte[]> r : synthetic) {
            assertThat(header(r, "ganwatch.synthetic")).isEqualTo("true");
            assertThat(header(r, "ganwatch.request.id")).isEqualTo("smote-1");
            assertThat(r.key()).isEqualTo("smote-1");
            JsonNode n = JSON.readTree(r.value()); // a CSV source has no Avro schema: JSON records with its columns
            assertThat(n.fieldNames()).toIterable().containsExactly("amount", "duration", "items", "channel", "label");
            assertThat(n.get("label").asText()).isEqualTo("fraud");
        }

        // Replay the finished id, then a request that is cheap to serve: once that one has its
        // result, the replay (one partition, served in order) has been handled too.
        send(request("smote-1", source, "label", "fraud", 50, AugmentationMethod.SMOTE, new TopicDestination("synthetic")).build(),
                request("bad-column", source, "class", "fraud", 50, AugmentationMethod.SMOTE, new TopicDestination("synthetic")).build(),
                request("after-replay", source, "label", "no-such-label", 5, AugmentationMethod.SMOTE, new TopicDestination("synthetic")).build());
        List<AugmentationResult> after = results(Duration.ofSeconds(60), "after-replay");
        assertThat(only(after, "after-replay").getReason()).contains("minority value 'no-such-label'");
        only(after, "smote-1"); // still exactly one result each
        only(after, "bad-column");
        assertThat(readAll("synthetic")).hasSize(50);

        // From outside, with clients that share no code with the service.
        String kcat = run("kcat", "-C", "-b", kafka.bootstrapServers(), "-t", "synthetic", "-e", "-o", "beginning",
                "-X", "isolation.level=read_committed", "-q", "-f", "%h|%s\\n");
        List<String> lines = kcat.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(50).allSatisfy(l -> {
            assertThat(l).startsWith("ganwatch.synthetic=true,ganwatch.request.id=smote-1|");
            assertThat(JSON.readTree(l.substring(l.indexOf('|') + 1)).get("label").asText()).isEqualTo("fraud");
        });
        String py = run("/usr/bin/python3", "-c", String.join("\n",
                "import sys, time, collections",
                "from confluent_kafka import Consumer",
                "c = Consumer({'bootstrap.servers': sys.argv[1], 'group.id': 'py-check', 'auto.offset.reset': 'earliest',",
                "              'isolation.level': 'read_committed'})",
                "c.subscribe([sys.argv[2]])",
                "wanted, keys = sys.argv[3:], collections.Counter()",
                "deadline = time.time() + 30",
                "while not all(keys[k] for k in wanted) and time.time() < deadline:",
                "    m = c.poll(0.5)",
                "    if m is not None and m.error() is None:",
                "        assert m.value()[:2] == b'\\xc3\\x01'  # Avro single-object encoding",
                "        keys[m.key().decode()] += 1",
                "m = c.poll(2)  # one more look: a second result for an id would show here",
                "while m is not None:",
                "    if m.error() is None:",
                "        keys[m.key().decode()] += 1",
                "    m = c.poll(1)",
                "c.close()",
                "print(' '.join(f'{k}={keys[k]}' for k in wanted))"),
                kafka.bootstrapServers(), RESULTS, "after-replay", "bad-column", "smote-1");
        assertThat(py.strip()).isEqualTo("after-replay=1 bad-column=1 smote-1=1");
    }

    /** A valid request's bytes with its first union index (the source's branch) set to 5, of a union of two. */
    private static byte[] withBadUnionIndex(AugmentationRequest r) throws IOException {
        ByteBuffer b = r.toByteBuffer();
        byte[] v = new byte[b.remaining()];
        b.get(v);
        int at = 10 + 1 + r.getRequestId().length(); // header, request_id (one length byte for a short id), then the union index
        assertThat(v[at]).isEqualTo((byte) 0);
        v[at] = 10; // zig-zag of 5
        return v;
    }

    private static void sendRaw(String topic, String key, byte[] value) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("acks", "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCorruptRequestIsRejectedAndACorruptResultSkippedAndTheServiceKeepsServing() throws Exception {
        Path cards = cardsCsv();
        FileSource source = new FileSource(cards.toString(), null);
        // Read before each request: a value that is not an AugmentationResult must be skipped, not stop the service.
        byte[] result = Results.encode(Results.build(Outcome.rejected(CORRUPT_RESULT, "x", null, null), java.time.Instant.now()));
        result[10 + 1 + CORRUPT_RESULT.length() + 1] = 10; // the reason's union index: 5, of a union of two
        sendRaw(RESULTS, CORRUPT_RESULT, result);
        AugmentationRequest corrupt = request("corrupt-1", source, "label", "fraud", 5, AugmentationMethod.SMOTE,
                new TopicDestination("synthetic")).build();
        sendRaw(REQUESTS, "corrupt-1", withBadUnionIndex(corrupt));
        send(request("after-corrupt", source, "label", "no-such-label", 5, AugmentationMethod.SMOTE, new TopicDestination("synthetic")).build());

        List<ConsumerRecord<String, byte[]>> all = readCommitted(RESULTS, rs -> rs.stream().anyMatch(r -> "after-corrupt".equals(r.key())),
                Duration.ofSeconds(60));
        List<AugmentationResult> decoded = all.stream().filter(r -> !CORRUPT_RESULT.equals(r.key())).map(r -> Results.decode(r.value())).toList();
        AugmentationResult undecodable = decoded.stream().filter(r -> r.getRequestId().startsWith("undecodable:" + REQUESTS + "/0@"))
                .findFirst().orElseThrow(() -> new AssertionError("no result for the corrupt request; results: " + decoded));
        assertThat(undecodable.getStatus()).isEqualTo(AugmentationStatus.REJECTED);
        assertThat(undecodable.getReason()).contains("not an AugmentationRequest this service knows", "ArrayIndexOutOfBounds");
        assertThat(only(decoded, "after-corrupt").getReason()).contains("minority value 'no-such-label'");
        assertThat(service.isRunning()).isTrue();
    }

    @Test
    void jsonRequestsTypedIntoKcatAreServedAndAnUnknownMethodIsRejected() throws Exception {
        Path cards = cardsCsv();
        String smote = "{\"request_id\": \"json-1\", \"source\": {\"path\": \"" + cards + "\"}, \"label_column\": \"label\","
                + " \"minority\": [\"fraud\"], \"count\": 10, \"method\": \"smote\", \"destination\": {\"topic\": \"synthetic-json\"}}";
        String unknown = smote.replace("json-1", "json-2").replace("\"smote\"", "\"boosting\"");
        // A GAN sampled as the request says, not by the class-size default (which would truncate at 1 for 30 rows), and
        // fine-tuned on the minority for the second half of its two epochs.
        String gan = smote.replace("json-1", "json-3").replace("\"smote\"", "\"gan\", \"epochs\": 2")
                .replace("synthetic-json", "synthetic-json-gan")
                .replace("}}", "}, \"gan_sampling\": {\"truncation\": 2.5, \"snap\": true}, \"gan_fine_tune\": 0.5}");
        Process kcat = new ProcessBuilder("kcat", "-P", "-b", kafka.bootstrapServers(), "-t", REQUESTS, "-K", "|")
                .redirectErrorStream(true).start();
        kcat.getOutputStream().write(("json-1|" + smote + "\njson-2|" + unknown + "\njson-3|" + gan + "\n")
                .getBytes(StandardCharsets.UTF_8));
        kcat.getOutputStream().close();
        assertThat(kcat.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kcat.exitValue()).as(new String(kcat.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();

        List<AugmentationResult> results = results(Duration.ofSeconds(180), "json-1", "json-2", "json-3");
        AugmentationResult ok = only(results, "json-1");
        assertThat(ok.getStatus()).as(String.valueOf(ok.getReason())).isEqualTo(AugmentationStatus.OK);
        assertThat(ok.getSyntheticRows()).isEqualTo(10L);
        AugmentationResult rejected = only(results, "json-2");
        assertThat(rejected.getStatus()).isEqualTo(AugmentationStatus.REJECTED);
        assertThat(rejected.getReason()).contains("unknown augmentation method 'boosting'", "none, weighted, smote, gan or auto");
        assertThat(readCommitted("synthetic-json", rs -> rs.size() >= 10, Duration.ofSeconds(30))).hasSize(10);
        AugmentationResult sampled = only(results, "json-3");
        assertThat(sampled.getStatus()).as(String.valueOf(sampled.getReason())).isEqualTo(AugmentationStatus.OK);
        assertThat(sampled.getGanTruncation()).isEqualTo(2.5);
        assertThat(sampled.getGanTemperature()).isEqualTo(1.0);
        assertThat(sampled.getGanSnap()).isTrue();
        assertThat(sampled.getGanFineTune()).isEqualTo(0.5);
    }

    @Test
    void anAvroTopicSourceGivesSyntheticRecordsInItsOwnSchema() throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("max.in.flight.requests.per.connection", "1");
        BinaryMessageEncoder<GenericRecord> encoder = new BinaryMessageEncoder<>(GenericData.get(), PAYMENT);
        Schema channel = PAYMENT.getField("channel").schema();
        Random r = new Random(9);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 300; i++) {
                boolean fraud = i % 12 == 0;
                GenericRecord g = new GenericData.Record(PAYMENT);
                g.put("amount", fraud ? 500 + 100 * r.nextDouble() : 20 + 10 * r.nextDouble());
                g.put("items", fraud ? 1 : 1 + r.nextInt(5));
                g.put("channel", new GenericData.EnumSymbol(channel, fraud ? "WEB" : r.nextBoolean() ? "POS" : "ATM"));
                g.put("fraud", fraud);
                ByteBuffer b = encoder.encode(g);
                byte[] v = new byte[b.remaining()];
                b.get(v);
                producer.send(new ProducerRecord<>("payments", "p" + i, v));
            }
            // Records this service wrote earlier are not real data: they must not be learned from or counted.
            GenericRecord old = new GenericData.Record(PAYMENT);
            old.put("amount", 999.0);
            old.put("items", 1);
            old.put("channel", new GenericData.EnumSymbol(channel, "WEB"));
            old.put("fraud", true);
            ByteBuffer b = encoder.encode(old);
            byte[] v = new byte[b.remaining()];
            b.get(v);
            for (int i = 0; i < 5; i++) {
                ProducerRecord<String, byte[]> marked = new ProducerRecord<>("payments", "old" + i, v);
                marked.headers().add("ganwatch.synthetic", "true".getBytes(StandardCharsets.UTF_8));
                producer.send(marked);
            }
        }
        send(request("avro-topic", new TopicSource("payments", null), "fraud", "true", 20, AugmentationMethod.SMOTE,
                new TopicDestination("payments-synthetic")).build());

        AugmentationResult result = only(results(Duration.ofSeconds(120), "avro-topic"), "avro-topic");
        assertThat(result.getStatus()).as(String.valueOf(result.getReason())).isEqualTo(AugmentationStatus.OK);
        assertThat(result.getSourceRows()).isEqualTo(300L);
        assertThat(result.getMinorityRows()).isEqualTo(25L);

        BinaryMessageDecoder<GenericRecord> decoder = new BinaryMessageDecoder<>(GenericData.get(), PAYMENT);
        List<ConsumerRecord<String, byte[]>> out = readCommitted("payments-synthetic", rs -> rs.size() >= 20, Duration.ofSeconds(30));
        assertThat(out).hasSize(20);
        for (ConsumerRecord<String, byte[]> rec : out) {
            assertThat(header(rec, "ganwatch.synthetic")).isEqualTo("true");
            GenericRecord g = decoder.decode(rec.value()); // the user's own schema reads them
            assertThat(g.get("fraud")).isEqualTo(true);
            assertThat(g.get("items")).isInstanceOf(Integer.class);
            assertThat(g.get("channel").toString()).isIn("POS", "WEB", "ATM");
        }
    }

    @Test
    void aSchemaRegistryTopicSourceGivesSyntheticRecordsInThatWireFormatUnderTheDestinationsSubject() throws Exception {
        // two versions of the producer's schema on one topic, as after a schema evolution; the first read is the table's
        String text = PAYMENT.toString();
        Schema v2 = new Schema.Parser().parse(text.substring(0, text.length() - 2)
                + ",{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}]}");
        int id1 = registry.register("pay-cf-value", PAYMENT);
        int id2 = registry.register("pay-cf-value", v2);
        assertThat(id2).isNotEqualTo(id1);
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("max.in.flight.requests.per.connection", "1");
        Random r = new Random(9);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 300; i++) {
                boolean fraud = i % 12 == 0;
                Schema s = i < 150 ? PAYMENT : v2;
                GenericRecord g = new GenericData.Record(s);
                g.put("amount", fraud ? 500 + 100 * r.nextDouble() : 20 + 10 * r.nextDouble());
                g.put("items", fraud ? 1 : 1 + r.nextInt(5));
                g.put("channel", new GenericData.EnumSymbol(s.getField("channel").schema(), fraud ? "WEB" : r.nextBoolean() ? "POS" : "ATM"));
                g.put("fraud", fraud);
                producer.send(new ProducerRecord<>("pay-cf", "p" + i, confluent(i < 150 ? id1 : id2, s, g)));
            }
        }
        send(request("confluent-topic", new TopicSource("pay-cf", null), "fraud", "true", 20, AugmentationMethod.SMOTE,
                new TopicDestination("pay-cf-synthetic")).build());

        AugmentationResult result = only(results(Duration.ofSeconds(120), "confluent-topic"), "confluent-topic");
        assertThat(result.getStatus()).as(String.valueOf(result.getReason())).isEqualTo(AugmentationStatus.OK);
        assertThat(result.getSourceRows()).isEqualTo(300L);
        assertThat(result.getMinorityRows()).isEqualTo(25L);

        List<ConsumerRecord<String, byte[]>> out = readCommitted("pay-cf-synthetic", rs -> rs.size() >= 20, Duration.ofSeconds(30));
        assertThat(out).hasSize(20);
        assertThat(registry.versions("pay-cf-synthetic-value")).containsExactly(id1); // the table's (first) schema
        for (ConsumerRecord<String, byte[]> rec : out) {
            assertThat(header(rec, "ganwatch.synthetic")).isEqualTo("true");
            assertThat(rec.value()[0]).isZero();
            assertThat(ByteBuffer.wrap(rec.value(), 1, 4).getInt()).isEqualTo(id1);
            GenericRecord g = new org.apache.avro.generic.GenericDatumReader<GenericRecord>(PAYMENT).read(null,
                    org.apache.avro.io.DecoderFactory.get().binaryDecoder(rec.value(), 5, rec.value().length - 5, null));
            assertThat(g.get("fraud")).isEqualTo(true);
            assertThat(g.get("channel").toString()).isIn("POS", "WEB", "ATM");
        }
        // and Confluent's own python client reads them, fetching the schema by id
        String py = run("/usr/bin/python3", "integration-tests/python/confluent_interop.py", "consume", kafka.bootstrapServers(),
                registry.url(), "", "pay-cf-synthetic", "20");
        assertThat(py.lines().filter(l -> l.startsWith("{"))).hasSize(20).allSatisfy(l -> assertThat(l).contains("\"fraud\": true"));
    }

    @Test
    void aRegistryOutageFailsTheRequestForAReplayAndAnUnknownSchemaIdRejectsIt() throws Exception {
        String text = PAYMENT.toString();
        Schema v3 = new Schema.Parser().parse(text.substring(0, text.length() - 2)
                + ",{\"name\":\"memo\",\"type\":[\"null\",\"string\"],\"default\":null}]}");
        int id = registry.register("pay-cf-outage-value", v3); // not read by the service before: not in its cache
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 40; i++) {
                GenericRecord g = new GenericData.Record(v3);
                g.put("amount", 10.0 + i);
                g.put("items", 1);
                g.put("channel", new GenericData.EnumSymbol(v3.getField("channel").schema(), "POS"));
                g.put("fraud", i % 4 == 0);
                producer.send(new ProducerRecord<>("pay-cf-outage", "o" + i, confluent(id, v3, g)));
                producer.send(new ProducerRecord<>("pay-cf-bad", "b" + i, confluent(id + 1000, v3, g)));
            }
        }
        registry.unavailable(true);
        try {
            send(request("cf-outage", new TopicSource("pay-cf-outage", null), "fraud", "true", 5, AugmentationMethod.SMOTE,
                    new TopicDestination("pay-cf-synthetic")).build());
            AugmentationResult failed = only(results(Duration.ofSeconds(120), "cf-outage"), "cf-outage");
            assertThat(failed.getStatus()).isEqualTo(AugmentationStatus.FAILED);
            assertThat(failed.getReason()).contains("schema registry", "unreachable", "send the request again");
        } finally {
            registry.unavailable(false);
        }
        send(request("cf-bad-id", new TopicSource("pay-cf-bad", null), "fraud", "true", 5, AugmentationMethod.SMOTE,
                new TopicDestination("pay-cf-synthetic")).build());
        AugmentationResult rejected = only(results(Duration.ofSeconds(120), "cf-bad-id"), "cf-bad-id");
        assertThat(rejected.getStatus()).isEqualTo(AugmentationStatus.REJECTED);
        assertThat(rejected.getReason()).contains("schema id " + (id + 1000), "not in the schema registry");
    }

    private static byte[] confluent(int id, Schema schema, GenericRecord g) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        org.apache.avro.io.BinaryEncoder e = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
        new org.apache.avro.generic.GenericDatumWriter<GenericRecord>(schema).write(g, e);
        e.flush();
        return out.toByteArray();
    }

    @Test
    void aJsonTopicSourceGivesJsonRecords() throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("max.in.flight.requests.per.connection", "1");
        Random r = new Random(4);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 200; i++) {
                boolean attack = i % 10 == 0;
                producer.send(new ProducerRecord<>("events", "e" + i, String.format(Locale.ROOT,
                        "{\"bytes\": %.1f, \"duration\": %.3f, \"protocol\": \"%s\", \"kind\": \"%s\"}",
                        attack ? 5e5 + 1e5 * r.nextDouble() : 1000 * r.nextDouble(), attack ? 0.01 : r.nextDouble(),
                        attack ? "icmp" : "tcp", attack ? "attack" : "normal")));
            }
        }
        send(request("json-topic", new TopicSource("events", null), "kind", "attack", 15, AugmentationMethod.SMOTE,
                new TopicDestination("events-synthetic")).build());

        AugmentationResult result = only(results(Duration.ofSeconds(120), "json-topic"), "json-topic");
        assertThat(result.getStatus()).as(String.valueOf(result.getReason())).isEqualTo(AugmentationStatus.OK);
        assertThat(result.getSourceRows()).isEqualTo(200L);
        assertThat(result.getMinorityRows()).isEqualTo(20L);
        List<ConsumerRecord<String, byte[]>> out = readCommitted("events-synthetic", rs -> rs.size() >= 15, Duration.ofSeconds(30));
        assertThat(out).hasSize(15);
        for (ConsumerRecord<String, byte[]> rec : out) {
            JsonNode n = JSON.readTree(rec.value());
            assertThat(n.fieldNames()).toIterable().containsExactly("bytes", "duration", "protocol", "kind");
            assertThat(n.get("kind").asText()).isEqualTo("attack");
        }
    }

    @Test
    void aGanRequestWithFewEpochsWritesAFile() throws Exception {
        Path cards = cardsCsv();
        Path out = data.resolve("gan-synthetic.csv");
        send(request("gan-1", new FileSource(cards.toString(), "csv"), "label", "fraud", 40, AugmentationMethod.GAN,
                new FileDestination(out.toString())).setEpochs(2).setTimeBudgetSeconds(60).build());

        AugmentationResult result = only(results(Duration.ofSeconds(180), "gan-1"), "gan-1");
        assertThat(result.getStatus()).as(String.valueOf(result.getReason())).isEqualTo(AugmentationStatus.OK);
        assertThat(result.getSyntheticRows()).isEqualTo(40L);
        assertThat(result.getDestination()).isEqualTo("file:" + out.toRealPath());
        assertThat(result.getModelVersion()).isNotBlank();
        // 30 fraud rows: a small class, sampled from noise truncated to ±1, and the result says so.
        assertThat(result.getGanTruncation()).isEqualTo(1.0);
        assertThat(result.getGanTemperature()).isEqualTo(1.0);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("amount,duration,items,channel,label,synthetic");
        assertThat(lines).hasSize(41);
        assertThat(lines.subList(1, 41)).allSatisfy(l -> assertThat(l).endsWith(",fraud,true"));
    }

    @Test
    @Order(Integer.MAX_VALUE) // after every other test has left its requests and results behind
    void aFreshInstanceThatRereadsEveryRequestAddsNothing() throws Exception {
        List<AugmentationResult> before = allResults();
        Map<String, Long> finishedBefore = new HashMap<>();
        before.stream().filter(r -> r.getStatus() != AugmentationStatus.FAILED)
                .forEach(r -> finishedBefore.merge(r.getRequestId(), 1L, Long::sum));
        assertThat(finishedBefore).isNotEmpty();
        int syntheticBefore = readAll("synthetic").size();

        // A new consumer group starts at the first request: every finished id is read again and must be skipped.
        AugmentServiceConfig second = AugmentServiceConfig.resolve(Map.of(), Map.of(), Map.of(
                "bootstrap.servers", kafka.bootstrapServers(), "group.id", "augment-it-second",
                "ganwatch.augment.requests.topic", REQUESTS, "ganwatch.augment.results.topic", RESULTS,
                "ganwatch.augment.file.roots", data.toString()));
        try (AugmentService fresh = AugmentService.start(second, AugmentationJob.augmenter());
             org.apache.kafka.clients.admin.Admin admin = kafka.newAdmin()) {
            org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition(REQUESTS, 0);
            long end = admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get().get(tp).offset();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long committed = -1;
            while (committed < end && System.nanoTime() < deadline) {
                var offsets = admin.listConsumerGroupOffsets("augment-it-second").partitionsToOffsetAndMetadata().get();
                committed = offsets.containsKey(tp) ? offsets.get(tp).offset() : -1;
                Thread.sleep(300);
            }
            assertThat(fresh.isRunning()).isTrue();
            assertThat(committed).as("the fresh instance went through every request").isGreaterThanOrEqualTo(end);
        }
        Map<String, Long> finishedAfter = new HashMap<>();
        allResults().stream().filter(r -> finishedBefore.containsKey(r.getRequestId()))
                .forEach(r -> finishedAfter.merge(r.getRequestId(), 1L, Long::sum));
        assertThat(finishedAfter).isEqualTo(finishedBefore);
        assertThat(readAll("synthetic")).hasSize(syntheticBefore);
    }
}
