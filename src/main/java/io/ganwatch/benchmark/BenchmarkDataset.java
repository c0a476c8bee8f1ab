package io.ganwatch.benchmark;

import java.util.Locale;

/**
 * The public data sets of {@code ../shared/datasets} and their files, each evaluated with the
 * protocol the literature uses for it (see {@link Protocol}).
 */
public enum BenchmarkDataset {
    /** KDD Cup 99 10%, DAGMM/ALAD protocol ("normal." rows are the anomalies). */
    KDD99("kdd99/kddcup.data_10_percent.gz"),
    /** NSL-KDD: train on normal rows of KDDTrain+, test on KDDTest+. */
    NSLKDD("nslkdd/KDDTrain+.txt.gz"),
    /** ADBench thyroid. */
    THYROID("adbench/38_thyroid.npz"),
    /** ADBench cardio. */
    CARDIO("adbench/6_cardio.npz"),
    /** ADBench shuttle. */
    SHUTTLE("adbench/32_shuttle.npz"),
    /** Every ADBench archive of the folder (or one, by its file stem): see {@link AdbenchSuite}. */
    ADBENCH("adbench");

    private final String file;

    BenchmarkDataset(String file) {
        this.file = file;
    }

    /** Path of the (training) file relative to the data-sets directory; for {@link #ADBENCH}, the archives' folder. */
    public String file() {
        return file;
    }

    /** Parses a {@code --dataset} value. */
    public static BenchmarkDataset parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown dataset '" + s + "'; use one of kdd99, nslkdd, thyroid, cardio, shuttle, adbench"
                    + " (all of adbench/), or the file stem of an archive in adbench/ (e.g. 23_mammography)");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
