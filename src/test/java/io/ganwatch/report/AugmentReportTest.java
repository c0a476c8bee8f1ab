package io.ganwatch.report;

import io.ganwatch.augment.AugmentMethod;
import io.ganwatch.augment.AugmentResult;
import io.ganwatch.augment.ColumnQuality;
import io.ganwatch.augment.QualityScores;
import io.ganwatch.augment.classify.ClassifierKind;
import io.ganwatch.augment.classify.MinorityMetrics;
import io.ganwatch.augment.gan.GanEpoch;
import io.ganwatch.input.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AugmentReportTest {
    @TempDir
    Path dir;

    private static final List<String> COLUMNS = List.of("amount", "channel", "label");

    private static Table rows(String source, int n, double shift, long seed) {
        Random r = new Random(seed);
        List<Table.Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new Table.Row(i + 1, new Object[] {50 + shift + 10 * r.nextGaussian(), r.nextDouble() < 0.7 ? "web" : "pos<&>",
                    "fraud"}));
        }
        return new Table(source, COLUMNS, rows);
    }

    private static AugmentResult result(AugmentMethod m, Table synthetic, double ks, List<GanEpoch> history) {
        QualityScores q = m == AugmentMethod.NONE ? null : new QualityScores(ks, 0.9, 0.95, 0.6, 0.8, 1.05, ks - 0.1, 1,
                List.of(new ColumnQuality("amount", false, ks), new ColumnQuality("channel", true, 0.9),
                        new ColumnQuality("label", true, 1.0)));
        return new AugmentResult(m, Set.of("fraud"), ClassifierKind.XGBOOST, synthetic, m == AugmentMethod.NONE ? 0 : 2.5,
                new MinorityMetrics(0.5, 0.4, 0.444, 0.35, 0.91), q, history, m.key() + "-test");
    }

    private static String page() {
        List<GanEpoch> history = List.of(new GanEpoch(1, 1.5, -0.5, 1.0, 0.4), new GanEpoch(2, 0.9, -0.2, 2.0),
                new GanEpoch(3, 0.4, 0.1, 3.0, 0.7));
        List<AugmentResult> results = List.of(
                result(AugmentMethod.NONE, new Table("none", COLUMNS, List.of()), 0, List.of()),
                result(AugmentMethod.SMOTE, rows("smote", 300, 0, 2), 0.93, List.of()),
                result(AugmentMethod.GAN, rows("gan", 300, 8, 3), 0.71, history));
        return AugmentReport.render("augment <test>", Map.of("seed", "42"), results, rows("real", 60, 0, 1));
    }

    @Test
    void showsTheMethodsSideBySideWithDistributionsAndGanLosses() {
        String html = page();
        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        assertThat(html).contains("<th>none</th><th>smote</th><th>gan</th>");
        assertThat(html).contains("<td class=\"num\">0.9100</td>"); // ROC-AUC
        assertThat(html).contains("<td>KSComplement</td><td class=\"num\">—</td><td class=\"num\">0.9300</td><td class=\"num\">0.7100</td>");
        assertThat(html).contains("<td>Coverage</td><td class=\"num\">—</td><td class=\"num\">0.8300</td><td class=\"num\">0.6100</td>");
        assertThat(html).contains("<td>Density</td><td class=\"num\">—</td><td class=\"num\">1.0500</td>");
        // One chart per scored column, plus the GAN losses and its coverage.
        assertThat(html.split("<svg ", -1).length - 1).isEqualTo(3 + 2);
        assertThat(html).contains("real minority (60 rows)", "smote (300 rows)", "gan (300 rows)");
        assertThat(html).contains("KSComplement: smote 0.9300, gan 0.7100");
        assertThat(html).contains("GAN losses per epoch", "critic (WGAN-GP)", "3 epochs in 3.0000 s");
        assertThat(html).contains("GAN coverage of the validation sample", "measured after 2 epochs",
                "at least half of the best");
        assertThat(html).doesNotContain("coverage collapsed");
    }

    @Test
    void aCollapsedCoverageCurveIsFlaggedInTheTableAndUnderTheChart() {
        List<GanEpoch> history = List.of(new GanEpoch(1, 1.5, -0.5, 1.0, 0.8), new GanEpoch(5, 0.9, -0.2, 2.0, 0.3));
        String html = AugmentReport.render("t", Map.of(), List.of(result(AugmentMethod.GAN, rows("gan", 50, 0, 3), 0.9, history)),
                rows("real", 60, 0, 1));
        assertThat(html).contains("<strong>coverage collapsed</strong>", "below half of the best: mode collapse");
    }

    @Test
    void escapesTextFromTheDataAndLoadsNothing() {
        String html = page();
        assertThat(html).contains("augment &lt;test&gt;", "pos&lt;&amp;&gt;");
        assertThat(html).doesNotContain("pos<&>", "<script", "<link ", "src=\"http");
    }

    @Test
    void withoutSyntheticRowsOrGanItSaysSo() throws Exception {
        Path f = dir.resolve("r.html");
        AugmentReport.write(f, "t", Map.of(), List.of(result(AugmentMethod.NONE, new Table("none", COLUMNS, List.of()), 0, List.of())),
                rows("real", 10, 0, 1));
        String html = Files.readString(f);
        assertThat(html).contains("nothing to compare", "No GAN training");
        assertThatThrownBy(() -> AugmentReport.render("t", Map.of(), List.of(), rows("real", 10, 0, 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
