package io.ganwatch.input;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Rows that can be streamed more than once: a file (read again on every pass; a {@code .gz} file is
 * decompressed again each time), a topic snapshot ({@code io.ganwatch.streams.TopicRowSource}, which
 * re-reads the same offset ranges on every pass) or a table already in memory (a test, a generated set).
 *
 * <p>Training makes two passes, one to learn the feature specification and one to encode, so that
 * memory holds the encoded floats and never the raw rows.
 */
public interface RowSource {
    /** The file or topic name, for messages and provenance. */
    String name();

    /** Streams every row to the visitor, in source order. */
    void forEach(RowVisitor visitor);

    /** A source that reads {@code file} on each pass with the reader for {@code format}. */
    static RowSource of(Path file, InputFormat format) {
        Objects.requireNonNull(file, "file");
        TableReader reader = TableReader.of(format == null ? InputFormat.guess(file) : format);
        Sources.checkReadable(file);
        return new RowSource() {
            @Override
            public String name() {
                return file.toString();
            }

            @Override
            public void forEach(RowVisitor visitor) {
                reader.stream(file, visitor);
            }
        };
    }

    /** A source over a table already in memory. */
    static RowSource of(Table table) {
        Objects.requireNonNull(table, "table");
        return new RowSource() {
            @Override
            public String name() {
                return table.source();
            }

            @Override
            public void forEach(RowVisitor visitor) {
                visitor.columns(table.source(), table.columns());
                for (Table.Row r : table.rows()) {
                    visitor.row(r.line(), r.values());
                }
            }
        };
    }

    /** Collects a source into a table (for the few callers that need every row at once). */
    static Table collect(String source, java.util.function.Consumer<RowVisitor> stream, long maxRows) {
        List<Table.Row> rows = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicReference<List<String>> header = new java.util.concurrent.atomic.AtomicReference<>();
        stream.accept(new RowVisitor() {
            @Override
            public void columns(String s, List<String> columns) {
                header.set(columns);
            }

            @Override
            public void row(long line, Object[] values) {
                if (rows.size() >= maxRows) {
                    throw new RowLimitException(source, maxRows);
                }
                rows.add(new Table.Row(line, values));
            }
        });
        return new Table(source, header.get(), rows);
    }
}
