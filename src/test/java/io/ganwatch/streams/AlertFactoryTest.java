package io.ganwatch.streams;

import io.ganwatch.avro.AnomalyAlert;
import io.ganwatch.avro.ScoredRecord;
import io.ganwatch.features.FeatureSpec;
import io.ganwatch.features.MissingPolicy;
import io.ganwatch.features.NumericColumn;
import io.ganwatch.model.BundleMetadata;
import io.ganwatch.model.CalibrationScores;
import io.ganwatch.model.Provenance;
import io.ganwatch.model.Threshold;
import io.ganwatch.model.Versions;
import io.ganwatch.training.AladConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Scores and alerts carry the p-value of the score against the model's calibration scores, or null without them. */
class AlertFactoryTest {
    private static final AlertFactory.Source SRC = new AlertFactory.Source("in", 1, 9, "k", 1_000L);

    static BundleMetadata meta(CalibrationScores scores) {
        FeatureSpec spec = new FeatureSpec(List.of(new NumericColumn("bytes", true, 1, 2, 3, 10)), MissingPolicy.IMPUTE);
        Provenance p = new Provenance("in.csv", "abc", "csv", 10, 9, 7, 1, 1, 42, Versions.all(), 1.5, "00");
        return new BundleMetadata(BundleMetadata.FORMAT, BundleMetadata.FORMAT_VERSION, "net", "v1", "2026-01-01T00:00:00Z",
                spec, spec.featureNames(), new Threshold(3.5, 0.01, 0.0, 4), AladConfig.defaults(42), 4, 3, List.of(),
                Map.of(), p, scores, null);
    }

    @Test
    void scoresAndAlertsCarryThePValue() {
        BundleMetadata m = meta(CalibrationScores.of(new float[] {1f, 2f, 3f, 4f}));
        ScoredRecord s = AlertFactory.scored(SRC, 2.5, 3.5, m);
        assertThat(s.getPValue()).isEqualTo(3.0 / 5); // 3 and 4 are at or above 2.5
        DecodedRecord record = new JsonRecordDecoder().decode("{\"bytes\": 10}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        AnomalyAlert a = AlertFactory.alert(SRC, 9.0, 3.5, m, List.of(), record);
        assertThat(a.getPValue()).isEqualTo(1.0 / 5);
    }

    @Test
    void aModelWithoutCalibrationScoresGivesNoPValue() {
        BundleMetadata old = meta(null);
        assertThat(AlertFactory.scored(SRC, 2.5, 3.5, old).getPValue()).isNull();
        DecodedRecord record = new JsonRecordDecoder().decode("{\"bytes\": 10}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(AlertFactory.alert(SRC, 9.0, 3.5, old, List.of(), record).getPValue()).isNull();
    }

    @Test
    void eachTopFeatureNamesItsValueAndWhetherTrainingNeverSawTheCategory() {
        BundleMetadata m = meta(null);
        DecodedRecord record = new JsonRecordDecoder().decode(
                "{\"bytes\": 10.5, \"merchant_category\": \"5999\", \"country\": null}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<io.ganwatch.detector.Detector.Contribution> top = List.of(
                new io.ganwatch.detector.Detector.Contribution("merchant_category", 5.0, true),
                new io.ganwatch.detector.Detector.Contribution("bytes", 3.0, false),
                new io.ganwatch.detector.Detector.Contribution("country", 1.0, true));
        AnomalyAlert a = AlertFactory.alert(SRC, 9.0, 3.5, m, top, record);
        assertThat(a.getTopFeatures()).extracting(f -> f.getName() + "=" + f.getValue() + "/" + f.getUnseen())
                .containsExactly("merchant_category=5999/true", "bytes=10.5/false", "country=null/false"); // missing is not "unseen"
    }
}
