package io.ganwatch.report;

import io.ganwatch.features.Moments;
import io.ganwatch.features.RawValues;
import io.ganwatch.input.Table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One column's distribution in several samples (real minority rows, SMOTE rows, GAN rows) on shared
 * bins or categories, as shares of each sample, so samples of different sizes compare directly.
 *
 * <p>Numeric bins span the 0.5th to 99.5th percentile of all samples' values together (values
 * outside fall in the edge bins), so a few extreme values do not squeeze the rest into one bin, as
 * in the score histogram. Categories are the {@link #MAX_CATEGORIES} most frequent in the first
 * sample (the real rows), then in the others; the rest are pooled as {@value #OTHER}.
 *
 * <p>A non-negative numeric column that is heavy-tailed in the real rows (skewness above 2, the
 * feature learner's rule for byte counts and amounts) is binned on {@code log1p} of its values;
 * on a linear axis nearly all of its rows would fall in the first bin.
 *
 * @param edges      bin edges for a numeric column ({@code bins + 1}), or {@code null} for a categorical one
 * @param log        whether the edges are on {@code log1p} of the values
 * @param categories category names for a categorical column, or {@code null} for a numeric one
 * @param shares     per sample, the share of its rows in each bin or category
 */
record ColumnDistribution(double[] edges, boolean log, List<String> categories, List<double[]> shares) {
    /** Skewness above which a non-negative column is binned on log1p, as the feature learner decides. */
    static final double HEAVY_TAIL_SKEW = 2.0;
    /** Bins of a numeric column. */
    static final int BINS = 24;
    /** Most categories drawn; the rest are pooled. */
    static final int MAX_CATEGORIES = 14;
    /** Name of the pooled category. */
    static final String OTHER = "(other)";
    /** Name of the missing-value category. */
    static final String MISSING = "(missing)";

    /** Whether this is a categorical column's distribution. */
    boolean categorical() {
        return categories != null;
    }

    /** Shared bins over the numeric values of the samples (missing and non-numeric values left out). */
    static ColumnDistribution numeric(List<Table> samples, String column) {
        List<double[]> values = new ArrayList<>();
        for (Table t : samples) {
            values.add(numbers(t, column));
        }
        boolean log = heavyTailed(values.get(0)) && values.stream().flatMapToDouble(Arrays::stream).allMatch(d -> d >= 0);
        if (log) {
            values.replaceAll(v -> Arrays.stream(v).map(Math::log1p).toArray());
        }
        double[] all = values.stream().flatMapToDouble(Arrays::stream).sorted().toArray();
        double lo = all.length == 0 ? 0 : ScoreHistogram.percentile(all, ScoreHistogram.TAIL_PERCENT);
        double hi = all.length == 0 ? 1 : ScoreHistogram.percentile(all, 100 - ScoreHistogram.TAIL_PERCENT);
        if (!(hi > lo)) {
            double pad = lo == 0 ? 0.5 : Math.abs(lo) * 0.05;
            lo -= pad;
            hi += pad;
        }
        double[] edges = new double[BINS + 1];
        for (int i = 0; i <= BINS; i++) {
            edges[i] = lo + (hi - lo) * i / BINS;
        }
        List<double[]> shares = new ArrayList<>();
        for (double[] v : values) {
            double[] share = new double[BINS];
            for (double d : v) {
                int bin = (int) Math.floor((d - lo) / (hi - lo) * BINS);
                share[Math.max(0, Math.min(BINS - 1, bin))] += 1.0 / v.length;
            }
            shares.add(share);
        }
        return new ColumnDistribution(edges, log, null, shares);
    }

    /** Shares of the most frequent categories in each sample. */
    static ColumnDistribution categorical(List<Table> samples, String column) {
        List<Map<String, Integer>> counts = new ArrayList<>();
        for (Table t : samples) {
            counts.add(categoryCounts(t, column));
        }
        Map<String, Integer> rank = new LinkedHashMap<>();
        for (Map<String, Integer> c : counts) {
            c.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .forEach(e -> rank.putIfAbsent(e.getKey(), rank.size()));
        }
        List<String> shown = new ArrayList<>(rank.keySet().stream().limit(MAX_CATEGORIES).toList());
        boolean pooled = rank.size() > MAX_CATEGORIES;
        List<String> names = new ArrayList<>(shown);
        if (pooled) {
            names.add(OTHER);
        }
        List<double[]> shares = new ArrayList<>();
        for (Map<String, Integer> c : counts) {
            int total = c.values().stream().mapToInt(Integer::intValue).sum();
            double[] share = new double[names.size()];
            c.forEach((k, n) -> {
                int i = shown.indexOf(k);
                share[i >= 0 ? i : names.size() - 1] += total == 0 ? 0 : (double) n / total;
            });
            shares.add(share);
        }
        return new ColumnDistribution(null, false, List.copyOf(names), shares);
    }

    private static boolean heavyTailed(double[] v) {
        return v.length >= 3 && Moments.skewness(v) > HEAVY_TAIL_SKEW;
    }

    private static double[] numbers(Table t, String column) {
        int c = t.columnIndex(column);
        double[] out = new double[t.size()];
        int n = 0;
        for (Table.Row row : t.rows()) {
            Object v = row.get(c);
            if (RawValues.isMissing(v) || v instanceof Double d && !Double.isFinite(d)) {
                continue;
            }
            Double d = RawValues.number(v, t.source(), row.line(), column);
            if (d != null) {
                out[n++] = d;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static Map<String, Integer> categoryCounts(Table t, String column) {
        int c = t.columnIndex(column);
        Map<String, Integer> m = new HashMap<>();
        for (Table.Row row : t.rows()) {
            Object v = row.get(c);
            m.merge(RawValues.isMissing(v) ? MISSING : RawValues.category(v), 1, Integer::sum);
        }
        return m;
    }
}
