package io.ganwatch.recalibration;

import io.ganwatch.model.BundleSigning;
import io.ganwatch.model.Hashes;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.streams.ConnModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A recalibrated bundle: a new version with the same graph bytes, the proposed threshold and a
 * {@code recalibration} record, which saves, loads and signs like any bundle; a trained bundle has no
 * such field and loads as before.
 */
class RecalibratorTest {
    @TempDir
    static Path dir;
    static ModelBundle trained;

    @BeforeAll
    static void train() {
        trained = ConnModels.train("conn", 3);
    }

    private static ThresholdProposal proposal(double threshold) {
        return new ThresholdProposal(threshold, RecalibrationTarget.precision(0.9), 0.92, 33, 0.85, 0.004, false, 33,
                trained.metadata().threshold().value(), 0.75, 1.03, 40, 40, 39);
    }

    @Test
    void theNewVersionKeepsTheGraphAndSaysWhyTheThresholdMoved() {
        double old = trained.metadata().threshold().value();
        ModelBundle r = Recalibrator.apply(trained, proposal(old * 1.5), "alerts", "feedback", Instant.parse("2030-01-02T03:04:05Z"));
        r.save(dir.resolve("recalibrated"));
        ModelBundle loaded = ModelBundle.load(dir.resolve("recalibrated"));

        assertThat(loaded.graph()).isEqualTo(trained.graph());
        assertThat(loaded.metadata().provenance().graphSha256()).isEqualTo(Hashes.sha256(trained.graph()));
        assertThat(loaded.metadata().threshold().value()).isEqualTo(old * 1.5);
        assertThat(loaded.metadata().threshold().observedFpr()).isEqualTo(0.004);
        assertThat(loaded.metadata().threshold().rows()).isEqualTo(trained.metadata().calibrationScores().size());
        assertThat(loaded.metadata().version()).isEqualTo("20300102T030405Z-" + trained.metadata().provenance().graphSha256().substring(0, 8))
                .isNotEqualTo(trained.metadata().version());
        assertThat(loaded.metadata().modelId()).isEqualTo("conn");
        assertThat(loaded.metadata().calibrationScores()).isEqualTo(trained.metadata().calibrationScores());
        assertThat(loaded.metadata().profile()).isEqualTo(trained.metadata().profile());
        var why = loaded.metadata().recalibration();
        assertThat(why.previousVersion()).isEqualTo(trained.metadata().version());
        assertThat(why.previousThreshold()).isEqualTo(old);
        assertThat(why.target()).isEqualTo("precision >= 0.9");
        assertThat(why.verdictsUsed()).isEqualTo(40);
        assertThat(why.alertsUsed()).isEqualTo(40);
        assertThat(why.expectedPrecision()).isEqualTo(0.92);
        assertThat(why.alertsTopic()).isEqualTo("alerts");
        assertThat(why.feedbackTopic()).isEqualTo("feedback");
        assertThat(why.reason()).startsWith("analyst feedback: precision >= 0.9 on 40 decided verdicts over 40 alerts; threshold ");
    }

    @Test
    void aSignedBundleComesBackUnsignedAndSignsAgain() {
        Path keys = dir.resolve("keys");
        BundleSigning.generate(keys);
        ModelBundle signed = BundleSigning.sign(trained, keys.resolve(BundleSigning.PRIVATE_FILE));
        ModelBundle r = Recalibrator.apply(signed, proposal(trained.metadata().threshold().value() + 1), "a", "f", Instant.now());
        var trusted = BundleSigning.trustedKeys(keys);
        assertThat(r.metadata().signature()).isNull();
        assertThat(BundleSigning.verify(r, trusted)).isEqualTo(BundleSigning.Verdict.UNSIGNED);
        assertThat(BundleSigning.verify(BundleSigning.sign(r, keys.resolve(BundleSigning.PRIVATE_FILE)), trusted))
                .isEqualTo(BundleSigning.Verdict.TRUSTED);
    }

    @Test
    void aTrainedBundleHasNoRecalibrationAndAnUnchangedThresholdIsNotPublished() {
        assertThat(new String(trained.metadataJson(), StandardCharsets.UTF_8)).doesNotContain("recalibration");
        assertThat(trained.metadata().recalibration()).isNull();
        assertThatThrownBy(() -> Recalibrator.apply(trained, proposal(trained.metadata().threshold().value()), "a", "f", Instant.now()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("there is nothing to publish");
        assertThat(Recalibrator.targetFpr(0, 99)).isEqualTo(0.01);
        assertThat(Recalibrator.targetFpr(0.2, 99)).isEqualTo(0.2);
        assertThat(Recalibrator.targetFpr(1, 99)).isEqualTo(0.99);
    }
}
