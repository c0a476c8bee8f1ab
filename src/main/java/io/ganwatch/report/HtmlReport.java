package io.ganwatch.report;

import io.ganwatch.evaluation.Curves;
import io.ganwatch.evaluation.Metrics;
import io.ganwatch.evaluation.Summary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Writes an evaluation report as one self-contained HTML page: metrics, facts, ROC and PR curves,
 * the score distribution per class with the threshold, and training curves. Charts are inline SVG
 * and styles are inline, so the page references nothing outside itself and opens offline or as a
 * CI artefact. All text from the data is HTML-escaped.
 */
public final class HtmlReport {

    private HtmlReport() {
    }

    /**
     * Writes the report of one evaluation to {@code file} (UTF-8), replacing it if present.
     *
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void write(Path file, ReportData data) {
        writeString(file, render(data));
    }

    /** The page of one evaluation, as written by {@link #write}. */
    public static String render(ReportData data) {
        Objects.requireNonNull(data, "data");
        StringBuilder b = head(data.title());
        b.append("<h2>Metrics</h2>\n").append(metricsTable(data.metrics()));
        b.append("<h2>Facts</h2>\n").append(factsTable(data.facts()));
        b.append("<h2>Detection curves</h2>\n").append(curves(List.of(data)));
        b.append("<h2>Score distribution</h2>\n").append(histogram(data));
        if (!data.topRows().isEmpty()) {
            b.append("<h2>Highest scores and what the model blames</h2>\n").append(explainedRows(data.topRows()));
        }
        b.append("<h2>Training</h2>\n").append(training(data));
        return b.append("</body>\n</html>\n").toString();
    }

    /**
     * Writes one page for a multi-run benchmark to {@code file} (UTF-8): a metrics table with one
     * row per run plus mean and sample standard deviation, ROC and PR curves of every run overlaid,
     * and the score distribution and training curves of the first run, which keeps the page small.
     *
     * @param title page title
     * @param facts facts common to all runs, in display order
     * @param runs  one entry per run (e.g. per seed); each run's title labels its row and curves
     * @param mean  the mean metrics over the runs, e.g. from {@link Summary#mean}
     * @throws IllegalArgumentException when {@code runs} is empty
     * @throws UncheckedIOException     when the file cannot be written
     */
    public static void writeBenchmark(Path file, String title, Map<String, String> facts, List<ReportData> runs,
                                      Metrics mean) {
        writeString(file, renderBenchmark(title, facts, runs, mean));
    }

    /** The benchmark page, as written by {@link #writeBenchmark}. */
    public static String renderBenchmark(String title, Map<String, String> facts, List<ReportData> runs,
                                         Metrics mean) {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(mean, "mean");
        if (runs == null || runs.isEmpty()) {
            throw new IllegalArgumentException("a benchmark report needs at least one run");
        }
        StringBuilder b = head(title);
        b.append("<h2>Facts</h2>\n").append(factsTable(facts));
        b.append("<h2>Metrics per run</h2>\n").append(runsTable(runs, mean));
        b.append("<h2>Detection curves</h2>\n").append(curves(runs));
        ReportData first = runs.get(0);
        b.append("<p>The charts below show the first run, ").append(Html.escape(first.title())).append(".</p>\n");
        b.append("<h2>Score distribution</h2>\n").append(histogram(first));
        b.append("<h2>Training</h2>\n").append(training(first));
        return b.append("</body>\n</html>\n").toString();
    }

    private static void writeString(Path file, String page) {
        try {
            Files.writeString(file, page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report " + file + ": " + e.getMessage(), e);
        }
    }

    private static StringBuilder head(String title) {
        return Html.pageStart(title, 64 * 1024);
    }

    private static String metricsTable(Metrics m) {
        StringBuilder b = new StringBuilder("<table class=\"metrics\">\n<tr><th>Metric</th><th>Value</th>"
                + "<th>Meaning</th></tr>\n");
        metricRow(b, "ROC-AUC", Html.num(m.rocAuc()),
                "chance that a random anomalous row scores above a random normal row; 0.5 is a random ranking");
        metricRow(b, "PR-AUC", Html.num(m.prAuc()),
                "average precision over all thresholds; a random ranking scores the anomaly rate");
        metricRow(b, "Precision", Html.num(m.precision()),
                "share of flagged rows that are anomalous, at the threshold (0 when nothing is flagged)");
        metricRow(b, "Recall", Html.num(m.recall()), "share of anomalous rows flagged, at the threshold");
        metricRow(b, "F1", Html.num(m.f1()), "harmonic mean of precision and recall, at the threshold");
        metricRow(b, "F1 at contamination", Html.num(m.f1AtContamination()),
                "F1 when the top k scores are flagged, k = number of anomalies in the data");
        metricRow(b, "Threshold", Html.num(m.threshold()), "rows scoring at or above this are flagged");
        metricRow(b, "Rows", Integer.toString(m.rows()), "rows evaluated");
        metricRow(b, "Anomalies", Integer.toString(m.anomalies()),
                "anomalous rows (rate " + Html.num((double) m.anomalies() / m.rows()) + ")");
        return b.append("</table>\n").toString();
    }

    private static void metricRow(StringBuilder b, String name, String value, String meaning) {
        b.append("<tr><td>").append(name).append("</td><td class=\"num\">").append(value).append("</td><td>")
                .append(Html.escape(meaning)).append("</td></tr>\n");
    }

    private static String explainedRows(List<ExplainedRow> rows) {
        StringBuilder b = new StringBuilder("<p>Each column's share of the score: its reconstruction error, a categorical column "
                + "counting only its own category and the unknown bucket, so that no column gains weight from its number of "
                + "categories.</p>\n<table class=\"explained\">\n<tr><th>Line</th><th>Score</th><th>Label</th><th>Top columns (share of score)</th></tr>\n");
        for (ExplainedRow r : rows) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < r.features().size(); i++) {
                parts.add(Html.escape(r.features().get(i)) + String.format(Locale.ROOT, " (%.0f%%)", 100 * r.shares().get(i)));
            }
            b.append("<tr><td>").append(r.line()).append("</td><td>").append(String.format(Locale.ROOT, "%.4g", r.score()))
                    .append("</td><td>").append(r.anomaly() ? "anomaly" : "normal").append("</td><td>")
                    .append(String.join(", ", parts)).append("</td></tr>\n");
        }
        return b.append("</table>\n").toString();
    }

    private static String factsTable(Map<String, String> facts) {
        if (facts.isEmpty()) {
            return "<p class=\"empty\">No facts recorded.</p>\n";
        }
        StringBuilder b = new StringBuilder("<table class=\"facts\">\n");
        facts.forEach((k, v) -> b.append("<tr><th>").append(Html.escape(k)).append("</th><td>")
                .append(Html.escape(v)).append("</td></tr>\n"));
        return b.append("</table>\n").toString();
    }

    private static String runsTable(List<ReportData> runs, Metrics mean) {
        StringBuilder b = new StringBuilder("<table class=\"runs\">\n<tr><th>Run</th><th>ROC-AUC</th><th>PR-AUC</th>"
                + "<th>Precision</th><th>Recall</th><th>F1</th><th>F1 at contamination</th><th>Threshold</th>"
                + "<th>Rows</th><th>Anomalies</th></tr>\n");
        List<Metrics> all = new ArrayList<>();
        for (ReportData r : runs) {
            all.add(r.metrics());
            runRow(b, Html.escape(r.title()), r.metrics().asMap(), true);
        }
        runRow(b, "<strong>mean</strong>", mean.asMap(), true);
        runRow(b, "<strong>std</strong>", Summary.std(all), false);
        b.append("</table>\n<p>std is the sample standard deviation (divisor n&nbsp;&minus;&nbsp;1) over ")
                .append(runs.size()).append(runs.size() == 1 ? " run; undefined for one run" : " runs")
                .append(".</p>\n");
        return b.toString();
    }

    // Counts print as integers, except in the std row where their spread is a fraction.
    private static void runRow(StringBuilder b, String label, Map<String, Double> values, boolean countsAsIntegers) {
        b.append("<tr><td>").append(label).append("</td>");
        values.forEach((k, v) -> {
            boolean count = countsAsIntegers && (k.equals("rows") || k.equals("anomalies"));
            b.append("<td class=\"num\">").append(count ? Long.toString(Math.round(v)) : Html.num(v)).append("</td>");
        });
        b.append("</tr>\n");
    }

    private static String curves(List<ReportData> runs) {
        List<SvgChart.Series> roc = new ArrayList<>();
        List<SvgChart.Series> pr = new ArrayList<>();
        double rateSum = 0;
        for (int i = 0; i < runs.size(); i++) {
            ReportData r = runs.get(i);
            boolean[] labels = r.isAnomaly();
            int anomalies = count(labels);
            if (anomalies == 0 || anomalies == labels.length) {
                return "<p class=\"empty\">ROC and precision-recall curves need both normal and anomalous rows; "
                        + Html.escape(r.title()) + " has " + anomalies + " anomalous of " + labels.length
                        + ".</p>\n";
            }
            rateSum += (double) anomalies / labels.length;
            Curves c = Curves.of(r.scores(), labels);
            String prefix = runs.size() == 1 ? "" : r.title() + " ";
            roc.add(new SvgChart.Series(prefix + "ROC (AUC " + Html.num(r.metrics().rocAuc()) + ")", c.rocFpr(),
                    c.rocTpr(), SvgChart.color(i), false, false));
            pr.add(new SvgChart.Series(prefix + "precision-recall (AP " + Html.num(r.metrics().prAuc()) + ")",
                    c.prRecall(), c.prPrecision(), SvgChart.color(i), false, true));
        }
        double rate = rateSum / runs.size();
        roc.add(new SvgChart.Series("random ranking", new double[] {0, 1}, new double[] {0, 1}, "#888", true, false));
        pr.add(new SvgChart.Series("random ranking (anomaly rate " + Html.num(rate) + ")", new double[] {0, 1},
                new double[] {rate, rate}, "#888", true, false));
        SvgChart.Range unit = new SvgChart.Range(0, 1);
        SvgChart.Range unitWithHeadroom = new SvgChart.Range(0, 1.02);
        return "<div class=\"charts\">\n<figure>\n"
                + SvgChart.line("ROC curve", "false-positive rate", "true-positive rate", roc, unit, unitWithHeadroom,
                null)
                + "<figcaption>True-positive against false-positive rate over all thresholds; the dashed diagonal"
                + " is a random ranking.</figcaption>\n</figure>\n<figure>\n"
                + SvgChart.line("Precision-recall curve", "recall", "precision", pr, unit, unitWithHeadroom, null)
                + "<figcaption>Precision against recall, drawn as the steps average precision sums; the dashed"
                + " line is a random ranking, whose precision is the anomaly rate.</figcaption>\n</figure>\n</div>\n";
    }

    private static String histogram(ReportData r) {
        ScoreHistogram h = ScoreHistogram.of(r.scores(), r.isAnomaly());
        double t = r.metrics().threshold();
        boolean outside = t < h.lo() || t > h.hi();
        String svg = SvgChart.histogram("Scores by class", "anomaly score", "share of the class's rows", h.edges(),
                List.of(new SvgChart.Bars("normal (" + h.normalRows() + " rows)", h.normalShare(), SvgChart.color(0)),
                        new SvgChart.Bars("anomalous (" + h.anomalyRows() + " rows)", h.anomalyShare(),
                                SvgChart.color(1))),
                new SvgChart.Marker(t, "threshold " + Html.num(t)));
        StringBuilder c = new StringBuilder();
        c.append("Share of each class's rows per bin; both classes use the same ").append(h.normalShare().length)
                .append(" bins, spanning the 0.5th to 99.5th percentile of all scores, [").append(Html.num(h.lo()))
                .append(", ").append(Html.num(h.hi())).append("]. Scores outside that range are counted in the edge"
                        + " bins: ").append(h.belowRange()).append(" below, ").append(h.aboveRange())
                .append(" above. The dashed line marks the threshold, ").append(Html.num(t));
        if (outside) {
            c.append(", which lies outside the binned range and is drawn at its edge");
        }
        c.append('.');
        return "<figure class=\"histogram\">\n" + svg + "<figcaption>" + c + "</figcaption>\n</figure>\n";
    }

    private static String training(ReportData r) {
        List<SvgChart.Series> losses = new ArrayList<>();
        r.lossCurves().forEach((name, values) -> {
            if (values.length > 0) {
                losses.add(new SvgChart.Series(name, epochs(values.length), values, SvgChart.color(losses.size()),
                        false, false));
            }
        });
        double[] auc = r.validationAuc();
        if (losses.isEmpty() && auc.length == 0) {
            return "<p class=\"empty\">No training curves are available for this model.</p>\n";
        }
        int epoch = r.chosenEpoch();
        SvgChart.Marker marker = epoch == -1 ? null : new SvgChart.Marker(epoch, "kept: epoch " + epoch);
        String kept = epoch == -1 ? " No checkpoint epoch was recorded."
                : " The dashed line marks epoch " + epoch + ", whose weights were kept.";
        StringBuilder b = new StringBuilder("<div class=\"charts\">\n");
        if (losses.isEmpty()) {
            b.append("<p class=\"empty\">No training loss curves are available for this model.</p>\n");
        } else {
            b.append("<figure>\n").append(SvgChart.line("Training loss", "epoch", "mean loss", losses,
                            epochRange(losses), null, marker))
                    .append("<figcaption>Mean loss per epoch; gaps are epochs with a non-finite loss.")
                    .append(kept).append("</figcaption>\n</figure>\n");
        }
        if (auc.length > 0) {
            List<SvgChart.Series> s = List.of(new SvgChart.Series("validation AUC", epochs(auc.length), auc,
                    SvgChart.color(2), false, false));
            b.append("<figure>\n").append(SvgChart.line("Checkpoint criterion", "epoch", "validation AUC", s,
                            epochRange(s), null, marker))
                    .append("<figcaption>The per-epoch criterion used to choose the checkpoint.").append(kept)
                    .append("</figcaption>\n</figure>\n");
        }
        return b.append("</div>\n").toString();
    }

    private static double[] epochs(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
        }
        return x;
    }

    // A single epoch would make a zero-width axis; give it room on both sides instead.
    private static SvgChart.Range epochRange(List<SvgChart.Series> series) {
        int longest = 1;
        for (SvgChart.Series s : series) {
            longest = Math.max(longest, s.x().length);
        }
        return longest == 1 ? new SvgChart.Range(0, 2) : new SvgChart.Range(1, longest);
    }

    private static int count(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            if (f) {
                n++;
            }
        }
        return n;
    }
}
