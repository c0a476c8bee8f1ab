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
        Classifier c = classifier(table.source(), table.columns());
        boolean[] out = new boolean[table.size()];
        for (int i = 0; i < out.length; i++) {
            Table.Row row = table.rows().get(i);
            out[i] = c.anomalous(row.line(), row.values());
        }
        c.requireNormal();
        return out;
    }

    /**
     * Classifies streamed rows one at a time.
     *
     * @throws InputException when the column is absent
     */
    public Classifier classifier(String source, java.util.List<String> columns) {
        int c = columns.indexOf(column);
        if (c < 0) {
            throw new InputException(source, 0, column, "no such column; the columns are " + String.join(", ", columns));
        }
        return new Classifier(source, c);
    }

    /** Labels streamed rows and remembers whether any was normal; not thread-safe. */
    public final class Classifier {
        private final String source;
        private final int index;
        private final Set<String> seen = new TreeSet<>();
        private boolean anyNormal;
        private boolean any;

        private Classifier(String source, int index) {
            this.source = source;
            this.index = index;
        }

        /**
         * Whether the row is an anomaly.
         *
         * @throws InputException when its label is missing
         */
        public boolean anomalous(long line, Object[] values) {
            Object v = values[index];
            if (RawValues.isMissing(v)) {
                throw new InputException(source, line, column, "label is missing; give every row a label");
            }
            String label = RawValues.category(v);
            boolean anomalous = !label.equals(normalValue);
            anyNormal |= !anomalous;
            any = true;
            if (seen.size() < 20) {
                seen.add(label);
            }
            return anomalous;
        }

        /** Fails when rows were seen and none had the normal value. */
        public void requireNormal() {
            if (!anyNormal && any) {
                throw new InputException(source, 0, column, "no row has the normal value '" + normalValue
                        + "'; labels seen include " + String.join(", ", seen) + "; fix --normal-value");
            }
        }
    }
}
