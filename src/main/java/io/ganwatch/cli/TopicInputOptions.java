package io.ganwatch.cli;

import io.ganwatch.streams.TopicSnapshotSettings;
import io.ganwatch.streams.WireFormat;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The flags of {@code train --input-topic}: the topic, the cluster, the wire format, and the alerts and
 * feedback topics whose confirmed true positives are left out. A stream's own configuration file can
 * be passed as {@code --config}: its Kafka client settings are used, and its {@code ganwatch.format}
 * and {@code ganwatch.schemas} decode the records as that stream does, unless flags say otherwise.
 */
final class TopicInputOptions {
    @Option(names = "--input-topic", description = "Train on a bounded snapshot of this topic (read_committed, from the"
            + " beginning up to the end offsets at start) instead of a file.")
    String topic;

    @Option(names = "--bootstrap-servers", description = "Kafka cluster, with --input-topic.")
    String bootstrap;

    @Option(names = "--max-records", description = "With --input-topic: read at most this many records, shared evenly"
            + " between the partitions from their beginnings.")
    Long maxRecords;

    @Option(names = "--alerts-topic", description = "With --input-topic: the stream's alerts topic; records whose alert"
            + " was confirmed a true positive on --feedback-topic are left out.")
    String alertsTopic;

    @Option(names = "--feedback-topic", description = "With --input-topic: the analysts' verdicts (the stream's"
            + " ganwatch.feedback.topic).")
    String feedbackTopic;

    @Option(names = "--schema", description = "With --input-topic and the avro format: an .avsc file of the records"
            + " (repeatable; the stream's ganwatch.schemas).")
    List<Path> schemas = List.of();

    @Option(names = "--config", description = "With --input-topic: a properties file of Kafka client settings (TLS,"
            + " SASL); a stream's config file works, its ganwatch.format and ganwatch.schemas included.")
    Path config;

    @Option(names = "--set", description = "With --input-topic: any Kafka client setting as key=value (repeatable).")
    Map<String, String> settings = Map.of();

    @Option(names = "--kafka-timeout", converter = DurationConverter.class, description = "With --input-topic: how long"
            + " to keep trying to reach the cluster before giving up (default: 30s).")
    Duration timeout = Duration.ofSeconds(30);

    /** Whether {@code --input-topic} was given. */
    boolean given() {
        return topic != null;
    }

    /** Refuses topic flags without {@code --input-topic}, so that none is silently ignored. */
    void refuseWithoutTopic() {
        if (bootstrap != null || maxRecords != null || alertsTopic != null || feedbackTopic != null || !schemas.isEmpty()
                || config != null || !settings.isEmpty()) {
            throw new IllegalArgumentException("--bootstrap-servers, --max-records, --alerts-topic, --feedback-topic, --schema,"
                    + " --config and --set go with --input-topic; add --input-topic, or leave them out to train on --input");
        }
    }

    /**
     * The snapshot to read.
     *
     * @param format {@code --format}, or {@code null} for the config's {@code ganwatch.format} (default avro, as the stream)
     */
    TopicSnapshotSettings resolve(String format) {
        Map<String, String> all = new HashMap<>(Cli.properties(config));
        all.putAll(settings);
        KafkaOptions.put(all, "bootstrap.servers", bootstrap);
        String wire = format != null ? format : all.getOrDefault("ganwatch.format", "avro");
        List<Path> avsc = new ArrayList<>(schemas);
        String listed = all.get("ganwatch.schemas");
        if (schemas.isEmpty() && listed != null && !listed.isBlank()) {
            Arrays.stream(listed.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Path::of).forEach(avsc::add);
        }
        Map<String, String> client = new HashMap<>();
        all.forEach((k, v) -> {
            if (!k.startsWith("ganwatch.")) {
                client.put(k, v);
            }
        });
        return new TopicSnapshotSettings(topic, client, wireFormat(wire), avsc,
                maxRecords == null ? TopicSnapshotSettings.ALL_RECORDS : maxRecords, alertsTopic, feedbackTopic, timeout);
    }

    private static WireFormat wireFormat(String s) {
        WireFormat f;
        try {
            f = WireFormat.parse(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown --format '" + s + "' for --input-topic; use avro or json (the stream's"
                    + " ganwatch.format)");
        }
        return f;
    }
}
