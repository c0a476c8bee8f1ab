package io.ganwatch.augment;

import java.util.Locale;

/** How the minority class is augmented before the classifier is trained. */
public enum AugmentMethod {
    /** No synthetic rows: the baseline every result is compared with. */
    NONE,
    /** SMOTE (k = 5) on the encoded minority rows. */
    SMOTE,
    /** The conditional tabular GAN, conditioned on the minority value(s). */
    GAN;

    /** Parses {@code none|smote|gan}, case-insensitively, with a message listing the choices. */
    public static AugmentMethod parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown augmentation method '" + text + "'; use none, smote or gan");
        }
    }

    /** The lower-case name used in JSON, Avro and on the command line. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
