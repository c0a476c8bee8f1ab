package io.ganwatch.report;

import java.util.Locale;

/** Text rendering shared by the report pages and their charts: page head, escaping and number formatting. */
final class Html {
    /** The one style sheet of every report page, inline so that a page opens offline. */
    private static final String STYLE = "body{font-family:sans-serif;margin:24px auto;max-width:1200px;color:#222;"
            + "padding:0 16px}"
            + "table{border-collapse:collapse;margin:8px 0 16px}"
            + "th,td{border:1px solid #ccc;padding:4px 10px;text-align:left}"
            + "td.num{text-align:right;font-variant-numeric:tabular-nums}"
            + "th{background:#f3f3f3}"
            + ".charts{display:flex;flex-wrap:wrap;gap:16px}"
            + "figure{margin:0}"
            + "figcaption{max-width:560px;font-size:13px;color:#555}"
            + "p.empty{color:#777;font-style:italic}";

    private Html() {
    }

    /** A page's head (title, viewport, style) and its heading, ready for the body. */
    static StringBuilder pageStart(String title, int capacity) {
        StringBuilder b = new StringBuilder(capacity);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<style>").append(STYLE).append("</style>\n</head>\n<body>\n")
                .append("<h1>").append(escape(title)).append("</h1>\n");
        return b;
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
