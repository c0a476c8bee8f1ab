package io.ganwatch.input;

import java.nio.file.Path;

/**
 * Reads a file, either whole into a {@link Table} or row by row into a {@link RowVisitor}.
 *
 * <p>CSV and KDD stream for real (nothing but the current row is held); NPZ and Avro read the
 * file whole and then hand out its rows, which is what their formats make simple.
 *
 * <p>Implementations throw {@link InputException} for anything wrong with the file itself
 * (unreadable, empty, malformed), naming the file and line.
 */
public interface TableReader {
    /** Reads the file. */
    default Table read(Path file) {
        return read(file, Long.MAX_VALUE);
    }

    /**
     * Reads the file, stopping at the first row past {@code maxRows}.
     *
     * @throws RowLimitException when the file has more than {@code maxRows} rows
     */
    Table read(Path file, long maxRows);

    /**
     * Streams the file's rows; by default by reading it whole first (formats that are not line-based).
     *
     * @throws InputException for anything wrong with the file, naming the line
     */
    default void stream(Path file, RowVisitor visitor) {
        RowSource.of(read(file)).forEach(visitor);
    }

    /** The reader for a format. */
    static TableReader of(InputFormat format) {
        return switch (format) {
            case CSV -> new CsvTableReader();
            case KDD -> new KddTableReader();
            case NPZ -> new NpzTableReader();
            case AVRO -> new AvroTableReader();
        };
    }
}
