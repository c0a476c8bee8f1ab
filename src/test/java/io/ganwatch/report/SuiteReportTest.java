package io.ganwatch.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

class SuiteReportTest {
    @TempDir
    Path dir;

    private static Map<String, double[]> peers(double iforest, double knn) {
        Map<String, double[]> p = new LinkedHashMap<>();
        p.put("iforest", new double[] {iforest, iforest / 2});
        p.put("knn", new double[] {knn, knn / 2});
        return p;
    }

    private static List<SuiteReport.Row> rows() {
        return List.of(
                new SuiteReport.Row("38_thyroid", 0.98, 0.70, peers(0.99, 0.95), null),
                new SuiteReport.Row("27_Page<Blocks>", 0.97, 0.60, peers(0.90, 0.95), null),
                new SuiteReport.Row("4_breastw", Double.NaN, Double.NaN, peers(0.99, 0.98), "training needs at least 768 rows"));
    }

    @Test
    void eachSetHasABarPerDetectorAndTheGapToTheBestPeer() throws Exception {
        Path file = dir.resolve("suite.html");
        SuiteReport.write(file, "suite", Map.of("seeds", "3"), rows());
        String page = Files.readString(file);

        assertThat(page).contains("<h2>Per set</h2>", "ROC-AUC per set", "PR-AUC per set");
        // two charts x (ganwatch on 2 sets + 2 peers on 3 sets); the failed set draws no ganwatch bar
        assertThat(count(page, "fill-opacity=\"0.7\"")).isEqualTo(2 * (2 + 2 * 3));
        assertThat(page).contains("ganwatch", "iforest", "knn");
        assertThat(page).contains("<td>38_thyroid</td><td class=\"num\">0.9800</td><td>iforest</td><td class=\"num\">-0.0100</td>");
        assertThat(page).contains("27_Page&lt;Blocks&gt;").doesNotContain("27_Page<Blocks>");
        assertThat(page).contains("+0.0200"); // 0.97 against kNN's 0.95
        assertThat(page).contains("failed: training needs at least 768 rows");
        assertThat(page).contains("ROC-AUC ahead of the best peer on 1 of 3 sets; mean ROC-AUC gap +0.0050.");
    }

    @Test
    void rocBarsRiseFromChanceOrBelowItAndPrBarsFromZero() {
        String high = SuiteReport.render("suite", Map.of(), List.of(new SuiteReport.Row("a", 0.98, 0.3, peers(0.9, 0.94), null)));
        List<Double> roc = heights(high.substring(0, high.indexOf("PR-AUC per set")));
        // ganwatch, iforest, knn, drawn from 0.5
        assertThat(roc).hasSize(3);
        assertThat(roc.get(0) / roc.get(1)).isCloseTo((0.98 - 0.5) / (0.9 - 0.5), offset(0.02));
        assertThat(roc.get(2) / roc.get(1)).isCloseTo((0.94 - 0.5) / (0.9 - 0.5), offset(0.02));
        List<Double> pr = heights(high.substring(high.indexOf("PR-AUC per set")));
        assertThat(pr.get(0) / pr.get(1)).isCloseTo(0.3 / 0.45, offset(0.02));

        // a detector worse than chance (0.45) still gets a bar: the axis starts lower, at 0.3
        String low = SuiteReport.render("suite", Map.of(), List.of(new SuiteReport.Row("a", 0.9, 0.3, peers(0.45, 0.6), null)));
        List<Double> lowRoc = heights(low.substring(0, low.indexOf("PR-AUC per set")));
        assertThat(lowRoc).hasSize(3);
        assertThat(lowRoc.get(0) / lowRoc.get(1)).isCloseTo((0.9 - 0.3) / (0.45 - 0.3), offset(0.05));
    }

    @Test
    void anEmptySuiteOrAMalformedPeerIsRefused() {
        assertThatThrownBy(() -> SuiteReport.render("suite", Map.of(), List.of()))
                .hasMessageContaining("at least one set");
        assertThatThrownBy(() -> new SuiteReport.Row("a", 0.5, 0.5, Map.of("knn", new double[] {0.5}), null))
                .hasMessageContaining("knn").hasMessageContaining("{ROC-AUC, PR-AUC}");
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static List<Double> heights(String svg) {
        Matcher m = Pattern.compile("<rect x=\"[^\"]+\" y=\"[^\"]+\" width=\"[^\"]+\" height=\"([0-9.]+)\" fill=\"[^\"]+\" fill-opacity=\"0.7\"").matcher(svg);
        List<Double> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(Double.parseDouble(m.group(1)));
        }
        return out;
    }
}
