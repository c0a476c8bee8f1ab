package io.ganwatch.input;

import java.nio.file.Path;

/**
 * The one entry point the commands use to read a data file.
 *
 * <p>Exists so that every command checks the path the same way before choosing a reader: a typo in
 * a path is by far the most common input error, and it should read "no such file", not a
 * format-specific parse failure of a file that is not there.
 */
public final class Inputs {
    private Inputs() {
    }

    /**
     * Reads a file.
     *
     * @param file   the data file
     * @param format its format, or {@code null} to guess from the file name ({@link InputFormat#guess})
     * @throws InputException for a missing or unreadable file and for anything wrong inside it
     */
    public static Table read(Path file, InputFormat format) {
        return read(file, format, Long.MAX_VALUE);
    }

    /**
     * Reads a file of at most {@code maxRows} rows; reading stops at the row past the limit, so an
     * oversized file is refused without being held in memory.
     *
     * @throws RowLimitException when the file has more rows
     * @throws InputException    for a missing or unreadable file and for anything wrong inside it
     */
    public static Table read(Path file, InputFormat format, long maxRows) {
        Sources.checkReadable(file);
        return TableReader.of(format == null ? InputFormat.guess(file) : format).read(file, maxRows);
    }
}
