package io.ganwatch.augment;

import java.util.Locale;

/**
 * How many training rows an augmentation job can hold in this heap, so that a file too large for it
 * is sampled (every minority row, a uniform sample of the others) instead of ending in an
 * OutOfMemoryError.
 *
 * <p>The estimate is per column of the source, because the job's rows are counted before any of them
 * is encoded: what the job holds of a row grows with its encoded width (the classifier's dense
 * examples and their CSR copy for XGBoost, the GAN's encoded floats, the table's values), and the
 * source's columns are the one measure of that known when the header is read.
 * {@link #BYTES_PER_CELL} comes from a measurement (BENCHMARKS.md, "Augmentation: memory"): the live
 * heap of a SMOTE and XGBoost job on KDD99 rows (42 columns) grew by 4.8 KB a row between 100,000 and
 * 200,000 rows, 115 bytes a column; 200 leaves room for sources whose categorical columns have more
 * levels. One with far more can still need more than that, and the command's one-line out-of-memory
 * error remains for it.
 *
 * @param heapBytes     the heap's maximum ({@code -Xmx})
 * @param baseBytes     what the heap holds before the training rows are read (the test rows, if any)
 * @param otherRows     rows beside the training rows that the job also turns into examples (the test rows)
 */
public record JobMemory(long heapBytes, long baseBytes, long otherRows) {
    /** Live heap a job holds per row and source column at its peak: measured 115, with a margin. */
    static final long BYTES_PER_CELL = 200;
    /** Share of the heap beyond the base the rows may take: G1 needs free regions to copy into. */
    static final double USABLE = 0.7;
    /** Heap kept free beyond the base: the GAN's networks, ONNX export, the result's JSON and report. */
    static final long RESERVE_BYTES = 48L << 20;

    /** Validates the figures. */
    public JobMemory {
        if (heapBytes <= 0 || baseBytes < 0 || otherRows < 0) {
            throw new IllegalArgumentException("heap " + heapBytes + ", base " + baseBytes + " and other rows " + otherRows
                    + " must be positive, non-negative and non-negative");
        }
    }

    /**
     * The heap as it stands now, after a collection, so that the base is what is alive and not
     * garbage.
     *
     * @param otherRows rows already held that the job will also turn into examples (the test rows)
     */
    public static JobMemory now(long otherRows) {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return new JobMemory(rt.maxMemory(), rt.totalMemory() - rt.freeMemory(), otherRows);
    }

    /** Training rows of {@code columns} source columns that fit, at least 2. */
    public int rows(int columns) {
        long perRow = BYTES_PER_CELL * Math.max(1, columns);
        double room = USABLE * Math.max(0, heapBytes - baseBytes - RESERVE_BYTES) - otherRows * (double) perRow;
        return (int) Math.max(2, Math.min(Integer.MAX_VALUE - 8, room / perRow));
    }

    /** Why {@link #rows} is what it is, for the user and the result. */
    public String reason(int columns) {
        return String.format(Locale.ROOT, "memory: %,d rows of %d columns fit a %,d MiB heap (%d bytes a row and column,"
                        + " %.0f%% of what a base of %,d MiB leaves%s)", rows(columns), columns, heapBytes >> 20,
                BYTES_PER_CELL, USABLE * 100, (baseBytes + RESERVE_BYTES) >> 20,
                otherRows == 0 ? "" : String.format(Locale.ROOT, ", less %,d test rows", otherRows));
    }
}
