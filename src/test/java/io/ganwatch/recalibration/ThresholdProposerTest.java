package io.ganwatch.recalibration;

import io.ganwatch.avro.Verdict;
import io.ganwatch.model.CalibrationScores;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The threshold proposal on constructed scores and verdicts. Calibration scores 1, 2, ..., 100 (so the
 * share at or above t is (101 - t) / 100); 40 alerts emitted at threshold 90 with scores 90 ... 129, one
 * an hour (a span of 39 h); verdicts: 90 ... 99 false positives, 100 ... 129 true positives (30 of 40).
 */
class ThresholdProposerTest {
    private static final long HOUR = 3_600_000L;
    private static final CalibrationScores CAL = calibration();

    private static CalibrationScores calibration() {
        float[] s = new float[100];
        for (int i = 0; i < 100; i++) {
            s[i] = i + 1;
        }
        return CalibrationScores.of(s);
    }

    private static List<JudgedAlert> alerts() {
        List<JudgedAlert> a = new ArrayList<>();
        for (int score = 90; score < 130; score++) {
            a.add(new JudgedAlert("in-0-" + score, score, 90, (score - 90) * HOUR,
                    score < 100 ? Verdict.FALSE_POSITIVE : Verdict.TRUE_POSITIVE));
        }
        return a;
    }

    @Test
    void aTargetPrecisionTakesTheLowestThresholdWhoseVerdictsAboveReachIt() {
        ThresholdProposal p = ThresholdProposer.propose(alerts(), CAL, RecalibrationTarget.precision(0.9));
        // At 97: 33 alerts above, 30 of them true positives (0.909); at 96, 30 of 34 (0.882).
        assertThat(p.threshold()).isEqualTo(97);
        assertThat(p.expectedPrecision()).isEqualTo(30 / 33.0);
        assertThat(p.verdictsAbove()).isEqualTo(33);
        assertThat(p.expectedAlerts()).isEqualTo(33);
        assertThat(p.expectedAlertsPerHour()).isEqualTo(33 / 39.0);
        assertThat(p.normalShare()).isEqualTo(0.04); // 97, 98, 99, 100 of the calibration scores
        assertThat(p.extrapolated()).isFalse();
        assertThat(p.currentThreshold()).isEqualTo(90);
        assertThat(p.currentPrecision()).isEqualTo(0.75);
        assertThat(p.currentAlertsPerHour()).isEqualTo(40 / 39.0);
        assertThat(p.decided()).isEqualTo(40);
        assertThat(p.alerts()).isEqualTo(40);
        assertThat(p.spanHours()).isEqualTo(39);
        assertThat(p.unchanged()).isFalse();
    }

    @Test
    void aPrecisionTheCurrentThresholdBeatsGoesBelowItOnTheCalibrationScoresAsALowerBound() {
        ThresholdProposal p = ThresholdProposer.propose(alerts(), CAL, RecalibrationTarget.precision(0.7));
        // False share at 90 taken as (10 + 1) / (40 + 1); below 90 false alerts grow as q(t) / q(90) = (101 - t) / 11 and
        // true ones stay 40 * 30/41. At 89: 30 / (30 + 12) = 0.714; at 88: 30 / 43 = 0.698.
        assertThat(p.threshold()).isEqualTo(89);
        assertThat(p.extrapolated()).isTrue();
        assertThat(p.expectedPrecision()).isCloseTo(30 / 42.0, within(1e-12));
        assertThat(p.expectedAlerts()).isCloseTo(40 * 42 / 41.0, within(1e-9));
        assertThat(p.expectedAlertsPerHour()).isCloseTo(40 * 42 / 41.0 / 39, within(1e-9));
        assertThat(p.normalShare()).isEqualTo(0.12);
        assertThat(p.verdictsAbove()).isEqualTo(40);
    }

    @Test
    void anAlertBudgetTakesTheLowestThresholdWithinIt() {
        // 0.5 an hour over 39 h: at most 19 alerts, the 19 scoring 111 or more, all true positives.
        ThresholdProposal fewer = ThresholdProposer.propose(alerts(), CAL, RecalibrationTarget.alertsPerHour(0.5));
        assertThat(fewer.threshold()).isEqualTo(111);
        assertThat(fewer.expectedAlerts()).isEqualTo(19);
        assertThat(fewer.expectedAlertsPerHour()).isEqualTo(19 / 39.0);
        assertThat(fewer.expectedPrecision()).isEqualTo(1.0);
        assertThat(fewer.verdictsAbove()).isEqualTo(19);

        // 2 an hour: below 90, expected alerts (1200 + 40 (101 - t)) / 41; 77.07 at 52 (1.976/h), 78.05 at 51 (2.001/h).
        ThresholdProposal more = ThresholdProposer.propose(alerts(), CAL, RecalibrationTarget.alertsPerHour(2));
        assertThat(more.threshold()).isEqualTo(52);
        assertThat(more.extrapolated()).isTrue();
        assertThat(more.expectedAlerts()).isCloseTo(3160 / 41.0, within(1e-9));
        assertThat(more.expectedAlertsPerHour()).isLessThanOrEqualTo(2).isCloseTo(3160 / 41.0 / 39, within(1e-9));
        assertThat(more.expectedPrecision()).isCloseTo(1200 / 3160.0, within(1e-12));
    }

    @Test
    void tooFewDecidedVerdictsAreRefusedAndUnsureDoesNotCount() {
        List<JudgedAlert> a = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            a.add(new JudgedAlert("a" + i, 100 + i, 90, i * HOUR, i < 19 ? Verdict.TRUE_POSITIVE : i < 25 ? Verdict.UNSURE : null));
        }
        assertThatThrownBy(() -> ThresholdProposer.propose(a, CAL, RecalibrationTarget.precision(0.9)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("only 19 decided verdicts (true-positive or false-positive) on 30 alerts at the current"
                        + " threshold 90; a proposal needs at least 20");
        assertThatThrownBy(() -> ThresholdProposer.propose(List.of(), CAL, RecalibrationTarget.precision(0.9)))
                .hasMessageStartingWith("no alerts of this model version");
    }

    @Test
    void anUnreachablePrecisionNamesTheBestThereIs() {
        List<JudgedAlert> a = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            a.add(new JudgedAlert("a" + i, 100 + i, 100, i * HOUR, i % 2 == 1 ? Verdict.TRUE_POSITIVE : Verdict.FALSE_POSITIVE));
        }
        // Odd scores are true positives. With 20 or more verdicts above: 20 of 40 at 100 (0.5), 20 of 39 at 101 (0.513),
        // ..., 11 of 21 at 119 (0.524, the best), 10 of 20 at 120 (0.5); below 100 only lower bounds under 0.5.
        assertThatThrownBy(() -> ThresholdProposer.propose(a, CAL, RecalibrationTarget.precision(0.9)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no threshold reaches precision 0.9 with at least 20 decided verdicts above it: the best is 0.524 at"
                        + " threshold 119; lower --target-precision, or wait for more verdicts");
    }

    @Test
    void anAlertBudgetNeedsAMinuteOfAlertsAndOneUnderASingleAlertIsRefused() {
        List<JudgedAlert> burst = alerts().stream()
                .map(x -> new JudgedAlert(x.alertId(), x.score(), x.threshold(), 1000, x.verdict())).toList();
        assertThatThrownBy(() -> ThresholdProposer.propose(burst, CAL, RecalibrationTarget.alertsPerHour(5)))
                .hasMessageStartingWith("the alerts span only 0 s, too short to measure an alert rate");
        assertThat(ThresholdProposer.propose(burst, CAL, RecalibrationTarget.precision(0.9)).expectedAlertsPerHour()).isNaN();
        assertThatThrownBy(() -> ThresholdProposer.propose(alerts(), CAL, RecalibrationTarget.alertsPerHour(0.01)))
                .hasMessage("even the highest alert score 129 gives 0.03 alerts per hour over the 39.0 h the alerts span;"
                        + " raise --alerts-per-hour to at least that");
    }

    @Test
    void alertsBelowTheHighestThresholdInForceAreLeftOut() {
        List<JudgedAlert> a = new ArrayList<>(alerts());
        a.add(new JudgedAlert("later-version", 120.5, 95, 40 * HOUR, Verdict.TRUE_POSITIVE));
        ThresholdProposal p = ThresholdProposer.propose(a, CAL, RecalibrationTarget.precision(0.9));
        assertThat(p.currentThreshold()).isEqualTo(95);
        assertThat(p.alerts()).isEqualTo(36); // 95 ... 129 and 120.5
        assertThat(p.decided()).isEqualTo(36);
        assertThat(p.currentPrecision()).isEqualTo(31 / 36.0);
        assertThat(p.threshold()).isEqualTo(97); // 31 of 34
    }

    @Test
    void countsAtOrAboveIncludeTies() {
        double[] s = {1, 2, 2, 2, 3};
        assertThat(ThresholdProposer.atOrAbove(s, 2)).isEqualTo(4);
        assertThat(ThresholdProposer.atOrAbove(s, 2.5)).isEqualTo(1);
        assertThat(ThresholdProposer.atOrAbove(s, 0)).isEqualTo(5);
        assertThat(ThresholdProposer.atOrAbove(s, 4)).isZero();
        assertThat(RecalibrationTarget.precision(0.9).describe()).isEqualTo("precision >= 0.9");
        assertThat(RecalibrationTarget.alertsPerHour(12).describe()).isEqualTo("<= 12 alerts per hour");
        assertThatThrownBy(() -> RecalibrationTarget.precision(1.5)).hasMessageContaining("--target-precision must be in (0, 1]");
        assertThatThrownBy(() -> RecalibrationTarget.alertsPerHour(0)).hasMessageContaining("--alerts-per-hour must be a positive");
    }
}
