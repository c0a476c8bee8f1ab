package io.ganwatch.input;

import java.util.List;
import java.util.Objects;

/**
 * Rows read from one source, before any encoding.
 *
 * <p>Values are kept as the reader found them: {@link String} for text formats, {@link Double} for
 * numeric formats (NPZ, numeric Avro fields), {@code null} for a missing value. Keeping the raw
 * form lets the feature encoder report the exact source line and column of a bad value.
 *
 * @param source  the file (or topic) the rows came from, used in error messages
 * @param columns column names, in order
 * @param rows    the rows; every row has {@code columns.size()} values
 */
public record Table(String source, List<String> columns, List<Row> rows) {

    /** Validates shape so that later stages can index rows without checks. */
    public Table {
        Objects.requireNonNull(source, "source");
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        for (Row row : rows) {
            if (row.values().length != columns.size()) {
                throw new InputException(source, row.line(), null,
                        "has " + row.values().length + " values but the header names " + columns.size()
                                + " columns; make every row as wide as the header");
            }
        }
    }

    /** Index of a column, or an {@link InputException} naming the columns that do exist. */
    public int columnIndex(String name) {
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new InputException(source, 0, name,
                    "no such column; the columns are " + String.join(", ", columns));
        }
        return i;
    }

    /** A table with the same columns and only the given rows. */
    public Table withRows(List<Row> subset) {
        return new Table(source, columns, subset);
    }

    /** The same rows without the named columns (labels, ids); names not present are ignored. */
    public Table dropColumns(java.util.Set<String> names) {
        int[] keep = java.util.stream.IntStream.range(0, columns.size())
                .filter(i -> !names.contains(columns.get(i))).toArray();
        List<String> kept = java.util.Arrays.stream(keep).mapToObj(columns::get).toList();
        List<Row> out = new java.util.ArrayList<>(rows.size());
        for (Row r : rows) {
            Object[] v = new Object[keep.length];
            for (int i = 0; i < keep.length; i++) {
                v[i] = r.values()[keep[i]];
            }
            out.add(new Row(r.line(), v));
        }
        return new Table(source, kept, out);
    }

    /** Number of rows. */
    public int size() {
        return rows.size();
    }

    /**
     * One row of raw values.
     *
     * @param line   1-based line (or record number) in the source, for error messages
     * @param values raw values; {@code null} means missing
     */
    public record Row(long line, Object[] values) {
        /** Value of one column. */
        public Object get(int column) {
            return values[column];
        }
    }
}
