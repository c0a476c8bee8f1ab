package io.ganwatch.api;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The verdict on one value.
 *
 * @param score            the anomaly score (higher is more anomalous), as the {@code score} command writes it
 * @param pValue           about how often a normal record scores at least this high, from the bundle's
 *                         calibration rows; empty for a bundle trained by an older ganwatch without them
 * @param anomaly          whether {@code score >= threshold}
 * @param threshold        the threshold the value was judged by
 * @param topContributions the columns that contributed most, largest first: filled for anomalies only
 *                         (at most {@link ScorerOptions#topK()}), empty for normal values, as the
 *                         stream processor's alerts carry them
 * @param modelVersion     the version of the model bundle that scored the value
 */
public record ScoreResult(double score, OptionalDouble pValue, boolean anomaly, double threshold,
                          List<Contribution> topContributions, String modelVersion) {
    /** Copies the list, so that a result never changes after it is made. */
    public ScoreResult {
        Objects.requireNonNull(pValue, "pValue");
        topContributions = List.copyOf(topContributions);
        Objects.requireNonNull(modelVersion, "modelVersion");
    }
}
