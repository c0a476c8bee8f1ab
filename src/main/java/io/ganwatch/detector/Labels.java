package io.ganwatch.detector;

import io.ganwatch.features.RawValues;
import io.ganwatch.input.InputException;
import io.ganwatch.input.Table;

import java.util.Set;
import java.util.TreeSet;

/**
 * Which rows are anomalies, from a label column: every row whose label is not the normal value.
 *
 * @param column      the label column
 * @param normalValue the label of normal rows
 */
public record Labels(String column, String normalValue) {

    /**
     * Requires both parts; the normal value is kept in its {@link RawValues#category} form, the
     * form every label is compared in, so that {@code --normal-value 0} and {@code 0.0} both match a
     * CSV's {@code 0.0} and an Avro file's {@code 0.0}.
     */
    public Labels {
        if (column == null || column.isBlank() || normalValue == null) {
            throw new IllegalArgumentException("a label column needs --label-column NAME and --normal-value V");
        }
        normalValue = RawValues.category(normalValue);
    }

    /**
     * One flag per row, true for anomalies.
     *
     * @throws InputException when the column is absent, a label is missing, or no row is normal
     */
    public boolean[] anomalies(Table table) {
        int c = table.columnIndex(column);
        boolean[] out = new boolean[table.size()];
        boolean anyNormal = false;
        Set<String> seen = new TreeSet<>();
        for (int i = 0; i < out.length; i++) {
            Table.Row row = table.rows().get(i);
            Object v = row.get(c);
            if (RawValues.isMissing(v)) {
                throw new InputException(table.source(), row.line(), column, "label is missing; give every row a label");
            }
            String label = RawValues.category(v);
            out[i] = !label.equals(normalValue);
            anyNormal |= !out[i];
            if (seen.size() < 20) {
                seen.add(label);
            }
        }
        if (!anyNormal && out.length > 0) {
            throw new InputException(table.source(), 0, column, "no row has the normal value '" + normalValue
                    + "'; labels seen include " + String.join(", ", seen) + "; fix --normal-value");
        }
        return out;
    }
}
