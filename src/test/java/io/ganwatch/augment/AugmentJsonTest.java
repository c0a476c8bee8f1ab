package io.ganwatch.augment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ganwatch.augment.classify.ClassifierKind;
import io.ganwatch.augment.classify.MinorityMetrics;
import io.ganwatch.input.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AugmentJsonTest {
    @TempDir
    Path dir;

    private static AugmentResult result(MinorityMetrics test, QualityScores quality) {
        Table synth = new Table("smote", List.of("a", "label"), Collections.nCopies(3, new Table.Row(1, new Object[] {1.0, "x"})));
        return new AugmentResult(AugmentMethod.SMOTE, new LinkedHashSet<>(List.of("perl", "rootkit", "buffer_overflow")),
                ClassifierKind.XGBOOST, synth, 1.25, test, quality, List.of(), "smote-k5-seed1");
    }

    private static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void hasExactlyTheIssuesKeys() throws Exception {
        Path f = dir.resolve("r.json");
        AugmentJson.write(AugmentJson.toJson(result(new MinorityMetrics(0.5, 0.25, 1.0 / 3, 0.4, 0.9),
                new QualityScores(0.9, 0.8, 0.95, 0.7, 0.6, 0.85, 0.42, 2, List.of(new ColumnQuality("a", false, 0.9))))), f);
        JsonNode j = new ObjectMapper().readTree(f.toFile());
        assertThat(keys(j)).containsExactly("method", "minority", "classifier", "synthetic_rows", "train_seconds", "stopped_by_time_budget", "test",
                "validation", "auto", "filter", "gan_sampling", "gan_fine_tune", "warning", "quality");
        assertThat(keys(j.get("test"))).containsExactly("precision", "recall", "f1", "pr_auc", "roc_auc");
        assertThat(keys(j.get("quality"))).containsExactly("ks_complement", "tv_complement", "correlation_similarity",
                "detection_auc", "dcr_ratio", "density", "coverage", "exact_copies");
        assertThat(j.get("method").asText()).isEqualTo("smote");
        assertThat(j.get("minority").asText()).isEqualTo("perl,rootkit,buffer_overflow");
        assertThat(j.get("classifier").asText()).isEqualTo("xgboost");
        assertThat(j.get("synthetic_rows").asInt()).isEqualTo(3);
        assertThat(j.get("train_seconds").asDouble()).isEqualTo(1.25);
        assertThat(j.at("/test/roc_auc").asDouble()).isEqualTo(0.9);
        assertThat(j.at("/quality/density").asDouble()).isEqualTo(0.85);
        assertThat(j.at("/quality/coverage").asDouble()).isEqualTo(0.42);
        assertThat(j.at("/quality/exact_copies").isInt()).isTrue();
        assertThat(j.at("/quality/exact_copies").asInt()).isEqualTo(2);
    }

    @Test
    void aCollapsedCoverageCurveAndAFailedValidationBothReachTheWarning() throws Exception {
        AugmentResult base = result(null, null);
        AugmentResult r = new AugmentResult(AugmentMethod.GAN, base.minority(), base.classifier(), base.synthetic(), 1, null, null,
                List.of(new io.ganwatch.augment.gan.GanEpoch(1, 1, -1, 1, 0.8), new io.ganwatch.augment.gan.GanEpoch(5, 1, -1, 2, 0.2)),
                "gan-x", false, new ValidationCheck(0.3, 0.5, "the synthetic rows lower the validation PR-AUC"));
        JsonNode j = new ObjectMapper().readTree(AugmentJson.toText(r));
        assertThat(j.get("warning").asText()).startsWith("the synthetic rows lower the validation PR-AUC; the GAN's coverage")
                .contains("mode collapse");
    }

    @Test
    void nanBecomesNullAndAbsentPartsAreNull() throws Exception {
        JsonNode j = new ObjectMapper().readTree(AugmentJson.toText(
                result(null, new QualityScores(0.9, Double.NaN, 0.95, 0.7, Double.NaN, Double.NaN, Double.NaN, 0))));
        assertThat(j.get("test").isNull()).isTrue();
        assertThat(j.at("/quality/tv_complement").isNull()).isTrue();
        assertThat(j.at("/quality/dcr_ratio").isNull()).isTrue();
        assertThat(j.at("/quality/density").isNull()).as("undefined with at most k real rows").isTrue();
        assertThat(j.at("/quality/coverage").isNull()).isTrue();
        assertThat(j.at("/quality/ks_complement").asDouble()).isEqualTo(0.9);
        JsonNode none = new ObjectMapper().readTree(AugmentJson.toText(result(null, null)));
        assertThat(none.get("quality").isNull()).isTrue();
    }
}
