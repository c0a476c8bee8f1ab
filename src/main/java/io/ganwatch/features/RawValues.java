package io.ganwatch.features;

import io.ganwatch.input.InputException;

/**
 * Interprets raw values (text from CSV, numbers from NPZ/Avro) the same way for learning and encoding.
 */
public final class RawValues {
    private RawValues() {
    }

    /** True for {@code null} and blank text: the only forms of "missing". */
    public static boolean isMissing(Object value) {
        return value == null || value instanceof String s && s.isBlank();
    }

    /**
     * A finite double, or {@code null} when the value is not a number at all.
     *
     * @throws InputException for NaN and infinities, which are refused rather than guessed at
     */
    public static Double number(Object value, String source, long line, String column) {
        double d;
        if (value instanceof Number n) {
            d = n.doubleValue();
        } else {
            String s = value.toString().trim();
            if (!looksNumeric(s)) {
                return null;
            }
            // Double.parseDouble only knows "NaN" and "Infinity"; "nan" and "inf" must not pass as text.
            String unsigned = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
            if (unsigned.equalsIgnoreCase("nan")) {
                s = "NaN";
            } else if (unsigned.equalsIgnoreCase("inf") || unsigned.equalsIgnoreCase("infinity")) {
                s = s.startsWith("-") ? "-Infinity" : "Infinity";
            }
            try {
                d = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (!Double.isFinite(d)) {
            throw new io.ganwatch.input.NonFiniteValueException(source, line, column,
                    "value " + value + " is not finite; replace NaN/infinity with a real value or leave the field empty to mark it missing");
        }
        return d;
    }

    /** Text of a categorical value; numbers that are whole print without a trailing ".0". */
    public static String category(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        if (value instanceof Float f && f == Math.rint(f) && Math.abs(f) < 1e7) {
            return Long.toString(f.longValue());
        }
        return value.toString().trim();
    }

    // Double.parseDouble also accepts "NaN", "Infinity", hex floats and a trailing 'd'/'f'; text
    // columns such as "Infinityband" must not be half-parsed, and NaN/inf must reach the check above.
    private static boolean looksNumeric(String s) {
        if (s.isEmpty()) {
            return false;
        }
        if (s.equalsIgnoreCase("nan") || s.matches("[+-]?(?i)(inf|infinity)")) {
            return true;
        }
        return s.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    }
}
