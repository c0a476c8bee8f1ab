package io.ganwatch.augment.service;

import java.time.Duration;
import java.util.Objects;

/**
 * What one request may ask of the service. Requests over a limit are REJECTED before any work, so
 * that one oversized request cannot exhaust the memory or the time the service shares with others.
 *
 * @param maxRows       most real rows a source (or test source) may have
 * @param maxCount      most synthetic records one request may ask for
 * @param maxTimeBudget longest GAN training a request may ask for; also the default when it asks for none
 * @param maxColumns    most distinct fields the records of a JSON source topic may have together (the
 *                      table is as wide as all of them, so without a bound its size grows with rows times fields)
 * @param maxSourceBytes most bytes a source (or test source) may have: a file's size on disk (compressed, for
 *                      {@code .gz}), checked before it is opened; a topic's record values added up as they are
 *                      read. Rows alone do not bound memory: one row can be as long as a file.
 */
public record Limits(long maxRows, int maxCount, Duration maxTimeBudget, int maxColumns, long maxSourceBytes) {
    /** Default of {@link #maxColumns}. */
    public static final int DEFAULT_MAX_COLUMNS = 1000;
    /** Default of {@link #maxSourceBytes}: 1 GiB. */
    public static final long DEFAULT_MAX_SOURCE_BYTES = 1L << 30;

    /** Defaults: one million rows, 100,000 synthetic records, ten minutes of GAN training, 1000 columns, 1 GiB. */
    public static final Limits DEFAULTS = new Limits(1_000_000, 100_000, Duration.ofMinutes(10), DEFAULT_MAX_COLUMNS,
            DEFAULT_MAX_SOURCE_BYTES);

    /** Limits with the default column limit. */
    public Limits(long maxRows, int maxCount, Duration maxTimeBudget) {
        this(maxRows, maxCount, maxTimeBudget, DEFAULT_MAX_COLUMNS);
    }

    /** Limits with the default byte limit. */
    public Limits(long maxRows, int maxCount, Duration maxTimeBudget, int maxColumns) {
        this(maxRows, maxCount, maxTimeBudget, maxColumns, DEFAULT_MAX_SOURCE_BYTES);
    }

    /** Requires every limit to be positive. */
    public Limits {
        Objects.requireNonNull(maxTimeBudget, "maxTimeBudget");
        if (maxRows < 1) {
            throw new IllegalArgumentException("the row limit must be at least 1, was " + maxRows);
        }
        if (maxCount < 1) {
            throw new IllegalArgumentException("the count limit must be at least 1, was " + maxCount);
        }
        if (maxSourceBytes < 1) {
            throw new IllegalArgumentException("the source byte limit must be at least 1, was " + maxSourceBytes);
        }
        if (maxColumns < 1) {
            throw new IllegalArgumentException("the column limit must be at least 1, was " + maxColumns);
        }
        if (maxTimeBudget.isNegative() || maxTimeBudget.isZero()) {
            throw new IllegalArgumentException("the time budget limit must be positive, was " + maxTimeBudget);
        }
    }
}
