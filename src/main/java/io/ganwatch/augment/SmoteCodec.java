package io.ganwatch.augment;

import io.ganwatch.features.CategoricalColumn;
import io.ganwatch.features.ColumnSpec;
import io.ganwatch.features.FeatureSpec;
import io.ganwatch.features.RawValues;
import io.ganwatch.input.Table;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns raw minority rows into the plain vectors SMOTE interpolates, and SMOTE's vectors back into
 * raw rows with the training table's columns.
 *
 * <p>Numeric columns are standardised with the minority rows' own mean and standard deviation, so
 * every column weighs the same in SMOTE's neighbour distance; unlike the detector's encoding they are
 * not clipped, because clipping cannot be undone. Categorical columns are one-hot over the categories
 * the minority rows hold (an interpolated block decodes to its largest entry, the nearer endpoint's
 * category). Numeric columns whose training values are all whole numbers are rounded on decoding,
 * so counts stay counts. Missing numeric values are encoded as the column mean; a missing category
 * is a category of its own and decodes back to missing. Which columns are numeric is decided by the
 * job's {@link FeatureSpec}, the same decision the classifier's encoding made.
 */
final class SmoteCodec {
    private final List<String> columns;
    private final int labelIndex;
    private final List<Column> parts;
    private final int width;

    private SmoteCodec(List<String> columns, int labelIndex, List<Column> parts) {
        this.columns = columns;
        this.labelIndex = labelIndex;
        this.parts = parts;
        this.width = parts.stream().mapToInt(Column::width).sum();
    }

    /**
     * Learns the encoding.
     *
     * @param train       the whole training table (only used to decide which numeric columns are whole numbers)
     * @param minority    the minority training rows, which set the means, scales and categories
     * @param labelColumn left out of the vectors; set by {@link #decode}
     * @param spec        the job's feature spec: its categorical columns are one-hot here, every other column numeric
     */
    static SmoteCodec learn(Table train, Table minority, String labelColumn, FeatureSpec spec) {
        Set<String> categorical = new LinkedHashSet<>();
        for (ColumnSpec c : spec.columns()) {
            if (c instanceof CategoricalColumn) {
                categorical.add(c.name());
            }
        }
        int label = train.columnIndex(labelColumn);
        List<Column> parts = new ArrayList<>();
        for (int c = 0; c < train.columns().size(); c++) {
            if (c == label) {
                continue;
            }
            String name = train.columns().get(c);
            parts.add(categorical.contains(name) ? Categorical.learn(minority, c) : Numeric.learn(train, minority, c));
        }
        return new SmoteCodec(train.columns(), label, parts);
    }

    /** Length of an encoded vector. */
    int width() {
        return width;
    }

    /** One vector per row of {@code rows} (a table with the training columns). */
    double[][] encode(Table rows) {
        double[][] out = new double[rows.size()][width];
        for (int r = 0; r < rows.size(); r++) {
            Object[] values = rows.rows().get(r).values();
            int at = 0;
            for (Column p : parts) {
                p.encode(values[p.index()], out[r], at);
                at += p.width();
            }
        }
        return out;
    }

    /**
     * Raw rows from vectors, with the training table's columns.
     *
     * @param labels the label of each row (same length as {@code vectors})
     * @param source the table's source name
     */
    Table decode(double[][] vectors, List<String> labels, String source) {
        if (vectors.length != labels.size()) {
            throw new IllegalArgumentException(vectors.length + " vectors but " + labels.size() + " labels");
        }
        List<Table.Row> rows = new ArrayList<>(vectors.length);
        for (int r = 0; r < vectors.length; r++) {
            if (vectors[r].length != width) {
                throw new IllegalArgumentException("vector of width " + vectors[r].length + ", expected " + width);
            }
            Object[] values = new Object[columns.size()];
            values[labelIndex] = labels.get(r);
            int at = 0;
            for (Column p : parts) {
                values[p.index()] = p.decode(vectors[r], at);
                at += p.width();
            }
            rows.add(new Table.Row(r + 1L, values));
        }
        return new Table(source, columns, rows);
    }

    private sealed interface Column permits Numeric, Categorical {
        int index();

        int width();

        void encode(Object raw, double[] out, int at);

        Object decode(double[] vector, int at);
    }

    /** A standardised numeric column; {@code whole} columns decode to whole numbers. */
    private record Numeric(int index, double mean, double scale, boolean whole) implements Column {
        static Numeric learn(Table train, Table minority, int c) {
            List<Double> values = new ArrayList<>();
            for (Table.Row row : minority.rows()) {
                Double d = number(minority, row, c);
                if (d != null) {
                    values.add(d);
                }
            }
            // Two passes: byte counts reach 1e9, where the one-pass variance formula loses every digit.
            double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            double ss = 0;
            for (double d : values) {
                ss += (d - mean) * (d - mean);
            }
            double sd = values.isEmpty() ? 0 : Math.sqrt(ss / values.size());
            boolean whole = true;
            for (Table.Row row : train.rows()) {
                Double d = number(train, row, c);
                if (d != null && d != Math.rint(d)) {
                    whole = false;
                    break;
                }
            }
            // A constant column encodes to 0 and decodes to its constant; scale 1 avoids dividing by 0.
            return new Numeric(c, mean, sd > 1e-12 * Math.max(1, Math.abs(mean)) ? sd : 1, whole);
        }

        private static Double number(Table t, Table.Row row, int c) {
            Object v = row.get(c);
            if (RawValues.isMissing(v)) {
                return null;
            }
            Double d = RawValues.number(v, t.source(), row.line(), t.columns().get(c));
            if (d == null) {
                throw new io.ganwatch.input.InputException(t.source(), row.line(), t.columns().get(c),
                        "text value '" + v + "' in a numeric column; fix the value or leave it empty to mark it missing");
            }
            return d;
        }

        @Override
        public int width() {
            return 1;
        }

        @Override
        public void encode(Object raw, double[] out, int at) {
            double d = mean;
            if (!RawValues.isMissing(raw)) {
                Double parsed = RawValues.number(raw, "<minority rows>", 0, null);
                d = parsed == null ? mean : parsed;
            }
            out[at] = (d - mean) / scale;
        }

        @Override
        public Object decode(double[] vector, int at) {
            double d = mean + vector[at] * scale;
            return whole ? (double) Math.round(d) : d;
        }
    }

    /** A one-hot column over the minority rows' categories; {@code null} stands for a missing value. */
    private record Categorical(int index, List<String> categories) implements Column {
        static Categorical learn(Table minority, int c) {
            Set<String> seen = new LinkedHashSet<>();
            for (Table.Row row : minority.rows()) {
                Object v = row.get(c);
                seen.add(RawValues.isMissing(v) ? null : RawValues.category(v));
            }
            List<String> sorted = new ArrayList<>(seen);
            sorted.sort(java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()));
            return new Categorical(c, java.util.Collections.unmodifiableList(sorted));
        }

        @Override
        public int width() {
            return categories.size();
        }

        @Override
        public void encode(Object raw, double[] out, int at) {
            String key = RawValues.isMissing(raw) ? null : RawValues.category(raw);
            int k = categories.indexOf(key);
            if (k < 0) {
                throw new IllegalArgumentException("category '" + key + "' was not among the minority rows the encoding was learned on");
            }
            out[at + k] = 1;
        }

        @Override
        public Object decode(double[] vector, int at) {
            int best = 0;
            for (int k = 1; k < categories.size(); k++) {
                if (vector[at + k] > vector[at + best]) {
                    best = k;
                }
            }
            return categories.get(best);
        }
    }
}
