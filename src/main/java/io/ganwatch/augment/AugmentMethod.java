package io.ganwatch.augment;

import java.util.Locale;

/** How the minority class is augmented before the classifier is trained. */
public enum AugmentMethod {
    /** No synthetic rows: the baseline every result is compared with. */
    NONE,
    /**
     * No synthetic rows; the classifier weighs each minority row by rest/minority (XGBoost's
     * {@code scale_pos_weight}, as example weights). Published work finds that weighting helps a
     * strong learner as much as balancing with synthetic rows does, so synthetic rows have to beat it.
     */
    WEIGHTED,
    /** SMOTE (k = 5) on the encoded minority rows. */
    SMOTE,
    /** The conditional tabular GAN, conditioned on the minority value(s). */
    GAN,
    /**
     * Weighted, SMOTE or the GAN, whichever does best by PR-AUC on held-out training rows (never the test
     * set); the result says which and why ({@link AutoChoice}).
     */
    AUTO;

    /** Parses {@code none|weighted|smote|gan|auto}, case-insensitively, with a message listing the choices. */
    public static AugmentMethod parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown augmentation method '" + text + "'; use none, weighted, smote, gan or auto");
        }
    }

    /**
     * Whether the method makes (or, for AUTO, may make) synthetic rows, which then need a count and a
     * destination.
     */
    public boolean makesRows() {
        return this == SMOTE || this == GAN || this == AUTO;
    }

    /** Whether the method trains the GAN (GAN, and AUTO, which tries it). */
    public boolean trainsGan() {
        return this == GAN || this == AUTO;
    }

    /** The lower-case name used in JSON, Avro and on the command line. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
