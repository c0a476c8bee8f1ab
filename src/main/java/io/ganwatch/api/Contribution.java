package io.ganwatch.api;

import java.util.Objects;

/**
 * How much one input column contributed to a record's score: the drop in score when that column
 * alone is repaired to what the model expects (larger means more to blame).
 *
 * @param column the input column (field) name
 * @param value  its contribution, in score units
 */
public record Contribution(String column, double value) {
    /** Validates that the column is named. */
    public Contribution {
        Objects.requireNonNull(column, "column");
    }
}
