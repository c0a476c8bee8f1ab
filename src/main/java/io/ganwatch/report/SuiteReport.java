package io.ganwatch.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A suite benchmark as one self-contained HTML page: ganwatch beside each peer detector on every
 * set of the suite, as two grouped bar charts (ROC-AUC and PR-AUC, one group per set, one bar per
 * detector; the ROC-AUC axis starts at chance, 0.5) and a table with the gap to the best peer. A reader sees at a glance on which sets
 * ganwatch leads and by how much it trails on the others, which the suite's single mean gap hides.
 */
public final class SuiteReport {
    static final String GANWATCH = "ganwatch";

    private SuiteReport() {
    }

    /**
     * One set's outcome.
     *
     * @param set     the set's name (an archive stem such as {@code 23_mammography})
     * @param roc     ganwatch's mean ROC-AUC over the seeds (NaN when it failed)
     * @param pr      ganwatch's mean PR-AUC over the seeds (NaN when it failed)
     * @param peers   each peer's {ROC-AUC, PR-AUC} on the same rows, in display order; empty without peers
     * @param failure why ganwatch could not run on the set, or {@code null}
     */
    public record Row(String set, double roc, double pr, Map<String, double[]> peers, String failure) {
        /** Copies the peers so the row stays as it was built. */
        public Row {
            Objects.requireNonNull(set, "set");
            Map<String, double[]> copy = new LinkedHashMap<>();
            peers.forEach((k, v) -> {
                if (v.length != 2) {
                    throw new IllegalArgumentException("peer " + k + " on " + set + " needs {ROC-AUC, PR-AUC}");
                }
                copy.put(k, v.clone());
            });
            peers = java.util.Collections.unmodifiableMap(copy);
        }

        /** The best peer's value of one measure (0 = ROC-AUC, 1 = PR-AUC), or NaN without peers. */
        double bestPeer(int measure) {
            return peers.values().stream().mapToDouble(v -> v[measure]).max().orElse(Double.NaN);
        }
    }

    /**
     * Writes the page (UTF-8), replacing the file.
     *
     * @param title page title
     * @param facts labelled facts (seeds, command, ...), in display order
     * @param rows  one row per set, in display order
     * @throws IllegalArgumentException when {@code rows} is empty
     * @throws UncheckedIOException     when the file cannot be written
     */
    public static void write(Path file, String title, Map<String, String> facts, List<Row> rows) {
        try {
            Files.writeString(file, render(title, facts, rows), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report " + file + ": " + e.getMessage(), e);
        }
    }

    /** The page, as {@link #write} writes it. */
    public static String render(String title, Map<String, String> facts, List<Row> rows) {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(facts, "facts");
        if (rows == null || rows.isEmpty()) {
            throw new IllegalArgumentException("a suite report needs at least one set");
        }
        StringBuilder b = Html.pageStart(title, 32 * 1024);
        b.append("<h2>Facts</h2>\n<table class=\"facts\">\n");
        facts.forEach((k, v) -> b.append("<tr><th>").append(Html.escape(k)).append("</th><td>")
                .append(Html.escape(v)).append("</td></tr>\n"));
        b.append("</table>\n");
        b.append("<h2>Per set</h2>\n");
        b.append(chart("ROC-AUC per set", "ROC-AUC", rows, 0));
        b.append(chart("PR-AUC per set", "PR-AUC", rows, 1));
        b.append("<h2>Gap to the best peer</h2>\n").append(table(rows));
        return b.append("</body>\n</html>\n").toString();
    }

    private static String chart(String title, String measure, List<Row> rows, int m) {
        Set<String> detectors = new LinkedHashSet<>();
        detectors.add(GANWATCH);
        rows.forEach(r -> detectors.addAll(r.peers().keySet()));
        List<String> sets = rows.stream().map(Row::set).toList();
        List<SvgChart.Bars> bars = new ArrayList<>();
        double lowest = 1;
        int colour = 0;
        for (String d : detectors) {
            double[] h = new double[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                double v = d.equals(GANWATCH) ? (m == 0 ? r.roc() : r.pr()) : r.peers().containsKey(d) ? r.peers().get(d)[m] : Double.NaN;
                h[i] = Double.isFinite(v) ? v : 0; // a missing bar (failed set, absent peer) draws nothing
                lowest = Double.isFinite(v) ? Math.min(lowest, v) : lowest;
            }
            bars.add(new SvgChart.Bars(d, h, SvgChart.color(colour++)));
        }
        // ROC-AUC from chance (0.5), or lower to show a detector worse than chance; PR-AUC from 0
        double from = m == 0 ? Math.min(0.5, Math.floor(lowest * 10) / 10 - 0.1) : 0;
        return SvgChart.categoryBars(title, "", measure, sets, bars, Math.max(0, from));
    }

    private static String table(List<Row> rows) {
        StringBuilder b = new StringBuilder("<table class=\"runs\">\n<tr><th>Set</th><th>ganwatch ROC-AUC</th><th>best peer</th>"
                + "<th>ROC-AUC gap</th><th>ganwatch PR-AUC</th><th>PR-AUC gap</th></tr>\n");
        int ahead = 0;
        int compared = 0;
        double gapSum = 0;
        for (Row r : rows) {
            if (r.failure() != null) {
                b.append("<tr><td>").append(Html.escape(r.set())).append("</td><td colspan=\"5\">failed: ")
                        .append(Html.escape(r.failure())).append("</td></tr>\n");
                continue;
            }
            String best = r.peers().entrySet().stream().max(java.util.Comparator.comparingDouble(e -> e.getValue()[0]))
                    .map(Map.Entry::getKey).orElse("-");
            double rocGap = r.roc() - r.bestPeer(0);
            double prGap = r.pr() - r.bestPeer(1);
            if (!r.peers().isEmpty()) {
                compared++;
                gapSum += rocGap;
                ahead += rocGap >= 0 ? 1 : 0;
            }
            b.append("<tr><td>").append(Html.escape(r.set())).append("</td><td class=\"num\">").append(Html.num(r.roc()))
                    .append("</td><td>").append(Html.escape(best)).append("</td><td class=\"num\">").append(signed(rocGap))
                    .append("</td><td class=\"num\">").append(Html.num(r.pr())).append("</td><td class=\"num\">")
                    .append(signed(prGap)).append("</td></tr>\n");
        }
        b.append("</table>\n");
        if (compared > 0) {
            b.append(String.format(Locale.ROOT, "<p>ROC-AUC ahead of the best peer on %d of %d sets; mean ROC-AUC gap %+.4f.</p>\n",
                    ahead, rows.size(), gapSum / compared));
        }
        return b.toString();
    }

    private static String signed(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%+.4f", v) : "-";
    }
}
