package io.ganwatch.features;

import java.util.ArrayList;
import java.util.List;

/**
 * The learned mapping from raw columns to the float vector a model sees.
 *
 * <p>Saved in every model bundle and used by both training and scoring, so that a model can never
 * be fed features encoded differently from those it was trained on.
 *
 * @param columns the input columns, in encoding order
 * @param missing what to do with a missing value
 */
public record FeatureSpec(List<ColumnSpec> columns, MissingPolicy missing) {

    /** Validates that the spec encodes at least one feature and names each column once. */
    public FeatureSpec {
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a feature specification needs at least one column");
        }
        if (columns.stream().map(ColumnSpec::name).distinct().count() != columns.size()) {
            throw new IllegalArgumentException("a feature specification names a column twice");
        }
        if (missing == null) {
            missing = MissingPolicy.IMPUTE;
        }
    }

    /** Total number of encoded features. */
    public int width() {
        return columns.stream().mapToInt(ColumnSpec::width).sum();
    }

    /** Names of all encoded features, in order ({@code col} or {@code col=category}). */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>(width());
        columns.forEach(c -> names.addAll(c.featureNames()));
        return names;
    }

    /** Raw column names, in order. */
    public List<String> columnNames() {
        return columns.stream().map(ColumnSpec::name).toList();
    }

    /** For each raw column, the index of its first encoded feature; one extra entry holds {@link #width()}. */
    public int[] offsets() {
        int[] off = new int[columns.size() + 1];
        for (int i = 0; i < columns.size(); i++) {
            off[i + 1] = off[i] + columns.get(i).width();
        }
        return off;
    }
}
