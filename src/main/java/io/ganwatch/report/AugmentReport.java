package io.ganwatch.report;

import io.ganwatch.augment.AugmentMethod;
import io.ganwatch.augment.AugmentResult;
import io.ganwatch.augment.ColumnQuality;
import io.ganwatch.augment.QualityScores;
import io.ganwatch.augment.classify.MinorityMetrics;
import io.ganwatch.augment.gan.GanEpoch;
import io.ganwatch.augment.gan.ModeCollapse;
import io.ganwatch.input.Table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The augmentation comparison as one self-contained HTML page: facts, the metrics of every method
 * side by side (classifier on the real test set, quality of the synthetic rows), each column's
 * distribution in the real minority rows and in every method's synthetic rows, and the GAN's loss
 * curves. Charts are inline SVG drawn by {@link SvgChart}; the page loads nothing and runs no script.
 */
public final class AugmentReport {
    private static final String REAL_COLOR = "#444444";

    private AugmentReport() {
    }

    /**
     * Writes the page (UTF-8), replacing the file.
     *
     * @param title        page title
     * @param facts        labelled facts (files, label, minority, seed, ...), in display order
     * @param results      one result per method, in display order (e.g. none, SMOTE, GAN)
     * @param realMinority the real minority training rows, the reference of every distribution chart
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void write(Path file, String title, Map<String, String> facts, List<AugmentResult> results,
                             Table realMinority) {
        try {
            Files.writeString(file, render(title, facts, results, realMinority), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report " + file + ": " + e.getMessage(), e);
        }
    }

    /** The page, as {@link #write} writes it. */
    public static String render(String title, Map<String, String> facts, List<AugmentResult> results, Table realMinority) {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(realMinority, "realMinority");
        if (results == null || results.isEmpty()) {
            throw new IllegalArgumentException("an augmentation report needs at least one result");
        }
        StringBuilder b = Html.pageStart(title, 256 * 1024);
        b.append("<h2>Facts</h2>\n").append(facts(facts));
        b.append("<h2>Metrics side by side</h2>\n").append(metrics(results));
        b.append("<h2>Column distributions: real minority rows against synthetic rows</h2>\n")
                .append(distributions(results, realMinority));
        b.append("<h2>GAN training</h2>\n").append(ganLosses(results));
        return b.append("</body>\n</html>\n").toString();
    }

    private static String facts(Map<String, String> facts) {
        if (facts.isEmpty()) {
            return "<p class=\"empty\">No facts recorded.</p>\n";
        }
        StringBuilder b = new StringBuilder("<table class=\"facts\">\n");
        facts.forEach((k, v) -> b.append("<tr><th>").append(Html.escape(k)).append("</th><td>")
                .append(Html.escape(v)).append("</td></tr>\n"));
        return b.append("</table>\n").toString();
    }

    private static String metrics(List<AugmentResult> results) {
        StringBuilder b = new StringBuilder("<table class=\"metrics\">\n<tr><th>Metric</th>");
        for (AugmentResult r : results) {
            b.append("<th>").append(Html.escape(r.method().key())).append("</th>");
        }
        b.append("<th>Meaning</th></tr>\n");
        b.append("<tr><th colspan=\"").append(results.size() + 2)
                .append("\">Classifier (").append(Html.escape(results.get(0).classifier().key()))
                .append(") on the real test set, minority class positive</th></tr>\n");
        testRow(b, results, "Precision", MinorityMetrics::precision, "share of rows predicted minority (P ≥ 0.5) that are minority");
        testRow(b, results, "Recall", MinorityMetrics::recall, "share of minority rows predicted minority");
        testRow(b, results, "F1", MinorityMetrics::f1, "harmonic mean of precision and recall");
        testRow(b, results, "PR-AUC", MinorityMetrics::prAuc, "average precision of P(minority); chance is the minority rate");
        testRow(b, results, "ROC-AUC", MinorityMetrics::rocAuc, "chance a minority row outranks another row; 0.5 is chance");
        b.append("<tr><th colspan=\"").append(results.size() + 2)
                .append("\">Validation on held-out training rows (never the test set)</th></tr>\n");
        row(b, results, "PR-AUC with the rows", r -> r.validation() == null ? "—" : Html.num(r.validation().prAuc()),
                "classifier trained on 80% of the training rows plus the synthetic rows, scored on the other 20%");
        row(b, results, "PR-AUC weighted", r -> r.validation() == null ? "—" : Html.num(r.validation().weightedPrAuc()),
                "the same 80%, minority weighted instead of augmented; synthetic rows should beat it");
        row(b, results, "Warning", AugmentReport::warningCell,
                "set when the synthetic rows did worse than weighting on the held-out rows, or when the GAN's coverage"
                        + " in training fell below half of its best (mode collapse)");
        b.append("<tr><th colspan=\"").append(results.size() + 2).append("\">Synthetic rows</th></tr>\n");
        row(b, results, "Rows made", r -> Integer.toString(r.synthetic().size()), "synthetic minority rows added to training");
        row(b, results, "Seconds to make", r -> Html.num(r.trainSeconds()), "GAN training, or SMOTE's neighbour search and interpolation");
        row(b, results, "Generator", r -> Html.escape(r.modelVersion()), "method and seed, or the sha256 prefix of the GAN's ONNX graph");
        qualityRow(b, results, "KSComplement", QualityScores::ksComplement, "mean over numeric columns of 1 − the KS statistic; 1 = same distributions");
        qualityRow(b, results, "TVComplement", QualityScores::tvComplement, "mean over categorical columns of 1 − the total variation distance");
        qualityRow(b, results, "Correlation similarity", QualityScores::correlationSimilarity, "mean over numeric column pairs of 1 − |Δρ| / 2");
        qualityRow(b, results, "Detection AUC", QualityScores::detectionAuc, "3-fold logistic regression telling synthetic from real; 0.5 = indistinguishable");
        qualityRow(b, results, "DCR ratio", QualityScores::dcrRatio, "median distance synthetic→train over holdout→train; far below 1 = close to copies");
        qualityRow(b, results, "Density", QualityScores::density, "synthetic rows inside real rows' 5-NN balls, per ball count; about 1 = where real rows are (Naeem et al. 2020)");
        qualityRow(b, results, "Coverage", QualityScores::coverage, "share of real minority rows with a synthetic row within their 5-NN radius; low = parts of the class missed (mode collapse)");
        row(b, results, "Exact copies", r -> r.quality() == null ? "—" : Integer.toString(r.quality().exactCopies()),
                "synthetic rows identical (encoded) to a real minority training row");
        return b.append("</table>\n").toString();
    }

    private static String warningCell(AugmentResult r) {
        List<String> what = new ArrayList<>();
        if (r.validation() != null && r.validation().warning() != null) {
            what.add("worse than weighting");
        }
        if (r.collapseWarning() != null) {
            what.add("coverage collapsed");
        }
        return what.isEmpty() ? "—" : "<strong>" + String.join("; ", what) + "</strong>";
    }

    private static void testRow(StringBuilder b, List<AugmentResult> results, String name,
                                Function<MinorityMetrics, Double> f, String meaning) {
        row(b, results, name, r -> r.test() == null ? "—" : Html.num(f.apply(r.test())), meaning);
    }

    private static void qualityRow(StringBuilder b, List<AugmentResult> results, String name,
                                   Function<QualityScores, Double> f, String meaning) {
        row(b, results, name, r -> r.quality() == null ? "—" : Html.num(f.apply(r.quality())), meaning);
    }

    private static void row(StringBuilder b, List<AugmentResult> results, String name, Function<AugmentResult, String> cell,
                            String meaning) {
        b.append("<tr><td>").append(Html.escape(name)).append("</td>");
        for (AugmentResult r : results) {
            b.append("<td class=\"num\">").append(cell.apply(r)).append("</td>");
        }
        b.append("<td>").append(Html.escape(meaning)).append("</td></tr>\n");
    }

    /** One chart per column scored in some result, in the real table's column order. */
    private static String distributions(List<AugmentResult> results, Table real) {
        List<AugmentResult> made = results.stream().filter(r -> r.method().makesRows() && r.quality() != null).toList();
        if (made.isEmpty()) {
            return "<p class=\"empty\">No method made synthetic rows, so there is nothing to compare.</p>\n";
        }
        Map<String, ColumnQuality> kinds = new LinkedHashMap<>();
        for (AugmentResult r : made) {
            r.quality().columns().forEach(c -> kinds.putIfAbsent(c.column(), c));
        }
        List<Table> samples = new ArrayList<>();
        samples.add(real);
        made.forEach(r -> samples.add(r.synthetic()));
        StringBuilder b = new StringBuilder("<p>Share of each sample's rows per bin or category; numeric bins span the"
                + " 0.5th to 99.5th percentile of all samples (values outside are counted in the edge bins).</p>\n"
                + "<div class=\"charts\">\n");
        for (String column : real.columns()) {
            ColumnQuality kind = kinds.get(column);
            if (kind == null) {
                continue;
            }
            ColumnDistribution d = kind.categorical() ? ColumnDistribution.categorical(samples, column)
                    : ColumnDistribution.numeric(samples, column);
            List<SvgChart.Bars> bars = new ArrayList<>();
            bars.add(new SvgChart.Bars("real minority (" + real.size() + " rows)", d.shares().get(0), REAL_COLOR));
            for (int i = 0; i < made.size(); i++) {
                bars.add(new SvgChart.Bars(made.get(i).method().key() + " (" + made.get(i).synthetic().size() + " rows)",
                        d.shares().get(i + 1), SvgChart.color(colorOf(made.get(i).method()))));
            }
            String svg = d.categorical()
                    ? SvgChart.categoryBars(column, "", "share of rows", d.categories(), bars)
                    : SvgChart.histogram(column, d.log() ? "log1p(" + column + ")" : column, "share of rows", d.edges(), bars, null);
            b.append("<figure>\n").append(svg).append("<figcaption>").append(Html.escape(kind.metric())).append(": ");
            for (int i = 0; i < made.size(); i++) {
                AugmentResult r = made.get(i);
                double score = r.quality().columns().stream().filter(c -> c.column().equals(column))
                        .mapToDouble(ColumnQuality::score).findFirst().orElse(Double.NaN);
                b.append(i == 0 ? "" : ", ").append(Html.escape(r.method().key())).append(' ').append(Html.num(score));
            }
            b.append("</figcaption>\n</figure>\n");
        }
        return b.append("</div>\n").toString();
    }

    private static int colorOf(AugmentMethod m) {
        return m == AugmentMethod.SMOTE ? 0 : m == AugmentMethod.GAN ? 1 : 2;
    }

    private static String ganLosses(List<AugmentResult> results) {
        AugmentResult gan = results.stream().filter(r -> r.method() == AugmentMethod.GAN).findFirst().orElse(null);
        if (gan == null || gan.ganHistory().isEmpty()) {
            return "<p class=\"empty\">No GAN training in this comparison.</p>\n";
        }
        List<GanEpoch> h = gan.ganHistory();
        double[] epochs = h.stream().mapToDouble(GanEpoch::epoch).toArray();
        List<SvgChart.Series> series = List.of(
                new SvgChart.Series("critic (WGAN-GP)", epochs, h.stream().mapToDouble(GanEpoch::criticLoss).toArray(),
                        SvgChart.color(0), false, false),
                new SvgChart.Series("generator", epochs, h.stream().mapToDouble(GanEpoch::generatorLoss).toArray(),
                        SvgChart.color(1), false, false));
        SvgChart.Range x = epochs.length == 1 ? new SvgChart.Range(0, 2) : new SvgChart.Range(epochs[0], epochs[epochs.length - 1]);
        GanEpoch last = h.get(h.size() - 1);
        return "<div class=\"charts\">\n<figure>\n"
                + SvgChart.line("GAN losses per epoch", "epoch", "mean loss", series, x, null, null)
                + "<figcaption>Mean critic loss (gradient penalty included) and generator loss (adversarial +"
                + " conditional cross-entropy) per epoch; " + h.size() + " epochs in " + Html.num(last.seconds())
                + " s. Gaps are epochs with a non-finite loss.</figcaption>\n</figure>\n"
                + coverageCurve(gan, x) + "</div>\n";
    }

    /** The coverage measured during training, on the losses' epoch axis; only the measured epochs are points. */
    private static String coverageCurve(AugmentResult gan, SvgChart.Range x) {
        List<GanEpoch> measured = gan.ganHistory().stream().filter(e -> !Double.isNaN(e.coverage())).toList();
        if (measured.isEmpty()) {
            return "<p class=\"empty\">Coverage was not measured in this training.</p>\n";
        }
        double[] epochs = measured.stream().mapToDouble(GanEpoch::epoch).toArray();
        double[] coverage = measured.stream().mapToDouble(GanEpoch::coverage).toArray();
        double best = java.util.Arrays.stream(coverage).max().orElse(Double.NaN);
        List<SvgChart.Series> series = List.of(
                new SvgChart.Series("coverage", epochs, coverage, SvgChart.color(2), false, false),
                new SvgChart.Series("half of the best", new double[] {x.lo(), x.hi()},
                        new double[] {best * ModeCollapse.SHARE_OF_BEST, best * ModeCollapse.SHARE_OF_BEST},
                        REAL_COLOR, true, false));
        String collapse = gan.collapseWarning();
        return "<figure>\n"
                + SvgChart.line("GAN coverage of the validation sample", "epoch", "coverage (k = 5)", series, x,
                        new SvgChart.Range(0, 1), null)
                + "<figcaption>Share of a fixed, stratified sample of real training rows (up to 2,000) with a generated row"
                + " of the same condition value within their 5-NN radius, averaged over the condition values; measured"
                + " after " + measured.size() + " epochs (the first, every fifth and the last). "
                + (collapse == null ? "The last measurement is at least half of the best."
                : "<strong>The last measurement is below half of the best: mode collapse.</strong>")
                + "</figcaption>\n</figure>\n";
    }
}
