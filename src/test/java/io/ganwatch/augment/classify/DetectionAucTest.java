package io.ganwatch.augment.classify;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DetectionAucTest {

    private static float[][] sample(int n, double shift, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[n][3];
        for (float[] row : x) {
            for (int f = 0; f < row.length; f++) {
                row[f] = (float) (r.nextGaussian() + (f == 0 ? shift : 0));
            }
        }
        return x;
    }

    @Test
    void twoSamplesOfOneDistributionCannotBeToldApart() {
        double auc = DetectionAuc.defaults().of(sample(300, 0, 1), sample(600, 0, 2), 7);
        assertThat(auc).isBetween(0.4, 0.6);
    }

    @Test
    void aShiftedSampleIsDetected() {
        double auc = DetectionAuc.defaults().of(sample(300, 0, 1), sample(600, 5, 2), 7);
        assertThat(auc).isGreaterThan(0.98);
    }

    @Test
    void aSmallShiftLandsInBetween() {
        double auc = DetectionAuc.defaults().of(sample(400, 0, 1), sample(400, 1, 2), 7);
        assertThat(auc).isBetween(0.65, 0.9);
    }

    @Test
    void sameSeedSameAnswer() {
        DetectionAuc d = DetectionAuc.defaults();
        assertThat(d.of(sample(100, 0.5, 1), sample(200, 0, 2), 3)).isEqualTo(d.of(sample(100, 0.5, 1), sample(200, 0, 2), 3));
    }

    @Test
    void tooFewRowsForTheFoldsGiveNaN() {
        assertThat(DetectionAuc.defaults().of(sample(2, 0, 1), sample(100, 0, 2), 1)).isNaN();
    }

    @Test
    void refusesFewerThanTwoFolds() {
        assertThatThrownBy(() -> new DetectionAuc(1, LogisticConfig.defaults())).hasMessageContaining("2 folds");
    }
}
