package io.ganwatch.features;

import java.util.List;

/**
 * A numeric column: optional signed {@code log1p}, then robust centring and scaling, then clipping.
 *
 * <p>{@code encoded = clip((t(v) - center) / scale)}, where {@code t} is {@code log1p} for columns
 * learned as heavy-tailed (byte counts, amounts) and the identity otherwise. Median and IQR (floored at half the standard deviation) are
 * used instead of mean and standard deviation so that a handful of huge training values do not
 * squash every ordinary value to zero. Clipping keeps a wild value at scoring time from
 * saturating the network; such a value still lands at the edge of the range and scores high.
 *
 * @param name   column name
 * @param log    whether {@code log1p} is applied first (only learned for non-negative columns)
 * @param center median of {@code t(v)} on training rows
 * @param scale  max(IQR/1.349, std/2) of {@code t(v)}, or 1 for a constant column
 * @param impute raw value used for a missing value under {@link MissingPolicy#IMPUTE} (training median)
 * @param clip   encoded values are clipped to {@code [-clip, clip]}
 */
public record NumericColumn(String name, boolean log, double center, double scale, double impute, double clip)
        implements ColumnSpec {

    /** Rejects a spec that would produce NaN or divide by zero. */
    public NumericColumn {
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("column '" + name + "': scale must be positive and finite, was " + scale);
        }
        if (!Double.isFinite(center) || !Double.isFinite(impute) || !(clip > 0)) {
            throw new IllegalArgumentException("column '" + name + "': center, impute and clip must be finite");
        }
    }

    /** Encodes one finite raw value. */
    public float encode(double value) {
        double t = log ? Math.signum(value) * Math.log1p(Math.abs(value)) : value;
        double z = (t - center) / scale;
        return (float) Math.max(-clip, Math.min(clip, z));
    }

    @Override
    public int width() {
        return 1;
    }

    @Override
    public List<String> featureNames() {
        return List.of(name);
    }
}
