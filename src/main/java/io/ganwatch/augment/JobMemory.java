package io.ganwatch.augment;

import java.util.Locale;

/**
 * How many training rows an augmentation job can hold in this heap, so that a file too large for it
 * is sampled (every minority row, a uniform sample of the others) instead of ending in an
 * OutOfMemoryError.
 *
 * <p>What the job holds of a row grows with its encoded width (the classifiers' dense examples and
 * their CSR copy for XGBoost, the GAN's encoded floats, the table's values). That width is known only
 * once the rows are read and their encoding learned, so the estimate is made twice: per source
 * column ({@link Unit#COLUMNS}) while the file is read, which bounds what the reading holds, then per
 * encoded feature ({@link Unit#FEATURES}) on the rows kept, which narrows the sample where categorical
 * columns with many levels make the rows wide. Both figures come from one measurement (BENCHMARKS.md,
 * "Training at scale"): the live heap of a SMOTE and XGBoost job on KDD99 rows (42 columns, 118
 * encoded features) grew by 4.8 KB a row between 100,000 and 200,000 rows, 115 bytes a column and 41
 * an encoded feature; the figures used are about 1.7 times those.
 *
 * @param heapBytes     the heap's maximum ({@code -Xmx})
 * @param baseBytes     what the heap holds before the training rows are read (the test rows, if any)
 * @param otherRows     rows beside the training rows that the job also turns into examples (the test rows)
 */
public record JobMemory(long heapBytes, long baseBytes, long otherRows) {
    /** Share of the heap beyond the base the rows may take: G1 needs free regions to copy into. */
    static final double USABLE = 0.7;
    /** Heap kept free beyond the base: the GAN's networks, ONNX export, the result's JSON and report. */
    static final long RESERVE_BYTES = 48L << 20;

    /** What a row's cost is counted in, and the live heap a job holds per row and unit at its peak. */
    public enum Unit {
        /** Source columns, known as soon as the source names them: measured 115 bytes, with a margin. */
        COLUMNS(200, "columns", "column"),
        /**
         * Encoded features (the classifiers' examples are dense over them), known once the rows are read:
         * measured 41 bytes (118 features), with the same margin.
         */
        FEATURES(70, "encoded features", "encoded feature");

        final long bytes;
        private final String plural;
        private final String singular;

        Unit(long bytes, String plural, String singular) {
            this.bytes = bytes;
            this.plural = plural;
            this.singular = singular;
        }
    }

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

    /** Training rows of {@code count} units ({@code count} columns, or encoded features) that fit, at least 2. */
    public int rows(Unit unit, int count) {
        long perRow = unit.bytes * Math.max(1, count);
        double room = USABLE * Math.max(0, heapBytes - baseBytes - RESERVE_BYTES) - otherRows * (double) perRow;
        return (int) Math.max(2, Math.min(Integer.MAX_VALUE - 8, room / perRow));
    }

    /** Why {@link #rows} is what it is, for the user and the result. */
    public String reason(Unit unit, int count) {
        return String.format(Locale.ROOT, "memory: %,d rows of %d %s fit a %,d MiB heap (%d bytes a row and %s,"
                        + " %.0f%% of what a base of %,d MiB leaves%s)", rows(unit, count), count, unit.plural, heapBytes >> 20,
                unit.bytes, unit.singular, USABLE * 100, (baseBytes + RESERVE_BYTES) >> 20,
                otherRows == 0 ? "" : String.format(Locale.ROOT, ", less %,d test rows", otherRows));
    }
}
