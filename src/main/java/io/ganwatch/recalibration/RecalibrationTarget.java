package io.ganwatch.recalibration;

import java.util.Locale;

/**
 * What the new threshold aims for: at least a precision, or at most an alert rate.
 *
 * @param kind  which of the two
 * @param value the precision in (0, 1], or the alerts per hour (&gt; 0)
 */
public record RecalibrationTarget(Kind kind, double value) {
    /** The two kinds of target. */
    public enum Kind {
        /** The lowest threshold whose expected precision is at least the value. */
        PRECISION,
        /** The lowest threshold whose expected alert rate is at most the value per hour. */
        ALERTS_PER_HOUR
    }

    /** Validates, naming the flag. */
    public RecalibrationTarget {
        if (kind == null) {
            throw new IllegalArgumentException("a recalibration target needs a kind");
        }
        if (kind == Kind.PRECISION && !(value > 0 && value <= 1)) {
            throw new IllegalArgumentException("--target-precision must be in (0, 1], was " + value);
        }
        if (kind == Kind.ALERTS_PER_HOUR && !(value > 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException("--alerts-per-hour must be a positive number, was " + value);
        }
    }

    /** A target precision. */
    public static RecalibrationTarget precision(double p) {
        return new RecalibrationTarget(Kind.PRECISION, p);
    }

    /** An alert budget. */
    public static RecalibrationTarget alertsPerHour(double n) {
        return new RecalibrationTarget(Kind.ALERTS_PER_HOUR, n);
    }

    /** As people say it: {@code precision >= 0.9} or {@code <= 12 alerts per hour}. */
    public String describe() {
        return kind == Kind.PRECISION ? String.format(Locale.ROOT, "precision >= %s", fmt(value))
                : String.format(Locale.ROOT, "<= %s alerts per hour", fmt(value));
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
