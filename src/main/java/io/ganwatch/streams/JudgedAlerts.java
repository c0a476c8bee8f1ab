package io.ganwatch.streams;

import io.ganwatch.avro.AlertFeedback;
import io.ganwatch.avro.Verdict;
import io.ganwatch.recalibration.JudgedAlert;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A bounded snapshot of the alerts topic and the feedback topic, joined by alert id: what
 * {@code recalibrate} proposes a threshold from. Each topic is read read_committed (only alerts of
 * committed transactions, as the stream's own alert index sees them) from its beginning up to its end
 * offsets taken at start, so that the snapshot ends even while the stream keeps writing.
 *
 * <p>Alerts are decoded in the stream's wire format ({@code avro} or {@code json}), verdicts in
 * either (as the stream reads them). The last verdict on an alert wins, as in the stream's precision
 * window ({@code unsure} takes a decision back). Messages that are neither are counted, never fatal.
 */
public final class JudgedAlerts {
    /** How long reading both topics to their end may take. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);

    private JudgedAlerts() {
    }

    /**
     * The snapshot.
     *
     * @param alerts          the alerts of the model and versions asked for, each with its last verdict
     * @param alertsRead      messages read from the alerts topic
     * @param otherVersions   alerts of other models or versions, left out
     * @param verdictsRead    verdicts read from the feedback topic
     * @param unmatched       verdicts on alert ids not among the alerts read (another model, or gone)
     * @param unreadable      messages on either topic that are neither alert nor verdict
     */
    public record Snapshot(List<JudgedAlert> alerts, long alertsRead, long otherVersions, long verdictsRead, long unmatched,
                           long unreadable) {
        /** Copies. */
        public Snapshot {
            alerts = List.copyOf(alerts);
        }
    }

    /**
     * Reads the snapshot.
     *
     * @param client   Kafka client settings with bootstrap.servers
     * @param format   the alerts' wire format (the stream's {@code ganwatch.format}; not confluent-avro)
     * @param modelId  the model whose alerts count
     * @param versions its versions whose alerts count (those sharing the graph, so that scores compare)
     * @throws IllegalArgumentException for the confluent-avro wire format
     * @throws IllegalStateException    when a topic does not exist or cannot be read to its end in time
     */
    public static Snapshot read(Properties client, String alertsTopic, String feedbackTopic, WireFormat format, String modelId,
                                Set<String> versions) {
        return read(client, alertsTopic, feedbackTopic, format,
                (model, version) -> modelId.equals(model) && versions.contains(version));
    }

    /**
     * The snapshot with the alerts of every model and version: what {@code train --input-topic} needs to
     * leave out the records analysts confirmed, whichever model flagged them.
     *
     * @throws IllegalArgumentException for the confluent-avro wire format
     * @throws IllegalStateException    when a topic does not exist or cannot be read to its end in time
     */
    public static Snapshot readAll(Properties client, String alertsTopic, String feedbackTopic, WireFormat format) {
        return read(client, alertsTopic, feedbackTopic, format, (model, version) -> true);
    }

    private static Snapshot read(Properties client, String alertsTopic, String feedbackTopic, WireFormat format,
                                 java.util.function.BiPredicate<String, String> wanted) {
        if (format == WireFormat.CONFLUENT_AVRO) {
            throw new IllegalArgumentException("recalibrate reads alerts in the avro or json wire format, not confluent-avro;"
                    + " run it against a stream that writes avro or json alerts");
        }
        RecordDecoder decoder = RecordDecoder.of(format, SchemaCatalog.of(List.of()));
        FeedbackCodec codec = new FeedbackCodec();
        Map<String, JudgedAlert> alerts = new LinkedHashMap<>();
        Map<String, Verdict> verdicts = new HashMap<>();
        long[] counts = new long[4]; // alerts read, other versions, verdicts read, unreadable
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "ganwatch-recalibrate");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG); // assigned partitions, no group: nothing is committed anywhere
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            readToEnd(consumer, alertsTopic, "--alerts-topic", r -> {
                counts[0]++;
                try {
                    DecodedRecord a = decoder.decode(r.value());
                    Object id = a.get("alert_id");
                    Object score = a.get("score");
                    Object threshold = a.get("threshold");
                    if (id == null || !(score instanceof Number s) || !(threshold instanceof Number t)) {
                        counts[3]++;
                        return;
                    }
                    if (!wanted.test(String.valueOf(a.get("model_id")), String.valueOf(a.get("model_version")))) {
                        counts[1]++;
                        return;
                    }
                    alerts.put(id.toString(), new JudgedAlert(id.toString(), s.doubleValue(), t.doubleValue(), r.timestamp(), null));
                } catch (RuntimeException e) {
                    counts[3]++;
                }
            });
            readToEnd(consumer, feedbackTopic, "--feedback-topic", r -> {
                try {
                    AlertFeedback f = codec.decode(r.value());
                    counts[2]++;
                    verdicts.put(f.getAlertId(), f.getVerdict()); // by offset within the key's partition: the last wins
                } catch (RuntimeException e) {
                    counts[3]++;
                }
            });
        }
        long unmatched = verdicts.keySet().stream().filter(id -> !alerts.containsKey(id)).count();
        List<JudgedAlert> judged = new ArrayList<>();
        alerts.forEach((id, a) -> judged.add(new JudgedAlert(id, a.score(), a.threshold(), a.timestampMs(), verdicts.get(id))));
        return new Snapshot(judged, counts[0], counts[1], counts[2], unmatched, counts[3]);
    }

    private static void readToEnd(KafkaConsumer<byte[], byte[]> consumer, String topic, String flag,
                                  Consumer<ConsumerRecord<byte[], byte[]>> each) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic '" + topic + "' does not exist; check " + flag);
        }
        List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp, Duration.ofSeconds(30)) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read topic '" + topic + "' to its end offsets within "
                        + READ_TIMEOUT.toSeconds() + " s; check that the cluster is reachable");
            }
            consumer.poll(Duration.ofMillis(200)).forEach(each);
        }
    }
}
