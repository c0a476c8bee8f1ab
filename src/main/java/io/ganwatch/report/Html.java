package io.ganwatch.report;

import java.util.Locale;

/** Text rendering shared by the page and its charts: escaping and number formatting. */
final class Html {
    private Html() {
    }

    /**
     * Escapes text for HTML element content and quoted attribute values; inline SVG is parsed by
     * the same HTML parser, so this also serves SVG text. {@code null} becomes empty.
     */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&':
                    b.append("&amp;");
                    break;
                case '<':
                    b.append("&lt;");
                    break;
                case '>':
                    b.append("&gt;");
                    break;
                case '"':
                    b.append("&quot;");
                    break;
                case '\'':
                    b.append("&#39;");
                    break;
                default:
                    b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * Four decimals ({@code 0.8333}) for ordinary magnitudes; four significant digits for very
     * small or large ones, where fixed decimals would print {@code 0.0000} or a wall of digits.
     */
    static String num(double x) {
        if (Double.isNaN(x)) {
            return "NaN";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        double a = Math.abs(x);
        if (a == 0 || (a >= 0.01 && a < 1e6)) {
            return String.format(Locale.ROOT, "%.4f", x);
        }
        return String.format(Locale.ROOT, "%.4g", x);
    }

    /** A tick label with just enough decimals to tell ticks {@code step} apart. */
    static String tick(double v, double step) {
        if (Math.abs(v) < step * 1e-9) {
            return "0"; // avoids "-0" and float dust such as 1e-17 at the origin
        }
        double a = Math.abs(v);
        if (a >= 1e6 || a < 1e-4) {
            return String.format(Locale.ROOT, "%.3g", v);
        }
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
