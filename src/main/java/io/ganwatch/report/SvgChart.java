package io.ganwatch.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Hand-drawn inline SVG charts: a line chart with named series and a histogram with overlaid
 * bar series, both with axes, ticks, a legend and an optional vertical marker. Drawn by hand so
 * a report is one file that opens offline, with no script or stylesheet to fetch.
 */
final class SvgChart {
    /** The SVG namespace; the only URL a report contains, and it is an identifier, never fetched. */
    static final String SVG_NS = "http://www.w3.org/2000/svg";

    private static final int WIDTH = 560;
    private static final int LEFT = 64;
    private static final int RIGHT = 20;
    private static final int TOP = 30;
    private static final int PLOT_HEIGHT = 260;
    private static final int BOTTOM = 46;
    private static final int LEGEND_LINE = 18;
    private static final int PLOT_WIDTH = WIDTH - LEFT - RIGHT;
    /** Room under a category chart for names slanted at 35°, up to 14 characters of 9 px type. */
    private static final int SLANTED_NAMES = 44;

    private SvgChart() {
    }

    /** Colours of successive series, from a palette that stays distinct for common colour blindness. */
    static String color(int i) {
        String[] palette = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"};
        return palette[Math.floorMod(i, palette.length)];
    }

    /**
     * One line of a line chart. Non-finite points break the line rather than being drawn, so a
     * diverged epoch shows as a gap.
     *
     * @param name   legend text (escaped when drawn)
     * @param x      x values
     * @param y      y values, one per x
     * @param color  CSS colour
     * @param dashed draw dashed (for reference lines such as chance level)
     * @param steps  draw as a step function that holds each y until the next x, the way average
     *               precision integrates a PR curve
     */
    record Series(String name, double[] x, double[] y, String color, boolean dashed, boolean steps) {
        Series {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(color, "color");
            if (x.length != y.length) {
                throw new IllegalArgumentException("series " + name + ": " + x.length + " x but " + y.length + " y");
            }
            x = x.clone();
            y = y.clone();
        }
    }

    /**
     * One bar series of a histogram, drawn half-transparent so overlapping series stay visible.
     *
     * @param name    legend text
     * @param heights one height per bin
     * @param color   CSS colour
     */
    record Bars(String name, double[] heights, String color) {
        Bars {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(color, "color");
            heights = heights.clone();
        }
    }

    /**
     * A vertical line across the plot, e.g. the alert threshold or the kept epoch. A position
     * outside the x range is drawn at the nearer edge.
     *
     * @param x     position in data units
     * @param label text next to the line
     */
    record Marker(double x, String label) {
        Marker {
            Objects.requireNonNull(label, "label");
        }
    }

    /** An axis range in data units. */
    record Range(double lo, double hi) {
        Range {
            if (!(Double.isFinite(lo) && Double.isFinite(hi) && hi > lo)) {
                throw new IllegalArgumentException("bad axis range [" + lo + ", " + hi + "]");
            }
        }

        /** Smallest range holding every finite value, widened by {@code pad} of its span on each side. */
        static Range covering(List<double[]> values, double pad) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double[] vs : values) {
                for (double v : vs) {
                    if (Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
            if (lo > hi) {
                return new Range(0, 1);
            }
            if (hi == lo) {
                double w = lo == 0 ? 1 : Math.abs(lo) * 0.1;
                return new Range(lo - w, hi + w);
            }
            double span = hi - lo;
            return new Range(lo - span * pad, hi + span * pad);
        }
    }

    /**
     * A line chart.
     *
     * @param xRange fixed x range, or {@code null} to fit the data
     * @param yRange fixed y range, or {@code null} to fit the data with a little headroom
     * @param marker vertical marker, or {@code null}
     */
    static String line(String title, String xLabel, String yLabel, List<Series> series, Range xRange, Range yRange,
                       Marker marker) {
        List<double[]> xs = new ArrayList<>();
        List<double[]> ys = new ArrayList<>();
        for (Series s : series) {
            xs.add(s.x());
            ys.add(s.y());
        }
        Frame f = new Frame(xRange != null ? xRange : Range.covering(xs, 0),
                yRange != null ? yRange : Range.covering(ys, 0.05), series.size());
        StringBuilder b = f.open(title, xLabel, yLabel);
        for (Series s : series) {
            b.append("<path fill=\"none\" stroke=\"").append(Html.escape(s.color())).append("\" stroke-width=\"2\"");
            if (s.dashed()) {
                b.append(" stroke-dasharray=\"6 4\"");
            }
            b.append(" d=\"").append(f.path(s)).append("\"/>\n");
        }
        f.marker(b, marker);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            f.legend(b, i, s.name(), s.color(), s.dashed(), false);
        }
        return b.append("</svg>\n").toString();
    }

    /**
     * A histogram whose bar series share the bins given by {@code edges}.
     *
     * @param marker vertical marker, or {@code null}
     */
    static String histogram(String title, String xLabel, String yLabel, double[] edges, List<Bars> bars,
                            Marker marker) {
        List<double[]> heights = new ArrayList<>();
        for (Bars s : bars) {
            if (s.heights().length != edges.length - 1) {
                throw new IllegalArgumentException("bars " + s.name() + " need one height per bin");
            }
            heights.add(s.heights());
        }
        heights.add(new double[] {0});
        Range y = Range.covering(heights, 0);
        Frame f = new Frame(new Range(edges[0], edges[edges.length - 1]), new Range(0, y.hi() * 1.05), bars.size());
        StringBuilder b = f.open(title, xLabel, yLabel);
        for (Bars s : bars) {
            double[] h = s.heights();
            for (int i = 0; i < h.length; i++) {
                if (h[i] <= 0) {
                    continue;
                }
                double x0 = f.px(edges[i]);
                double x1 = f.px(edges[i + 1]);
                double top = f.py(h[i]);
                b.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" fill-opacity=\"0.45\""
                                + " stroke=\"%s\" stroke-width=\"0.5\"/>\n",
                        x0, top, Math.max(0.5, x1 - x0), f.py(0) - top, Html.escape(s.color()),
                        Html.escape(s.color())));
            }
        }
        f.marker(b, marker);
        for (int i = 0; i < bars.size(); i++) {
            f.legend(b, i, bars.get(i).name(), bars.get(i).color(), false, true);
        }
        return b.append("</svg>\n").toString();
    }

    /**
     * Grouped bars over named categories: one group per category, one bar per series in each group,
     * e.g. the share of each category in real and in synthetic rows. Category names are drawn under
     * their group, slanted when there are many.
     */
    static String categoryBars(String title, String xLabel, String yLabel, List<String> categories, List<Bars> bars) {
        return categoryBars(title, xLabel, yLabel, categories, bars, 0);
    }

    /**
     * As {@link #categoryBars(String, String, String, List, List)}, with the value axis starting at
     * {@code yFrom} rather than 0: ROC-AUC values between 0.9 and 1 are indistinguishable on bars
     * drawn from 0, and 0.5 (chance) is the meaningful floor there. A bar at or below {@code yFrom}
     * draws nothing.
     */
    static String categoryBars(String title, String xLabel, String yLabel, List<String> categories, List<Bars> bars, double yFrom) {
        if (categories.isEmpty()) {
            throw new IllegalArgumentException("a category chart needs at least one category");
        }
        List<double[]> heights = new ArrayList<>();
        for (Bars s : bars) {
            if (s.heights().length != categories.size()) {
                throw new IllegalArgumentException("bars " + s.name() + " need one height per category");
            }
            heights.add(s.heights());
        }
        heights.add(new double[] {yFrom});
        Range y = Range.covering(heights, 0);
        int k = categories.size();
        boolean slant = k > 6;
        Frame f = new Frame(new Range(0, k), new Range(yFrom, yFrom + (y.hi() - yFrom) * 1.05), bars.size(), slant ? SLANTED_NAMES : 0);
        StringBuilder b = f.open(title, xLabel, yLabel, false);
        double group = (double) PLOT_WIDTH / k;
        double barWidth = group * 0.8 / Math.max(1, bars.size());
        for (int c = 0; c < k; c++) {
            double x0 = f.px(c) + group * 0.1;
            for (int s = 0; s < bars.size(); s++) {
                double h = bars.get(s).heights()[c];
                if (h > yFrom) {
                    double top = f.py(h);
                    String color = Html.escape(bars.get(s).color());
                    b.append(String.format(Locale.ROOT,
                            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" fill-opacity=\"0.7\""
                                    + " stroke=\"%s\" stroke-width=\"0.5\"/>\n",
                            x0 + s * barWidth, top, Math.max(0.5, barWidth), f.py(yFrom) - top, color, color));
                }
            }
            double cx = f.px(c + 0.5);
            int ty = TOP + PLOT_HEIGHT + 14;
            String name = categories.get(c).length() > 14 ? categories.get(c).substring(0, 13) + "…" : categories.get(c);
            b.append(String.format(Locale.ROOT, slant
                            ? "<text x=\"%.1f\" y=\"%d\" text-anchor=\"end\" font-size=\"9\" transform=\"rotate(-35 %.1f %d)\">%s</text>\n"
                            : "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
                    slant ? new Object[] {cx, ty, cx, ty, Html.escape(name)} : new Object[] {cx, ty, Html.escape(name)}));
        }
        for (int i = 0; i < bars.size(); i++) {
            f.legend(b, i, bars.get(i).name(), bars.get(i).color(), false, true);
        }
        return b.append("</svg>\n").toString();
    }

    /** Maps data to pixels and draws what every chart shares: frame, grid, ticks, labels, legend. */
    private static final class Frame {
        private final Range x;
        private final Range y;
        private final int height;
        private final int extraBottom;

        Frame(Range x, Range y, int legendEntries) {
            this(x, y, legendEntries, 0);
        }

        /** {@code extraBottom} pixels more under the plot, for slanted category names. */
        Frame(Range x, Range y, int legendEntries, int extraBottom) {
            this.x = x;
            this.y = y;
            this.extraBottom = extraBottom;
            this.height = TOP + PLOT_HEIGHT + BOTTOM + extraBottom + legendEntries * LEGEND_LINE + 6;
        }

        double px(double v) {
            double c = Math.max(x.lo(), Math.min(x.hi(), v));
            return LEFT + (c - x.lo()) / (x.hi() - x.lo()) * PLOT_WIDTH;
        }

        double py(double v) {
            double c = Math.max(y.lo(), Math.min(y.hi(), v));
            return TOP + PLOT_HEIGHT - (c - y.lo()) / (y.hi() - y.lo()) * PLOT_HEIGHT;
        }

        StringBuilder open(String title, String xLabel, String yLabel) {
            return open(title, xLabel, yLabel, true);
        }

        /** As {@link #open(String, String, String)}; without {@code numericX} the x axis gets no ticks (the caller labels it). */
        StringBuilder open(String title, String xLabel, String yLabel, boolean numericX) {
            StringBuilder b = new StringBuilder(8192);
            b.append(String.format(Locale.ROOT,
                    "<svg xmlns=\"%s\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\""
                            + " font-family=\"sans-serif\" font-size=\"11\">\n",
                    SVG_NS, WIDTH, height, WIDTH, height, Html.escape(title)));
            b.append("<title>").append(Html.escape(title)).append("</title>\n");
            b.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"18\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">%s</text>\n",
                    LEFT + PLOT_WIDTH / 2, Html.escape(title)));
            double xStep = niceStep(x);
            for (double t : numericX ? ticks(x, xStep) : List.<Double>of()) {
                double p = px(t);
                b.append(String.format(Locale.ROOT,
                        "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e5e5e5\"/>"
                                + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
                        p, TOP, p, TOP + PLOT_HEIGHT + 4, p, TOP + PLOT_HEIGHT + 16, Html.escape(Html.tick(t, xStep))));
            }
            double yStep = niceStep(y);
            for (double t : ticks(y, yStep)) {
                double p = py(t);
                b.append(String.format(Locale.ROOT,
                        "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>"
                                + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
                        LEFT - 4, p, LEFT + PLOT_WIDTH, p, LEFT - 6, p + 4, Html.escape(Html.tick(t, yStep))));
            }
            b.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>\n",
                    LEFT, TOP, PLOT_WIDTH, PLOT_HEIGHT));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
                    LEFT + PLOT_WIDTH / 2, TOP + PLOT_HEIGHT + 34 + extraBottom, Html.escape(xLabel)));
            b.append(String.format(Locale.ROOT,
                    "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">%s</text>\n",
                    TOP + PLOT_HEIGHT / 2, TOP + PLOT_HEIGHT / 2, Html.escape(yLabel)));
            return b;
        }

        String path(Series s) {
            StringBuilder d = new StringBuilder();
            double[] xs = s.x();
            double[] ys = s.y();
            boolean penDown = false;
            for (int i = 0; i < xs.length; i++) {
                if (!Double.isFinite(xs[i]) || !Double.isFinite(ys[i])) {
                    penDown = false;
                    continue;
                }
                if (penDown && s.steps()) {
                    d.append(String.format(Locale.ROOT, "L%.1f %.1f ", px(xs[i]), py(ys[i - 1])));
                }
                d.append(String.format(Locale.ROOT, "%s%.1f %.1f ", penDown ? "L" : "M", px(xs[i]), py(ys[i])));
                penDown = true;
            }
            return d.toString().trim();
        }

        void marker(StringBuilder b, Marker m) {
            if (m == null || Double.isNaN(m.x())) {
                return;
            }
            double p = px(m.x());
            boolean rightHalf = p > LEFT + PLOT_WIDTH * 0.6;
            b.append(String.format(Locale.ROOT,
                    "<line class=\"marker\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000\""
                            + " stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>"
                            + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\" paint-order=\"stroke\" stroke=\"#fff\""
                            + " stroke-width=\"3\">%s</text>\n",
                    p, TOP, p, TOP + PLOT_HEIGHT, rightHalf ? p - 4 : p + 4, TOP + 12, rightHalf ? "end" : "start",
                    Html.escape(m.label())));
        }

        void legend(StringBuilder b, int i, String name, String color, boolean dashed, boolean box) {
            int yy = TOP + PLOT_HEIGHT + BOTTOM + extraBottom + i * LEGEND_LINE + 8;
            String c = Html.escape(color);
            if (box) {
                b.append(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"22\" height=\"10\" fill=\"%s\" fill-opacity=\"0.45\""
                                + " stroke=\"%s\"/>",
                        LEFT, yy - 5, c, c));
            } else {
                b.append(String.format(Locale.ROOT,
                        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>",
                        LEFT, yy, LEFT + 22, yy, c, dashed ? " stroke-dasharray=\"6 4\"" : ""));
            }
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>\n", LEFT + 28, yy + 4,
                    Html.escape(name)));
        }
    }

    // Multiples of step inside the range, computed from integer indices so float error cannot pile up.
    static List<Double> ticks(Range r, double step) {
        List<Double> out = new ArrayList<>();
        long first = (long) Math.ceil(r.lo() / step - 1e-9);
        long last = (long) Math.floor(r.hi() / step + 1e-9);
        for (long k = first; k <= last && out.size() < 20; k++) {
            out.add(k * step);
        }
        return out;
    }

    // 1, 2 or 5 times a power of ten, giving about five ticks: readable labels at any scale.
    static double niceStep(Range r) {
        double raw = (r.hi() - r.lo()) / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        double nice = f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10;
        return nice * mag;
    }
}
