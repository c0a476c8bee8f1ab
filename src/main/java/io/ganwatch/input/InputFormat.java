package io.ganwatch.input;

import java.nio.file.Path;
import java.util.Locale;

/** The file formats ganwatch reads. */
public enum InputFormat {
    /** CSV with a header line; any columns. */
    CSV,
    /** The 41-feature KDD Cup 99 / NSL-KDD format without header (label and difficulty columns optional). */
    KDD,
    /** NumPy {@code .npz} archive with arrays {@code X} (rows x features) and optional {@code y} (1 = anomaly). */
    NPZ,
    /** Avro object container file. */
    AVRO;

    /**
     * Parses a {@code --format} value.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static InputFormat parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown format '" + value + "'; use one of csv, kdd, npz, avro");
        }
    }

    /** Guesses the format from a file name ({@code .gz} ignored); CSV when nothing matches. */
    public static InputFormat guess(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        if (name.endsWith(".npz")) {
            return NPZ;
        }
        if (name.endsWith(".avro")) {
            return AVRO;
        }
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.startsWith("kdd") || name.endsWith(".txt") && name.contains("kdd")) {
            return KDD;
        }
        return CSV;
    }
}
