package io.ganwatch.scoring;

import io.ganwatch.features.FeatureSpec;
import io.ganwatch.features.MissingPolicy;
import io.ganwatch.features.NumericColumn;
import io.ganwatch.model.BundleException;
import io.ganwatch.model.BundleMetadata;
import io.ganwatch.model.CalibrationScores;
import io.ganwatch.model.Hashes;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.model.Provenance;
import io.ganwatch.model.Threshold;
import io.ganwatch.model.Versions;
import io.ganwatch.training.AladConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The threshold scoring uses: the bundle's, a fixed one, or one recomputed at a target rate from the kept calibration scores. */
class ScoringThresholdTest {
    private static final float[] CAL = new float[200];

    static {
        for (int i = 0; i < CAL.length; i++) {
            CAL[i] = (i * 37) % 200; // 0..199, shuffled
        }
    }

    static ModelBundle bundle(CalibrationScores scores) {
        byte[] graph = {1, 2, 3};
        FeatureSpec spec = new FeatureSpec(List.of(new NumericColumn("bytes", true, 1, 2, 3, 10)), MissingPolicy.IMPUTE);
        Provenance p = new Provenance("in.csv", "abc", "csv", 10, 9, 7, 1, 1, 42, Versions.all(), 1.5, Hashes.sha256(graph));
        BundleMetadata m = new BundleMetadata(BundleMetadata.FORMAT, BundleMetadata.FORMAT_VERSION, "net", "v1", "2026-01-01T00:00:00Z",
                spec, spec.featureNames(), ThresholdCalibrator.calibrate(CAL, 0.01), AladConfig.defaults(42), 4, 3, List.of(),
                Map.of(), p, scores, null);
        return new ModelBundle(m, graph);
    }

    @Test
    void byDefaultTheBundlesOwnThreshold() {
        ModelBundle b = bundle(CalibrationScores.of(CAL));
        assertThat(ScoringThreshold.BUNDLE.resolve(b)).isEqualTo(b.metadata().threshold().value());
        assertThat(new ScoringThreshold(12.5, null).resolve(b)).isEqualTo(12.5);
    }

    @Test
    void aTargetRateIsAppliedToTheKeptCalibrationScores() {
        ModelBundle b = bundle(CalibrationScores.of(CAL));
        // 200 scores 0..199: at 5% the top 10 (190..199) are flagged; the threshold lies between 189 and 190.
        assertThat(new ScoringThreshold(null, 0.05).resolve(b)).isEqualTo(189.5);
        assertThat(new ScoringThreshold(null, 0.2).resolve(b)).isEqualTo(159.5);
        // The training target gives back the training threshold: the kept scores are the ones it was calibrated on.
        assertThat(new ScoringThreshold(null, 0.01).resolve(b)).isEqualTo(b.metadata().threshold().value());
    }

    @Test
    void aBundleWithoutCalibrationScoresKeepsItsThresholdButRefusesATargetRate() {
        ModelBundle old = bundle(null);
        assertThat(ScoringThreshold.BUNDLE.resolve(old)).isEqualTo(old.metadata().threshold().value());
        assertThat(new ScoringThreshold(3.0, null).resolve(old)).isEqualTo(3.0);
        assertThatThrownBy(() -> new ScoringThreshold(null, 0.05).resolve(old))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("no calibration scores")
                .hasMessageContaining("retrain");
    }

    @Test
    void refusesBothOrOutOfRange() {
        assertThatThrownBy(() -> new ScoringThreshold(1.0, 0.01)).hasMessageContaining("give one of them");
        assertThatThrownBy(() -> new ScoringThreshold(null, 0.0)).hasMessageContaining("(0, 0.5)");
        assertThatThrownBy(() -> new ScoringThreshold(null, 0.7)).hasMessageContaining("(0, 0.5)");
        assertThatThrownBy(() -> new ScoringThreshold(Double.NaN, null)).hasMessageContaining("finite");
    }
}
