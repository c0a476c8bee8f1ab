package io.ganwatch.input;

import java.nio.file.Path;

/**
 * Reads a whole file into a {@link Table}.
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
