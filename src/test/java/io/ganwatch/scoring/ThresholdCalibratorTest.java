package io.ganwatch.scoring;

import io.ganwatch.model.Threshold;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ThresholdCalibratorTest {

    @Test
    void flagsAtMostTheTargetShareOfCalibrationRows() {
        float[] scores = new float[1000];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = i; // 0..999
        }
        Threshold t = ThresholdCalibrator.calibrate(scores, 0.01);
        // 10 of 1000 may be flagged: 990..999; the threshold lies between 989 and 990.
        assertThat(t.value()).isCloseTo(989.5, within(1e-9));
        assertThat(t.observedFpr()).isEqualTo(0.01);
        assertThat(t.rows()).isEqualTo(1000);
    }

    @Test
    void generalisesToFreshNormalScoresFromTheSameDistribution() {
        Random r = new Random(3);
        float[] cal = new float[5000];
        for (int i = 0; i < cal.length; i++) {
            cal[i] = (float) Math.exp(r.nextGaussian());
        }
        Threshold t = ThresholdCalibrator.calibrate(cal, 0.05);
        int flagged = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            if (Math.exp(r.nextGaussian()) >= t.value()) {
                flagged++;
            }
        }
        assertThat((double) flagged / n).isCloseTo(0.05, within(0.01));
    }

    @Test
    void withTooFewRowsToFlagAnyTheThresholdSitsJustAboveTheMaximum() {
        Threshold t = ThresholdCalibrator.calibrate(new float[]{1f, 2f, 3f}, 0.01);
        assertThat(t.value()).isGreaterThan(3.0);
        assertThat(t.observedFpr()).isZero();
    }

    @Test
    void tiesAreNeverSplitIntoFlaggedAndUnflagged() {
        float[] scores = new float[100];
        java.util.Arrays.fill(scores, 5f);
        Threshold t = ThresholdCalibrator.calibrate(scores, 0.1);
        assertThat(t.observedFpr()).isLessThanOrEqualTo(0.1);
    }

    @Test
    void rejectsBadTargets() {
        assertThatThrownBy(() -> ThresholdCalibrator.calibrate(new float[]{1f}, 0)).hasMessageContaining("(0, 1)");
        assertThatThrownBy(() -> ThresholdCalibrator.calibrate(new float[0], 0.01)).hasMessageContaining("calibration");
    }
}
