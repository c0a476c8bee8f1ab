package io.ganwatch.input;

import java.util.List;

/**
 * Receives a source's rows one at a time, so that a caller that only needs statistics or encoded
 * floats never holds a {@link Table} of boxed values.
 *
 * <p>The reader calls {@link #columns} once, before the first row. Each {@code values} array is
 * fresh and may be kept.
 */
public interface RowVisitor {
    /** The column names, in order; called once before any row. */
    void columns(String source, List<String> columns);

    /**
     * One row.
     *
     * @param line   1-based line (or record number) in the source, for error messages
     * @param values raw values as {@link Table} holds them; {@code null} means missing
     */
    void row(long line, Object[] values);
}
