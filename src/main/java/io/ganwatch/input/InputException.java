package io.ganwatch.input;

/**
 * A problem with user-supplied data, located as precisely as the source allows.
 *
 * <p>The message is a single line: {@code FILE:LINE: column 'C': what is wrong; what to do}. The
 * CLI prints exactly this line and exits with code 2, so messages must tell the user what to do next.
 */
public class InputException extends RuntimeException {
    private final String source;
    private final long line;
    private final String column;

    /**
     * @param source the file or topic
     * @param line   1-based line or record number, or 0 when the problem is not tied to one line
     * @param column the column name, or {@code null}
     * @param problem what is wrong and what to do, without the location prefix
     */
    public InputException(String source, long line, String column, String problem) {
        super(format(source, line, column, problem));
        this.source = source;
        this.line = line;
        this.column = column;
    }

    /** Same as {@link #InputException(String, long, String, String)} with the underlying cause kept for --verbose. */
    public InputException(String source, long line, String column, String problem, Throwable cause) {
        super(format(source, line, column, problem), cause);
        this.source = source;
        this.line = line;
        this.column = column;
    }

    private static String format(String source, long line, String column, String problem) {
        StringBuilder sb = new StringBuilder(source == null ? "<input>" : source);
        if (line > 0) {
            sb.append(':').append(line);
        }
        sb.append(": ");
        if (column != null) {
            sb.append("column '").append(column).append("': ");
        }
        return sb.append(problem).toString();
    }

    /** The file or topic. */
    public String source() {
        return source;
    }

    /** 1-based line or record number, 0 when not tied to a line. */
    public long line() {
        return line;
    }

    /** The column name, or {@code null}. */
    public String column() {
        return column;
    }
}
