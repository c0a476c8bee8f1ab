package io.ganwatch.streams;

import io.ganwatch.avro.AlertFeedback;
import io.ganwatch.avro.AnomalyAlert;
import io.ganwatch.avro.Verdict;
import io.ganwatch.cli.Main;
import io.ganwatch.input.InputException;
import io.ganwatch.input.RowVisitor;
import io.ganwatch.kafka.LocalKafka;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.model.Provenance;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code train --input-topic} on a real broker. The input topic (2 partitions) holds 120 connection
 * records and 3 that the stream would dead-letter (bytes that are no JSON, a JSON array, a record
 * without the {@code protocol} field). Six records have alerts: three end with a true-positive verdict
 * (one after a false positive first), one is judged a false positive, one is taken back with unsure
 * and one is never judged; an alert on another topic's record at the same offsets is confirmed too.
 * The bundle must be trained on exactly 117 rows (120 less the 3 confirmed), and its provenance must
 * show both partitions' offset ranges and the 3 + 3 records left out. Records produced after the
 * snapshot was opened, and records of a transaction still open at that time, are never read, on either
 * pass; {@code --max-records} reads the first N records, shared between the partitions, on both passes.
 * Avro records of a user schema read as rows, an unknown schema is a dead letter; a snapshot with
 * nothing decodable, an unknown or an empty topic are one line; records deleted between the two passes
 * (as retention would) stop the run.
 */
class TrainFromTopicIT {
    private static final int NORMAL = 120;

    @TempDir
    static Path dir;
    static LocalKafka kafka;

    @BeforeAll
    static void broker() {
        kafka = LocalKafka.start(dir.resolve("kafka"));
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** The topics of one test, filled; returns where each normal record went. */
    private static List<RecordMetadata> fill(String pre) throws Exception {
        kafka.createTopics(Map.of(pre + "in", 2, pre + "alerts", 1, pre + "feedback", 1));
        Random r = new Random(7);
        List<RecordMetadata> normal = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = 0; i < NORMAL; i++) {
                double d = Math.exp(r.nextGaussian() * 0.3);
                String conn = String.format(Locale.ROOT, "{\"bytes\": %.3f, \"duration\": %.5f, \"protocol\": \"%s\"}",
                        d * 1000 * Math.exp(r.nextGaussian() * 0.1), d, i % 3 == 0 ? "udp" : "tcp");
                normal.add(send(producer, pre + "in", i % 2, conn.getBytes(StandardCharsets.UTF_8)));
                // The dead letters come after the first records, whose fields are the columns.
                if (i == 10) {
                    send(producer, pre + "in", 0, "not json at all".getBytes(StandardCharsets.UTF_8));
                } else if (i == 51) {
                    send(producer, pre + "in", 1, "[1, 2, 3]".getBytes(StandardCharsets.UTF_8));
                } else if (i == 90) {
                    send(producer, pre + "in", 0, "{\"bytes\": 5.0, \"duration\": 1.0}".getBytes(StandardCharsets.UTF_8));
                }
            }
            OutputEncoder alerts = new OutputEncoder(WireFormat.JSON); // as a json stream writes its alerts
            Verdict[][] verdicts = {{Verdict.TRUE_POSITIVE}, {Verdict.TRUE_POSITIVE}, {Verdict.FALSE_POSITIVE, Verdict.TRUE_POSITIVE},
                    {Verdict.FALSE_POSITIVE}, {Verdict.TRUE_POSITIVE, Verdict.UNSURE}, {}};
            int[] alerted = {3, 20, 47, 60, 81, 100};
            for (int a = 0; a < alerted.length; a++) {
                RecordMetadata m = normal.get(alerted[a]);
                String id = alert(producer, alerts, pre, m.topic(), m.partition(), m.offset());
                for (Verdict v : verdicts[a]) {
                    verdict(producer, pre, id, v);
                }
            }
            // Another topic's record at the same place: confirmed, but not a record of this snapshot.
            RecordMetadata m = normal.get(5);
            verdict(producer, pre, alert(producer, alerts, pre, pre + "other", m.partition(), m.offset()), Verdict.TRUE_POSITIVE);
            producer.flush();
        }
        return normal;
    }

    @Test
    void trainsOnTheSnapshotLessConfirmedAlertsAndDeadLettersAndRecordsTheRanges() throws Exception {
        String pre = "retrain-" + UUID.randomUUID() + "-";
        List<RecordMetadata> normal = fill(pre);
        long p0 = normal.stream().filter(m -> m.partition() == 0).count() + 2; // and two dead letters
        long p1 = normal.stream().filter(m -> m.partition() == 1).count() + 1;
        Path out = dir.resolve(pre + "model");
        Run run = cli("train", "--input-topic", pre + "in", "--bootstrap-servers", kafka.bootstrapServers(), "--format", "json",
                "--alerts-topic", pre + "alerts", "--feedback-topic", pre + "feedback", "--epochs", "2", "--seed", "5",
                "--out", out.toString());
        System.out.println(run.stdout);
        assertThat(run.exitCode).as(run.stdout + run.stderr).isZero();
        assertThat(run.stdout).contains("7 alerts on " + pre + "alerts", "8 verdicts on " + pre + "feedback", "alerts unjudged, judged false-positive or taken back (unsure) stay in")
                .contains("topic " + pre + "in partitions 0:[0," + p0 + "), 1:[0," + p1 + "): 123 records read, 117 kept;"
                        + " left out: 3 confirmed true positives, 3 dead letters");

        Provenance prov = ModelBundle.load(out).metadata().provenance();
        assertThat(prov.rowsRead()).as("rows trained on").isEqualTo(NORMAL - 3);
        assertThat(prov.normalRows()).isEqualTo(NORMAL - 3);
        assertThat(prov.trainRows() + prov.checkpointRows() + prov.calibrationRows()).isEqualTo(NORMAL - 3);
        assertThat(prov.source()).isEqualTo(pre + "in");
        assertThat(prov.format()).isEqualTo("json");
        Provenance.TopicSnapshot s = prov.topicSnapshot();
        assertThat(s.ranges()).containsExactly(new Provenance.OffsetRange(0, 0, p0, p0), new Provenance.OffsetRange(1, 0, p1, p1));
        assertThat(s.recordsRead()).isEqualTo(NORMAL + 3);
        assertThat(s.rowsKept()).isEqualTo(NORMAL - 3);
        assertThat(s.confirmedLeftOut()).isEqualTo(3);
        assertThat(s.deadLetters()).isEqualTo(Map.of("undecodable", 2L, "missing-field", 1L));
        assertThat(s.alertsOnSnapshot()).isEqualTo(6);
        assertThat(s.unconfirmedKept()).as("false positive, unsure and unjudged stay in").isEqualTo(3);
        assertThat(s.alertsTopic()).isEqualTo(pre + "alerts");
        assertThat(s.maxRecords()).isNull();
        assertThat(ModelBundle.load(out).metadata().features().columnNames()).containsExactly("bytes", "duration", "protocol");
    }

    @Test
    void recordsProducedAfterTheSnapshotOpenedAreReadOnNeitherPass() throws Exception {
        String pre = "retrain-" + UUID.randomUUID() + "-";
        fill(pre);
        // A transaction open when the snapshot is taken: read_committed stops before it, even once committed.
        Properties tx = new Properties();
        tx.put("bootstrap.servers", kafka.bootstrapServers());
        tx.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, pre + "tx");
        try (KafkaProducer<String, byte[]> open = new KafkaProducer<>(tx, new StringSerializer(), new ByteArraySerializer());
             KafkaProducer<String, byte[]> later = producer()) {
            open.initTransactions();
            open.beginTransaction();
            open.send(new ProducerRecord<>(pre + "in", 0, null, conn(1.0))).get(30, TimeUnit.SECONDS);
            TopicRowSource source = TopicRowSource.open(settings(pre, TopicSnapshotSettings.ALL_RECORDS));
            open.commitTransaction();
            for (int i = 0; i < 10; i++) {
                send(later, pre + "in", i % 2, conn(1.0 + i));
            }
            later.flush();
            long[] first = count(source);
            long[] second = count(source);
            assertThat(first).containsExactly(NORMAL - 3, 1);
            assertThat(second).isEqualTo(first);
            assertThat(source.provenance().recordsRead()).isEqualTo(NORMAL + 3);

            // A new snapshot sees them: 11 more records (the committed transaction's and the 10 later ones).
            TopicRowSource now = TopicRowSource.open(settings(pre, TopicSnapshotSettings.ALL_RECORDS));
            assertThat(count(now)[0]).isEqualTo(NORMAL - 3 + 11);
        }
    }

    @Test
    void maxRecordsReadsTheFirstNSharedBetweenPartitionsOnBothPasses() throws Exception {
        String pre = "retrain-" + UUID.randomUUID() + "-";
        fill(pre);
        TopicRowSource source = TopicRowSource.open(settings(pre, 50));
        long[] first = count(source);
        assertThat(count(source)).isEqualTo(first);
        Provenance.TopicSnapshot s = source.provenance();
        assertThat(s.recordsRead()).isEqualTo(50);
        assertThat(s.ranges()).containsExactly(new Provenance.OffsetRange(0, 0, 25, 25), new Provenance.OffsetRange(1, 0, 25, 25));
        // Among the first 25 of each partition: one dead letter (offset 6 of partition 0, after record 10), and the
        // confirmed alerts on records 3, 20 and 47 (partition 1 offset 1, partition 0 offset 11, partition 1 offset 23);
        // the false positive on record 60 and the unsure on 81 lie beyond: 50 - 1 - 3 kept.
        assertThat(s.deadLettersLeftOut()).isEqualTo(1);
        assertThat(s.confirmedLeftOut()).isEqualTo(3);
        assertThat(s.alertsOnSnapshot()).isEqualTo(3);
        assertThat(first[0]).isEqualTo(46);
        assertThat(s.maxRecords()).isEqualTo(50);
    }

    @Test
    void maxRowsTrainsOnASeededSampleOfTheTopicsRowsAndRecordsIt() throws Exception {
        String pre = "retrain-" + UUID.randomUUID() + "-";
        fill(pre);
        Path out = dir.resolve(pre + "model");
        Run run = cli("train", "--input-topic", pre + "in", "--bootstrap-servers", kafka.bootstrapServers(), "--format", "json",
                "--max-rows", "60", "--epochs", "1", "--seed", "5", "--out", out.toString());
        assertThat(run.exitCode).as(run.stdout + run.stderr).isZero();
        assertThat(run.stdout).contains("sampled: 60 of 120 normal rows");

        Provenance prov = ModelBundle.load(out).metadata().provenance();
        assertThat(prov.normalRows()).as("normal rows seen").isEqualTo(NORMAL);
        assertThat(prov.trainRows() + prov.checkpointRows() + prov.calibrationRows()).isEqualTo(60);
        assertThat(prov.sampling().normalSeen()).isEqualTo(NORMAL);
        assertThat(prov.sampling().normalKept()).isEqualTo(60);
        assertThat(prov.sampling().reason()).isEqualTo("--max-rows 60");
        assertThat(prov.sampling().seed()).isEqualTo(5);
        assertThat(prov.topicSnapshot().rowsKept()).as("the snapshot read every row; the sample is drawn from them")
                .isEqualTo(NORMAL);
    }

    @Test
    void anUnknownOrEmptyTopicIsOneLineWithExitCode2() throws Exception {
        String pre = "retrain-" + UUID.randomUUID() + "-";
        kafka.createTopics(Map.of(pre + "empty", 2));
        Run unknown = cli("train", "--input-topic", pre + "nope", "--bootstrap-servers", kafka.bootstrapServers(), "--format", "json",
                "--out", dir.resolve(pre + "m1").toString());
        assertThat(unknown.exitCode).isEqualTo(2);
        assertThat(unknown.errorLines()).singleElement().asString()
                .startsWith("ganwatch train: error: " + pre + "nope: no such topic on " + kafka.bootstrapServers())
                .contains("check --input-topic");
        Run empty = cli("train", "--input-topic", pre + "empty", "--bootstrap-servers", kafka.bootstrapServers(), "--format", "json",
                "--out", dir.resolve(pre + "m2").toString());
        assertThat(empty.exitCode).isEqualTo(2);
        assertThat(empty.errorLines()).singleElement().asString()
                .startsWith("ganwatch train: error: " + pre + "empty: is empty: its 2 partition(s) hold no committed record");
        assertThat(unknown.stderr + empty.stderr).doesNotContain("\tat ");
        assertThat(dir.resolve(pre + "m1")).doesNotExist();
        assertThatThrownBy(() -> TopicRowSource.open(settings(pre + "empty-", TopicSnapshotSettings.ALL_RECORDS)))
                .isInstanceOf(InputException.class).hasMessageContaining("no such topic");
    }

    @Test
    void avroRecordsOfAUserSchemaAreRowsAndAnUnknownSchemaIsADeadLetter() throws Exception {
        String pre = "retrain-" + UUID.randomUUID() + "-";
        kafka.createTopics(Map.of(pre + "avro", 1, pre + "garbage", 1));
        org.apache.avro.Schema conn = org.apache.avro.SchemaBuilder.record("Conn").namespace("test").fields()
                .requiredDouble("bytes").requiredDouble("duration").requiredString("protocol").endRecord();
        org.apache.avro.Schema other = org.apache.avro.SchemaBuilder.record("Other").namespace("test").fields()
                .requiredString("x").endRecord();
        Path avsc = java.nio.file.Files.writeString(dir.resolve(pre + "conn.avsc"), conn.toString());
        try (KafkaProducer<String, byte[]> producer = producer()) {
            org.apache.avro.message.BinaryMessageEncoder<org.apache.avro.generic.GenericRecord> enc =
                    new org.apache.avro.message.BinaryMessageEncoder<>(org.apache.avro.generic.GenericData.get(), conn);
            for (int i = 0; i < 20; i++) {
                send(producer, pre + "avro", 0, enc.encode(new org.apache.avro.generic.GenericRecordBuilder(conn)
                        .set("bytes", 100.0 + i).set("duration", 1.0).set("protocol", i % 2 == 0 ? "tcp" : "udp").build()).array());
            }
            send(producer, pre + "avro", 0, new org.apache.avro.message.BinaryMessageEncoder<org.apache.avro.generic.GenericRecord>(
                    org.apache.avro.generic.GenericData.get(), other).encode(new org.apache.avro.generic.GenericRecordBuilder(other)
                    .set("x", "?").build()).array());
            for (int i = 0; i < 3; i++) {
                send(producer, pre + "garbage", 0, "junk".getBytes(StandardCharsets.UTF_8));
            }
        }
        TopicRowSource source = TopicRowSource.open(new TopicSnapshotSettings(pre + "avro", Map.of("bootstrap.servers",
                kafka.bootstrapServers()), WireFormat.AVRO, List.of(avsc), TopicSnapshotSettings.ALL_RECORDS, null, null,
                Duration.ofSeconds(30)));
        assertThat(count(source)).containsExactly(20, 1);
        assertThat(count(source)).containsExactly(20, 1);
        assertThat(source.provenance().deadLetters()).isEqualTo(Map.of("unknown-schema", 1L));
        assertThat(source.provenance().wireFormat()).isEqualTo("avro");

        // Nothing decodable: one line naming the format, not a failure inside training.
        Run none = cli("train", "--input-topic", pre + "garbage", "--bootstrap-servers", kafka.bootstrapServers(), "--format", "json",
                "--out", dir.resolve(pre + "m3").toString());
        assertThat(none.exitCode).isEqualTo(2);
        assertThat(none.errorLines()).singleElement().asString()
                .startsWith("ganwatch train: error: " + pre + "garbage: the snapshot holds no record to train on: 3 records read,"
                        + " 0 kept").contains("undecodable=3", "check --format");
    }

    @Test
    void recordsDeletedBetweenThePassesStopTheRunInsteadOfTrainingOnAnotherSnapshot() throws Exception {
        String pre = "retrain-" + UUID.randomUUID() + "-";
        kafka.createTopics(Map.of(pre + "in", 1));
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = 0; i < 10; i++) {
                send(producer, pre + "in", 0, conn(100.0 + i));
            }
        }
        TopicRowSource source = TopicRowSource.open(new TopicSnapshotSettings(pre + "in", Map.of("bootstrap.servers",
                kafka.bootstrapServers()), WireFormat.JSON, List.of(), TopicSnapshotSettings.ALL_RECORDS, null, null,
                Duration.ofSeconds(30)));
        assertThat(count(source)[0]).isEqualTo(10);
        try (org.apache.kafka.clients.admin.Admin admin = kafka.newAdmin()) {
            // What retention does to the oldest records.
            admin.deleteRecords(Map.of(new org.apache.kafka.common.TopicPartition(pre + "in", 0),
                    org.apache.kafka.clients.admin.RecordsToDelete.beforeOffset(4))).all().get(30, TimeUnit.SECONDS);
        }
        assertThatThrownBy(() -> count(source)).isInstanceOf(InputException.class)
                .hasMessageContaining("records of the snapshot were deleted while reading it (retention)")
                .hasMessageContaining("train again");
    }

    private static TopicSnapshotSettings settings(String pre, long max) {
        return new TopicSnapshotSettings(pre + "in", Map.of("bootstrap.servers", kafka.bootstrapServers()), WireFormat.JSON,
                List.of(), max, pre + "alerts", pre + "feedback", Duration.ofSeconds(30));
    }

    /** Rows of one pass, and how many times the columns were announced. */
    private static long[] count(TopicRowSource source) {
        long[] n = new long[2];
        source.forEach(new RowVisitor() {
            @Override
            public void columns(String s, List<String> columns) {
                assertThat(columns).containsExactly("bytes", "duration", "protocol");
                n[1]++;
            }

            @Override
            public void row(long line, Object[] values) {
                n[0]++;
                assertThat(line).isEqualTo(n[0]);
            }
        });
        return n;
    }

    private static byte[] conn(double bytes) {
        return String.format(Locale.ROOT, "{\"bytes\": %.1f, \"duration\": 1.0, \"protocol\": \"tcp\"}", bytes)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String alert(KafkaProducer<String, byte[]> producer, OutputEncoder encoder, String pre, String topic,
                                int partition, long offset) throws Exception {
        AlertFactory.Source src = new AlertFactory.Source(topic, partition, offset, null, 0);
        AnomalyAlert a = AnomalyAlert.newBuilder().setAlertId(src.alertId()).setSourceTopic(topic).setSourcePartition(partition)
                .setSourceOffset(offset).setRecordKey(null).setEventTime(Instant.now()).setScore(0.9).setThreshold(0.5)
                .setModelId("conn").setModelVersion("v1").setTopFeatures(List.of()).setRecordJson("{}").setPValue(null).build();
        send(producer, pre + "alerts", 0, encoder.encode(a));
        return src.alertId();
    }

    private static void verdict(KafkaProducer<String, byte[]> producer, String pre, String id, Verdict v) throws Exception {
        send(producer, pre + "feedback", 0, FeedbackCodec.encode(AlertFeedback.newBuilder().setAlertId(id).setVerdict(v)
                .setAnalyst("ann").setDecidedAt(Instant.now()).build(), false));
    }

    private static RecordMetadata send(KafkaProducer<String, byte[]> producer, String topic, int partition, byte[] value)
            throws Exception {
        return producer.send(new ProducerRecord<>(topic, partition, null, value)).get(30, TimeUnit.SECONDS);
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private record Run(int exitCode, String stdout, String stderr) {
        List<String> errorLines() {
            return stderr.lines().filter(l -> l.startsWith("ganwatch ")).toList();
        }
    }

    /** {@code ganwatch args...} in this JVM, with its output captured. */
    private static synchronized Run cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
