package io.ganwatch.input;

import java.nio.file.Path;

/**
 * Reads a file, either whole into a {@link Table} or row by row into a {@link RowVisitor}.
 *
 * <p>CSV, KDD and Avro stream for real (nothing but the current row is held); NPZ reads the file
 * whole and then hands out its rows.
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
     * Streams the file's rows to {@code visitor}, one at a time.
     *
     * @throws InputException for anything wrong with the file, naming the line
     */
    void stream(Path file, RowVisitor visitor);

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
