package io.ganwatch.drift;

import java.time.Duration;

/**
 * How much recent traffic a {@link DriftWindow} compares with the training profile: the last
 * {@code rows} records, or the records of the last {@code duration}; exactly one is set.
 *
 * <p>The window is kept as a ring of {@code slices} sub-windows of per-bin counts (never the rows),
 * so memory is bounded by {@code slices} times the number of bins; the oldest sub-window is dropped
 * as a whole, so the window covers between {@code (slices - 1) / slices} of its size and all of it.
 *
 * @param rows     records in the window, or 0 when {@code duration} is set
 * @param duration time the window spans, or {@code null} when {@code rows} is set
 * @param slices   sub-windows in the ring (2 to 100)
 */
public record DriftWindowConfig(int rows, Duration duration, int slices) {
    /** Default window size, in records. */
    public static final int DEFAULT_ROWS = 10_000;
    /** Default number of sub-windows. */
    public static final int DEFAULT_SLICES = 10;

    /** The default: the last 10,000 records, in 10 slices. */
    public static final DriftWindowConfig DEFAULT = new DriftWindowConfig(DEFAULT_ROWS, null, DEFAULT_SLICES);

    /** Checks that exactly one size is given and the ring is sensible. */
    public DriftWindowConfig {
        if ((rows > 0) == (duration != null)) {
            throw new IllegalArgumentException("a drift window is either a number of records (ganwatch.drift.window.records)"
                    + " or a duration (ganwatch.drift.window.seconds), exactly one of them; got records=" + rows
                    + ", duration=" + duration);
        }
        if (rows < 0) {
            throw new IllegalArgumentException("ganwatch.drift.window.records must be positive, was " + rows);
        }
        if (duration != null && (duration.isNegative() || duration.toMillis() < 1000)) {
            throw new IllegalArgumentException("ganwatch.drift.window.seconds must be at least 1 s, was " + duration);
        }
        if (slices < 2 || slices > 100) {
            throw new IllegalArgumentException("a drift window needs 2 to 100 slices, was " + slices);
        }
        if (rows > 0 && rows < slices) {
            throw new IllegalArgumentException("ganwatch.drift.window.records must be at least " + slices + ", was " + rows);
        }
    }

    /** A window of the last {@code rows} records. */
    public static DriftWindowConfig ofRows(int rows) {
        return new DriftWindowConfig(rows, null, DEFAULT_SLICES);
    }

    /** A window of the records of the last {@code duration}. */
    public static DriftWindowConfig ofDuration(Duration duration) {
        return new DriftWindowConfig(0, duration, DEFAULT_SLICES);
    }
}
