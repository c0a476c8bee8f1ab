package io.ganwatch.model;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The conformal p-value p = (1 + #calibration scores ≥ s) / (n + 1), and how the scores are stored. */
class CalibrationScoresTest {
    private static final CalibrationScores FOUR = CalibrationScores.of(new float[] {3f, 1f, 2f, 2f});

    @Test
    void countsTheCalibrationScoresAtOrAboveTheScore() {
        assertThat(FOUR.pValue(2.5)).isEqualTo(2.0 / 5); // 3 only
        assertThat(FOUR.pValue(1.5)).isEqualTo(4.0 / 5); // 2, 2, 3
    }

    @Test
    void tiesCountAsAtOrAbove() {
        assertThat(FOUR.pValue(2.0)).isEqualTo(4.0 / 5); // both 2s and the 3
        assertThat(FOUR.pValue(3.0)).isEqualTo(2.0 / 5);
        assertThat(FOUR.pValue(1.0)).isEqualTo(5.0 / 5);
        CalibrationScores allSame = CalibrationScores.of(new float[] {7f, 7f, 7f});
        assertThat(allSame.pValue(7.0)).isEqualTo(1.0);
        assertThat(allSame.pValue(Math.nextUp(7.0))).isEqualTo(1.0 / 4);
    }

    @Test
    void extremesAreOneOverNPlusOneAndOne() {
        assertThat(FOUR.pValue(1e30)).isEqualTo(1.0 / 5);
        assertThat(FOUR.pValue(Double.POSITIVE_INFINITY)).isEqualTo(1.0 / 5);
        assertThat(FOUR.pValue(-1e30)).isEqualTo(1.0);
        assertThat(FOUR.pValue(Double.NEGATIVE_INFINITY)).isEqualTo(1.0);
        assertThat(FOUR.pValue(Double.NaN)).isNaN();
        CalibrationScores one = CalibrationScores.of(new float[] {0.5f});
        assertThat(one.pValue(0.4)).isEqualTo(1.0);
        assertThat(one.pValue(0.6)).isEqualTo(0.5);
    }

    @Test
    void agreesWithCountingOnRandomScores() {
        Random r = new Random(11);
        float[] cal = new float[999];
        for (int i = 0; i < cal.length; i++) {
            cal[i] = (float) Math.round(r.nextGaussian() * 20) / 4; // many ties
        }
        CalibrationScores c = CalibrationScores.of(cal);
        for (int t = 0; t < 500; t++) {
            double s = t % 5 == 0 ? cal[r.nextInt(cal.length)] : r.nextGaussian() * 6;
            int atOrAbove = 0;
            for (float x : cal) {
                atOrAbove += x >= s ? 1 : 0;
            }
            assertThat(c.pValue(s)).as("p of %s", s).isEqualTo((1.0 + atOrAbove) / (cal.length + 1));
        }
    }

    @Test
    void aNormalScoreIsAsLikelyToBeAnyPValue() {
        // Exchangeability: for a fresh normal score, P(p ≤ α) ≈ α; that is what makes p a calibrated "1 in N".
        Random r = new Random(5);
        float[] cal = new float[2000];
        for (int i = 0; i < cal.length; i++) {
            cal[i] = (float) Math.exp(r.nextGaussian());
        }
        CalibrationScores c = CalibrationScores.of(cal);
        int below = 0;
        int n = 50_000;
        for (int i = 0; i < n; i++) {
            below += c.pValue((float) Math.exp(r.nextGaussian())) <= 0.05 ? 1 : 0;
        }
        assertThat((double) below / n).isCloseTo(0.05, within(0.01));
    }

    @Test
    void storesTheScoresSortedAsAJsonArray() throws Exception {
        String json = ModelBundle.json().writeValueAsString(FOUR);
        assertThat(json.replace(" ", "")).isEqualTo("[1.0,2.0,2.0,3.0]");
        CalibrationScores back = ModelBundle.json().readValue("[3.0, 1.0, 2.0, 2.0]", CalibrationScores.class);
        assertThat(back).isEqualTo(FOUR);
        assertThat(back.size()).isEqualTo(4);
        float[] values = back.values();
        values[0] = 99f; // a copy: the stored scores do not change
        assertThat(back.values()[0]).isEqualTo(1f);
    }

    @Test
    void refusesNoScoresOrNaN() {
        assertThatThrownBy(() -> CalibrationScores.of(new float[0])).hasMessageContaining("retrain");
        assertThatThrownBy(() -> CalibrationScores.of(new float[] {1f, Float.NaN})).hasMessageContaining("NaN");
    }
}
