package io.ganwatch.feedback;

import io.ganwatch.avro.Verdict;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrecisionWindowTest {
    @Test
    void precisionIsTruePositivesOverDecidedAlertsAndNaNBeforeAny() {
        PrecisionWindow w = new PrecisionWindow(10);
        assertThat(w.precision()).isNaN();
        w.add("a1", Verdict.TRUE_POSITIVE);
        w.add("a2", Verdict.FALSE_POSITIVE);
        w.add("a3", Verdict.FALSE_POSITIVE);
        w.add("a4", Verdict.TRUE_POSITIVE);
        w.add("a5", Verdict.TRUE_POSITIVE);
        assertThat(w.precision()).isEqualTo(3.0 / 5);
        assertThat(w.counts()).isEqualTo(new PrecisionWindow.Counts(5, 3));
        assertThat(w.counts().falsePositives()).isEqualTo(2);
    }

    @Test
    void onlyTheLastNDecidedAlertsCountTheOldestLeaveFirst() {
        PrecisionWindow w = new PrecisionWindow(3);
        w.add("a1", Verdict.TRUE_POSITIVE);
        w.add("a2", Verdict.TRUE_POSITIVE);
        w.add("a3", Verdict.FALSE_POSITIVE);
        assertThat(w.precision()).isEqualTo(2.0 / 3);
        w.add("a4", Verdict.FALSE_POSITIVE); // a1 (true positive) leaves
        assertThat(w.counts()).isEqualTo(new PrecisionWindow.Counts(3, 1));
        w.add("a5", Verdict.FALSE_POSITIVE); // a2 leaves
        w.add("a6", Verdict.FALSE_POSITIVE); // a3 leaves
        assertThat(w.precision()).isZero();
        assertThat(w.decided()).isEqualTo(3);
    }

    @Test
    void unsureNeverEntersPrecisionAndTakesBackAnEarlierDecisionOnTheSameAlert() {
        PrecisionWindow w = new PrecisionWindow(5);
        w.add("a1", Verdict.UNSURE);
        assertThat(w.decided()).isZero();
        assertThat(w.precision()).isNaN();
        w.add("a2", Verdict.TRUE_POSITIVE);
        w.add("a3", Verdict.FALSE_POSITIVE);
        w.add("a2", Verdict.UNSURE);
        assertThat(w.counts()).isEqualTo(new PrecisionWindow.Counts(1, 0));
    }

    @Test
    void aCorrectedVerdictReplacesTheEarlierOneAndBecomesTheNewest() {
        PrecisionWindow w = new PrecisionWindow(2);
        w.add("a1", Verdict.FALSE_POSITIVE);
        w.add("a2", Verdict.FALSE_POSITIVE);
        w.add("a1", Verdict.TRUE_POSITIVE); // the analyst corrects a1: still two alerts, a1 now the newest
        assertThat(w.counts()).isEqualTo(new PrecisionWindow.Counts(2, 1));
        w.add("a3", Verdict.TRUE_POSITIVE); // so a2, not a1, leaves
        assertThat(w.counts()).isEqualTo(new PrecisionWindow.Counts(2, 2));
    }

    @Test
    void aWindowOfNoVerdictsIsRefused() {
        assertThatThrownBy(() -> new PrecisionWindow(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }
}
