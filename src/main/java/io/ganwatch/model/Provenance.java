package io.ganwatch.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * Where a model came from: enough to reproduce it and to audit it.
 *
 * @param source          training input (file path or topic)
 * @param sourceSha256    sha256 of the input file ("" for a topic)
 * @param format          input format
 * @param rowsRead        rows in the input
 * @param normalRows      rows treated as normal (all rows when no label column was given)
 * @param trainRows       normal rows the networks were fitted on
 * @param checkpointRows  held-back normal rows used to pick the checkpoint
 * @param calibrationRows held-back normal rows used to calibrate the threshold
 * @param seed            random seed of the whole run
 * @param versions        library versions
 * @param trainSeconds    wall-clock training time
 * @param graphSha256     sha256 of model.onnx
 * @param sampling        how the rows trained on were sampled from the input, or {@code null} when every row was used
 * @param topicSnapshot   the topic snapshot trained on ({@code train --input-topic}), or {@code null} for a file; absent
 *                        from bundles made before it, which still load
 */
public record Provenance(
        @JsonProperty("source") String source,
        @JsonProperty("source_sha256") String sourceSha256,
        @JsonProperty("format") String format,
        @JsonProperty("rows_read") int rowsRead,
        @JsonProperty("normal_rows") int normalRows,
        @JsonProperty("train_rows") int trainRows,
        @JsonProperty("checkpoint_rows") int checkpointRows,
        @JsonProperty("calibration_rows") int calibrationRows,
        @JsonProperty("seed") long seed,
        @JsonProperty("versions") Map<String, String> versions,
        @JsonProperty("train_seconds") double trainSeconds,
        @JsonProperty("graph_sha256") String graphSha256,
        @JsonProperty("sampling") @com.fasterxml.jackson.annotation.JsonInclude(
                com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) Sampling sampling,
        @JsonProperty("topic_snapshot") @com.fasterxml.jackson.annotation.JsonInclude(
                com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) TopicSnapshot topicSnapshot) {

    /** Provenance of a file (or an in-memory table), possibly sampled. */
    public Provenance(String source, String sourceSha256, String format, int rowsRead, int normalRows, int trainRows,
                      int checkpointRows, int calibrationRows, long seed, Map<String, String> versions, double trainSeconds,
                      String graphSha256, Sampling sampling) {
        this(source, sourceSha256, format, rowsRead, normalRows, trainRows, checkpointRows, calibrationRows, seed, versions,
                trainSeconds, graphSha256, sampling, null);
    }

    /** The same provenance, saying which topic snapshot the rows came from. */
    public Provenance withTopicSnapshot(TopicSnapshot snapshot) {
        return new Provenance(source, sourceSha256, format, rowsRead, normalRows, trainRows, checkpointRows, calibrationRows,
                seed, versions, trainSeconds, graphSha256, sampling, snapshot);
    }

    /** Provenance of a run that used every row. */
    public Provenance(String source, String sourceSha256, String format, int rowsRead, int normalRows, int trainRows,
                      int checkpointRows, int calibrationRows, long seed, Map<String, String> versions, double trainSeconds,
                      String graphSha256) {
        this(source, sourceSha256, format, rowsRead, normalRows, trainRows, checkpointRows, calibrationRows, seed, versions,
                trainSeconds, graphSha256, null);
    }

    /**
     * A uniform sample of the input's rows, drawn in one pass with a seeded reservoir.
     *
     * @param method          the sampling method ({@code reservoir (Algorithm R)})
     * @param normalSeen      normal rows in the input
     * @param normalKept      normal rows kept (then split into fit, checkpoint and calibration rows)
     * @param anomaliesSeen   labelled anomalies in the input
     * @param anomaliesKept   labelled anomalies kept for the held-back check
     * @param seed            seed of the reservoir
     * @param reason          why: {@code --max-rows N}, or the memory limit that forced it
     */
    public record Sampling(
            @JsonProperty("method") String method,
            @JsonProperty("normal_rows_seen") long normalSeen,
            @JsonProperty("normal_rows_kept") long normalKept,
            @JsonProperty("anomaly_rows_seen") long anomaliesSeen,
            @JsonProperty("anomaly_rows_kept") long anomaliesKept,
            @JsonProperty("seed") long seed,
            @JsonProperty("reason") String reason) {
    }

    /**
     * A bounded, read_committed snapshot of a topic: each partition from its first offset up to the end
     * offset taken when training started (or fewer, for {@code --max-records}), and what was left out.
     *
     * @param topic              the topic read
     * @param wireFormat         how its records were decoded ({@code json} or {@code avro}, as the stream)
     * @param ranges             the offset range read in each partition
     * @param recordsRead        records in the ranges (committed records; transaction markers and aborted
     *                           records are not records)
     * @param rowsKept           records handed to training as rows
     * @param confirmedLeftOut   records left out because an alert on them was judged a true positive (last verdict)
     * @param deadLetters        records left out because the stream could not score them, by reason
     *                           ({@code undecodable}, {@code missing-field}, ...): the dead letters
     * @param alertsTopic        the alerts topic read for the confirmed alerts, or {@code null} when none was given
     * @param feedbackTopic      the verdicts' topic, or {@code null} when none was given
     * @param alertsOnSnapshot   alerts on records in the ranges
     * @param unconfirmedKept    of those, the ones kept: no verdict, or a last verdict other than true-positive
     * @param maxRecords         the {@code --max-records} cap, or {@code null} for none
     */
    public record TopicSnapshot(
            @JsonProperty("topic") String topic,
            @JsonProperty("wire_format") String wireFormat,
            @JsonProperty("ranges") java.util.List<OffsetRange> ranges,
            @JsonProperty("records_read") long recordsRead,
            @JsonProperty("rows_kept") long rowsKept,
            @JsonProperty("left_out_confirmed_true_positives") long confirmedLeftOut,
            @JsonProperty("left_out_dead_letters") Map<String, Long> deadLetters,
            @JsonProperty("alerts_topic") String alertsTopic,
            @JsonProperty("feedback_topic") String feedbackTopic,
            @JsonProperty("alerts_on_snapshot") long alertsOnSnapshot,
            @JsonProperty("unconfirmed_alerts_kept") long unconfirmedKept,
            @JsonProperty("max_records") @com.fasterxml.jackson.annotation.JsonInclude(
                    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) Long maxRecords) {
        /** Copies the collections. */
        public TopicSnapshot {
            ranges = java.util.List.copyOf(ranges);
            deadLetters = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(deadLetters));
        }

        /** Records left out as dead letters, all reasons together. */
        public long deadLettersLeftOut() {
            return deadLetters.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * The offsets read in one partition: from {@code from} (inclusive) to {@code to} (exclusive).
     *
     * @param partition the partition
     * @param from      first offset read
     * @param to        the offset after the last one read
     * @param records   records read in the range
     */
    public record OffsetRange(
            @JsonProperty("partition") int partition,
            @JsonProperty("from") long from,
            @JsonProperty("to") long to,
            @JsonProperty("records") long records) {
        /** Validates. */
        public OffsetRange {
            if (partition < 0 || from < 0 || to < from || records < 0 || records > to - from) {
                throw new IllegalArgumentException("invalid offset range: partition " + partition + " [" + from + ", " + to
                        + ") with " + records + " records");
            }
        }
    }
}
