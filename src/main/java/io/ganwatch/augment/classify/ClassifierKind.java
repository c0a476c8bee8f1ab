package io.ganwatch.augment.classify;

import java.util.Locale;

/** The Tribuo classifiers an augmentation is judged with. */
public enum ClassifierKind {
    /** Gradient-boosted trees (tribuo-classification-xgboost). */
    XGBOOST,
    /** Logistic regression (tribuo-classification-sgd). */
    LOGISTIC;

    /** Parses {@code xgboost|logistic}, case-insensitively, with a message listing the choices. */
    public static ClassifierKind parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown classifier '" + text + "'; use xgboost or logistic");
        }
    }

    /** The lower-case name used in JSON and on the command line. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
