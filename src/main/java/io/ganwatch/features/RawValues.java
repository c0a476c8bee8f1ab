package io.ganwatch.features;

import io.ganwatch.input.InputException;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * Interprets raw values (text from CSV, numbers from NPZ/Avro) the same way for learning and encoding.
 */
public final class RawValues {
    /** Plain decimal text, no leading zeros before the point: what {@link #category} reads as a number. */
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("[+-]?(0|[1-9]\\d*)(\\.\\d*)?([eE][+-]?\\d+)?|[+-]?\\.\\d+([eE][+-]?\\d+)?");
    /**
     * Text that {@link #number} parses. Written as {@code \\d+(\\.\\d*)?}, not {@code \\d+\\.?\\d*}: in the latter both
     * digit runs match the same digits, so a long run of digits that fails to match at its end was
     * retried at every split, quadratic in its length (25,000 digits took 15 s; found by DecoderFuzzTest).
     */
    private static final Pattern NUMERIC = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final double WHOLE_LIMIT = 1e15;
    private static final int PLAIN_ZEROS = 20;

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

    /**
     * The text of a value used as a category (a categorical feature, a label): the one form every
     * reader and decoder maps to, so that a model learned from one format scores records from any.
     *
     * <p>A number, whether it arrives as a {@link Number} (Avro, JSON, NPZ) or as plain decimal text
     * (CSV, KDD: {@code 80}, {@code 80.0}, {@code 8e1}, {@code +80}), becomes the text of the double it
     * denotes: whole numbers below 10<sup>15</sup> without a decimal point ({@code "80"}), others as the
     * shortest decimal that reads back as the same double ({@code "80.5"}, {@code "0.1"}), in plain
     * notation unless that needs more than 20 zeros. Going through the double is what the readers do
     * anyway (Avro files and JSON hold numbers as doubles), so digits beyond a double's precision are
     * not kept. Everything else is text and stays as it is, trimmed: a code with leading zeros
     * ({@code 007}, {@code 00.5}), hex, {@code NaN} or {@code inf}, a number too large for a double.
     */
    public static String category(Object value) {
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? canonical(d) : n.toString();
        }
        String s = value.toString().trim();
        if (isCanonicalWholeNumber(s)) {
            return s; // the common case of numeric codes ("5999", "443"): already in canonical form
        }
        if (s.isEmpty() || !startsLikeANumber(s.charAt(0)) || !PLAIN_DECIMAL.matcher(s).matches()) {
            return s;
        }
        double d = Double.parseDouble(s);
        return Double.isFinite(d) ? canonical(d) : s;
    }

    /** Digits only, no leading zero (unless just "0"), short enough to be exact as a double. */
    private static boolean isCanonicalWholeNumber(String s) {
        int n = s.length();
        if (n == 0 || n > 15 || (s.charAt(0) == '0' && n > 1)) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    // Cheap first test: most categories are words, and the regex costs more than the encoding.
    private static boolean startsLikeANumber(char c) {
        return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.';
    }

    private static String canonical(double d) {
        if (d == Math.rint(d) && Math.abs(d) < WHOLE_LIMIT) {
            return Long.toString((long) d); // -0.0 too: (long) -0.0 is 0
        }
        // The shortest decimal that reads back as d. Double.toString gives it from Java 19 on, but
        // not always before (JDK-4511638), and a model trained on one Java must score on another.
        BigDecimal exact = new BigDecimal(d);
        BigDecimal shortest = exact;
        for (int digits = 1; digits <= 17; digits++) {
            BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == d) {
                shortest = rounded;
                break;
            }
        }
        shortest = shortest.stripTrailingZeros();
        return Math.abs(shortest.scale()) <= PLAIN_ZEROS ? shortest.toPlainString() : shortest.toString();
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
        return NUMERIC.matcher(s).matches();
    }
}
