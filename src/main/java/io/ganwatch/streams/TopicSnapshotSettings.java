package io.ganwatch.streams;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code train --input-topic} reads: a topic, decoded as the stream decodes it, and optionally the
 * alerts and feedback topics whose confirmed true positives are left out.
 *
 * @param topic         the topic to read (the stream's {@code ganwatch.input.topic})
 * @param client        Kafka client settings, with {@code bootstrap.servers}
 * @param format        wire format of its records and of the alerts: {@code avro} or {@code json}
 * @param schemaFiles   extra Avro schemas for the {@code avro} format (the stream's {@code ganwatch.schemas})
 * @param maxRecords    most records to read, shared evenly between partitions; {@link #ALL_RECORDS} for every
 *                      record up to the end offsets at start
 * @param alertsTopic   the stream's alerts topic, or {@code null} (then {@code feedbackTopic} is {@code null} too)
 * @param feedbackTopic the analysts' verdicts, or {@code null}
 * @param timeout       how long to keep trying to reach the cluster, and to wait for a partition to make progress
 */
public record TopicSnapshotSettings(String topic, Map<String, String> client, WireFormat format, List<Path> schemaFiles,
                                    long maxRecords, String alertsTopic, String feedbackTopic, Duration timeout) {
    /** No {@code --max-records}. */
    public static final long ALL_RECORDS = Long.MAX_VALUE;

    /** Validates and copies. */
    public TopicSnapshotSettings {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("--input-topic is empty; name the topic to train on");
        }
        client = Map.copyOf(client);
        if (client.get("bootstrap.servers") == null || client.get("bootstrap.servers").isBlank()) {
            throw new IllegalArgumentException("--input-topic needs --bootstrap-servers (or bootstrap.servers in --config or --set)");
        }
        Objects.requireNonNull(format, "format");
        if (format == WireFormat.CONFLUENT_AVRO) {
            // The registry client is the stream's; a snapshot has no need yet for anything but the two self-contained formats.
            throw new IllegalArgumentException("train --input-topic reads the avro or json wire format, not confluent-avro;"
                    + " train from a topic written in avro or json, or from a file");
        }
        schemaFiles = List.copyOf(schemaFiles);
        if (maxRecords < 1) {
            throw new IllegalArgumentException("--max-records must be at least 1, was " + maxRecords);
        }
        if ((alertsTopic == null) != (feedbackTopic == null)) {
            throw new IllegalArgumentException("--alerts-topic and --feedback-topic go together: the alerts name the records,"
                    + " the verdicts confirm them; give both, or neither to leave no alert out");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--kafka-timeout must be positive, was " + timeout);
        }
    }

    /** Whether confirmed alerts are left out (both the alerts and the feedback topics were given). */
    public boolean readsFeedback() {
        return feedbackTopic != null;
    }
}
