package io.ganwatch.report;

import java.util.List;
import java.util.Objects;

/**
 * One scored row as the report lists it among the highest scores: where it is in the input, its score
 * and label, and the columns the model blames, each with its value.
 *
 * @param line       line (or record number) in the input
 * @param score      anomaly score
 * @param anomaly    whether the row's label says anomaly
 * @param features   top columns, largest contribution first, each as {@code column=value}, with
 *                   {@code (never seen in training)} after a category the model never saw
 * @param shares     each feature's share of the score (0..1), in the order of {@code features}
 */
public record ExplainedRow(long line, double score, boolean anomaly, List<String> features, List<Double> shares) {
    /** Copies the lists and checks they match. */
    public ExplainedRow {
        features = List.copyOf(Objects.requireNonNull(features, "features"));
        shares = List.copyOf(Objects.requireNonNull(shares, "shares"));
        if (features.size() != shares.size()) {
            throw new IllegalArgumentException(features.size() + " features but " + shares.size() + " shares");
        }
    }
}
