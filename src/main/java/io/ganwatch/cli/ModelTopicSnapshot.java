package io.ganwatch.cli;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The model topic as compaction will leave it: the last message per key (a tombstone removes the
 * key), read read_committed up to the end offsets at start. What {@code promote} and {@code demote}
 * look the shadow up in.
 */
final class ModelTopicSnapshot {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ModelTopicSnapshot() {
    }

    /**
     * A value as read, with where it was read.
     *
     * @param value the message value
     * @param where topic, partition and offset, for messages
     */
    record Message(byte[] value, String where) {
    }

    /**
     * Reads the topic.
     *
     * @throws IllegalStateException when the topic does not exist or cannot be read to its end in time
     */
    static Map<String, Message> read(Properties client, String topic) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG); // assigned partitions, no group: nothing is committed anywhere
        Map<String, Message> last = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("model topic '" + topic + "' does not exist; check --topic");
            }
            List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (parts.stream().anyMatch(tp -> consumer.position(tp, TIMEOUT) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read model topic '" + topic + "' to its end within "
                            + TIMEOUT.toSeconds() + " s; check that the cluster is reachable");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                    if (r.value() == null) {
                        last.remove(key);
                    } else {
                        last.put(key, new Message(r.value(), r.topic() + "/" + r.partition() + "@" + r.offset()));
                    }
                }
            }
        }
        return last;
    }
}
