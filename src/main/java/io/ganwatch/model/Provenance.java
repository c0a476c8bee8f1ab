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
        @JsonProperty("graph_sha256") String graphSha256) {
}
