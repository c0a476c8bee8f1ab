package io.ganwatch.drift;

/**
 * What a {@link DriftWindow} measured for one input column.
 *
 * @param name        the raw column name
 * @param kind        {@link ColumnProfile#NUMERIC} or {@link ColumnProfile#CATEGORICAL}
 * @param psi         population stability index of the window against the training profile
 * @param unseenShare share of the window's records in the unknown bucket (a category not seen in
 *                    training, or a missing value); 0 for a numeric column
 */
public record ColumnDrift(String name, String kind, double psi, double unseenShare) {
}
