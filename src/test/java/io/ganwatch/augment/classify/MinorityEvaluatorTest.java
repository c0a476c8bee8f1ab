package io.ganwatch.augment.classify;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MinorityEvaluatorTest {

    @Test
    void knownAnswer() {
        // Minority rows: 0.9, 0.6, 0.3. Rest: 0.8, 0.2, 0.1, 0.05.
        double[] p = {0.9, 0.8, 0.6, 0.3, 0.2, 0.1, 0.05};
        boolean[] y = {true, false, true, true, false, false, false};
        MinorityMetrics m = MinorityEvaluator.of(p, y);
        // At P >= 0.5: predicted 0.9, 0.8, 0.6 -> 2 true of 3; recall 2 of 3.
        assertThat(m.precision()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(m.recall()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(m.f1()).isCloseTo(2.0 / 3, within(1e-12));
        // Pairs (minority, rest) ranked right: 0.9 beats all 4, 0.6 beats 3, 0.3 beats 3 -> 10 of 12.
        assertThat(m.rocAuc()).isCloseTo(10.0 / 12, within(1e-12));
        // Average precision: hits at ranks 1, 3, 4 -> (1 + 2/3 + 3/4) / 3.
        assertThat(m.prAuc()).isCloseTo((1 + 2.0 / 3 + 0.75) / 3, within(1e-12));
    }

    @Test
    void nothingPredictedMinorityGivesZeroPrecisionNotNaN() {
        MinorityMetrics m = MinorityEvaluator.of(new double[] {0.4, 0.3, 0.1}, new boolean[] {true, false, false});
        assertThat(m.precision()).isZero();
        assertThat(m.recall()).isZero();
        assertThat(m.f1()).isZero();
        assertThat(m.rocAuc()).isEqualTo(1.0);
    }

    @Test
    void aTestSetWithoutMinorityRowsIsRefused() {
        assertThatThrownBy(() -> MinorityEvaluator.of(new double[] {0.4, 0.3}, new boolean[] {false, false}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both");
    }
}
