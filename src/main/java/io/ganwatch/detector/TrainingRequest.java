package io.ganwatch.detector;

import io.ganwatch.features.MissingPolicy;
import io.ganwatch.input.RowSource;
import io.ganwatch.input.Table;
import io.ganwatch.training.AladConfig;

import java.util.Set;

/**
 * Everything needed to train a detector bundle.
 *
 * <p>The rows are streamed twice (learn the feature spec, then encode), so that memory holds encoded
 * floats only; a file source is read twice.
 *
 * @param rows         the training rows
 * @param sourceSha256 sha256 of the input file, for provenance ("" for a topic)
 * @param format       input format name, for provenance
 * @param labels       label column and normal value, or {@code null} when every row is normal
 * @param categorical  columns forced to be categorical
 * @param missing      missing-value policy
 * @param config       ALAD hyper-parameters (with the seed)
 * @param targetFpr    false-positive rate the threshold is calibrated to
 * @param modelId      stable name for the model
 * @param maxRows      most normal rows to train on (a seeded uniform sample beyond); {@link #ALL_ROWS} for no limit
 *                     other than memory
 */
public record TrainingRequest(RowSource rows, String sourceSha256, String format, Labels labels, Set<String> categorical,
                              MissingPolicy missing, AladConfig config, double targetFpr, String modelId, long maxRows) {
    /** No {@code --max-rows}: every normal row, unless memory forces a sample. */
    public static final long ALL_ROWS = Long.MAX_VALUE;

    /** A request over a table in memory, without a row limit. */
    public TrainingRequest(Table table, String sourceSha256, String format, Labels labels, Set<String> categorical,
                           MissingPolicy missing, AladConfig config, double targetFpr, String modelId) {
        this(RowSource.of(table), sourceSha256, format, labels, categorical, missing, config, targetFpr, modelId, ALL_ROWS);
    }

    /** Validates. */
    public TrainingRequest {
        java.util.Objects.requireNonNull(rows, "rows");
        if (maxRows < DetectorTrainer.MIN_NORMAL_ROWS) {
            throw new IllegalArgumentException("--max-rows must be at least " + DetectorTrainer.MIN_NORMAL_ROWS
                    + " (rows to fit and to hold back), was " + maxRows);
        }
        if (!(targetFpr > 0 && targetFpr < 0.5)) {
            throw new IllegalArgumentException("--target-fpr must be in (0, 0.5), was " + targetFpr);
        }
        categorical = Set.copyOf(categorical);
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException("a model id is needed");
        }
    }
}
