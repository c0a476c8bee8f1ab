package io.ganwatch.features;

/**
 * What the encoder does with a missing value (an empty field, or a null in Avro/JSON).
 *
 * <p>NaN and infinity are never treated as missing: they are rejected, because in practice they
 * come from a broken upstream computation rather than from an absent measurement.
 */
public enum MissingPolicy {
    /** Numeric: the training median; categorical: the unknown-category bucket. */
    IMPUTE,
    /** Missing values are an error naming the row and column. */
    REJECT
}
