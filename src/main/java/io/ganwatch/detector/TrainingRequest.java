package io.ganwatch.detector;

import io.ganwatch.features.MissingPolicy;
import io.ganwatch.input.Table;
import io.ganwatch.training.AladConfig;

import java.util.Set;

/**
 * Everything needed to train a detector bundle.
 *
 * @param table        the training rows
 * @param sourceSha256 sha256 of the input file, for provenance ("" for a topic)
 * @param format       input format name, for provenance
 * @param labels       label column and normal value, or {@code null} when every row is normal
 * @param categorical  columns forced to be categorical
 * @param missing      missing-value policy
 * @param config       ALAD hyper-parameters (with the seed)
 * @param targetFpr    false-positive rate the threshold is calibrated to
 * @param modelId      stable name for the model
 */
public record TrainingRequest(Table table, String sourceSha256, String format, Labels labels, Set<String> categorical,
                              MissingPolicy missing, AladConfig config, double targetFpr, String modelId) {
    /** Validates. */
    public TrainingRequest {
        if (!(targetFpr > 0 && targetFpr < 0.5)) {
            throw new IllegalArgumentException("--target-fpr must be in (0, 0.5), was " + targetFpr);
        }
        categorical = Set.copyOf(categorical);
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException("a model id is needed");
        }
    }
}
