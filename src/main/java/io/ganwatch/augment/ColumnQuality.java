package io.ganwatch.augment;

import java.util.Objects;

/**
 * How well the synthetic rows reproduce one column's distribution, for the report's per-column view.
 *
 * @param column      the column
 * @param categorical true when scored with TVComplement (categories), false for KSComplement (numbers)
 * @param score       the complement, in [0, 1]; 1 = same distribution as the real minority rows
 */
public record ColumnQuality(String column, boolean categorical, double score) {

    /** Requires a column name. */
    public ColumnQuality {
        Objects.requireNonNull(column, "column");
    }

    /** SDMetrics' name of the metric: {@code TVComplement} or {@code KSComplement}. */
    public String metric() {
        return categorical ? "TVComplement" : "KSComplement";
    }
}
