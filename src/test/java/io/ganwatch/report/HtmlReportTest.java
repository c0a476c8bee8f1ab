package io.ganwatch.report;

import io.ganwatch.evaluation.Metrics;
import io.ganwatch.evaluation.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HtmlReportTest {
    private static final String EVIL = "<script>alert('x')</script>";

    @TempDir
    Path dir;

    @Test
    void writesOneSelfContainedPageWithEveryChart() throws Exception {
        ReportData data = sample("Evaluation " + EVIL, 1, true);
        Path file = dir.resolve("report.html");
        HtmlReport.write(file, data);
        String page = Files.readString(file, StandardCharsets.UTF_8);

        assertThat(page).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        // ROC, PR, histogram, loss curves, checkpoint criterion.
        assertThat(count(page, "<svg")).isEqualTo(5);
        assertThat(page).contains("ROC curve", "Precision-recall curve", "Scores by class", "Training loss",
                "Checkpoint criterion");
        Metrics m = data.metrics();
        assertThat(page).contains(Html.num(m.rocAuc()), Html.num(m.prAuc()), Html.num(m.precision()),
                Html.num(m.recall()), Html.num(m.f1()), Html.num(m.f1AtContamination()), Html.num(m.threshold()),
                ">" + m.rows() + "<", ">" + m.anomalies() + "<");
        assertThat(page).contains("model-7", "seed").contains("kept: epoch 3");
        assertThat(page).doesNotContain("<script", "<link", "<img", "@import", "url(");
    }

    @Test
    void escapesTextFromTheData() {
        String page = HtmlReport.render(sample(EVIL, 2, true));
        assertThat(page).doesNotContain("<script>").doesNotContain(EVIL);
        assertThat(page).contains("<title>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</title>");
        assertThat(page).contains("<h1>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</h1>");
        assertThat(page).contains("&lt;b&gt;data&lt;/b&gt;.csv", "fact &amp; key", "loss &lt;d&gt;");
    }

    @Test
    void referencesNoUrlButTheSvgNamespace() {
        String page = HtmlReport.render(sample("r", 3, true));
        Matcher m = Pattern.compile("https?://[^\"'\\s<>)]*").matcher(page);
        List<String> urls = new ArrayList<>();
        while (m.find()) {
            urls.add(m.group());
        }
        assertThat(urls).isNotEmpty().allMatch(u -> u.equals("http://www.w3.org/2000/svg"));
        assertThat(urls).hasSize(count(page, "<svg"));
    }

    @Test
    void histogramMarksTheThresholdAndExplainsClampedOutliers() {
        String page = HtmlReport.render(sample("r", 4, true));
        String figure = page.substring(page.indexOf("<figure class=\"histogram\">"));
        figure = figure.substring(0, figure.indexOf("</figure>"));
        assertThat(figure).contains("class=\"marker\"").contains("threshold 1.5000");
        assertThat(figure).contains("0.5th to 99.5th percentile").contains("counted in the edge bins");
        // The 1e6 outlier lies far beyond the 99.5th percentile, so at least it is reported as clamped.
        Matcher above = Pattern.compile("(\\d+) above").matcher(figure);
        assertThat(above.find()).isTrue();
        assertThat(Integer.parseInt(above.group(1))).isPositive();
    }

    @Test
    void rendersWithoutTrainingCurves() {
        ReportData full = sample("r", 5, false);
        String page = HtmlReport.render(full);
        assertThat(page).contains("No training curves are available");
        assertThat(count(page, "<svg")).isEqualTo(3);
    }

    @Test
    void benchmarkPageHasARowPerRunWithMeanAndStd() throws Exception {
        List<ReportData> runs = List.of(sample("seed 1", 11, true), sample("seed 2", 12, true),
                sample("seed 3 " + EVIL, 13, true));
        List<Metrics> ms = runs.stream().map(ReportData::metrics).toList();
        Metrics mean = Summary.mean(ms);
        Path file = dir.resolve("bench.html");
        HtmlReport.writeBenchmark(file, "thyroid benchmark", Map.of("dataset", "thyroid"), runs, mean);
        String page = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(page).contains("seed 1", "seed 2", "<strong>mean</strong>", "<strong>std</strong>", "thyroid");
        assertThat(page).doesNotContain("<script>");
        for (Metrics m : ms) {
            assertThat(page).contains(Html.num(m.rocAuc()));
        }
        assertThat(page).contains(Html.num(mean.rocAuc()), Html.num(Summary.std(ms).get("roc_auc")));
        assertThat(page).contains("<td class=\"num\">331</td>").doesNotContain("331.0000");
        assertThat(count(page, "<svg")).isEqualTo(5);
        assertThat(page.length()).isLessThan(400_000);
        assertThatThrownBy(() -> HtmlReport.renderBenchmark("t", Map.of(), List.of(), mean))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reportDataRejectsMismatchedInput() {
        Metrics m = sample("r", 6, true).metrics();
        assertThatThrownBy(() -> new ReportData("t", Map.of(), m, new double[2], new boolean[3], Map.of(),
                new double[0], -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReportData("t", Map.of(), m, new double[2], new boolean[2], Map.of(),
                new double[0], 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** 300 normal rows around 0, 30 anomalies around 3, one extreme outlier; threshold 1.5. */
    private static ReportData sample(String title, long seed, boolean withTraining) {
        Random r = new Random(seed);
        int n = 331;
        double[] scores = new double[n];
        boolean[] anomalous = new boolean[n];
        for (int i = 0; i < n; i++) {
            anomalous[i] = i >= 300;
            scores[i] = r.nextGaussian() + (anomalous[i] ? 3 : 0);
        }
        scores[n - 1] = 1e6;
        Metrics metrics = Metrics.of(scores, anomalous, 1.5);
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("model", "model-7");
        facts.put("data", "<b>data</b>.csv");
        facts.put("fact & key", "seed " + seed);
        Map<String, double[]> losses = new LinkedHashMap<>();
        double[] auc = new double[0];
        int chosen = -1;
        if (withTraining) {
            losses.put("discriminator", new double[] {1.4, 1.2, 1.1, Double.NaN, 1.0});
            losses.put("loss <d>", new double[] {0.9, 0.8, 0.7, 0.75, 0.72});
            auc = new double[] {0.6, 0.7, 0.9, 0.85, 0.88};
            chosen = 3;
        }
        return new ReportData(title, facts, metrics, scores, anomalous, losses, auc, chosen);
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
