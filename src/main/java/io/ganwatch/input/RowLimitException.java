package io.ganwatch.input;

/**
 * A file with more rows than the caller allows. Thrown as soon as the row past the limit is reached,
 * so that an oversized file is refused without being read whole.
 */
public final class RowLimitException extends InputException {
    private final long limit;

    /**
     * @param source the file
     * @param limit  the most rows allowed
     */
    public RowLimitException(String source, long limit) {
        super(source, 0, null, "has more than " + limit + " rows, the most this reader was allowed to read; use a sample of the rows");
        this.limit = limit;
    }

    /** @return the most rows allowed */
    public long limit() {
        return limit;
    }
}
