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
                com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) Sampling sampling) {

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
}
