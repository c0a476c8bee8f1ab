package io.ganwatch.augment.gan;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The collapse warning as a function of the coverage curve alone. */
class ModeCollapseTest {
    private static final double NAN = Double.NaN;

    private static GanEpoch e(int epoch, double coverage) {
        return new GanEpoch(epoch, 1, -1, epoch, coverage);
    }

    @Test
    void aLatestCoverageBelowHalfOfTheBestWarnsNamingBoth() {
        String w = ModeCollapse.warning(List.of(e(1, 0.3), e(2, NAN), e(5, 0.8), e(9, NAN), e(10, 0.39), e(11, NAN)));
        assertThat(w).contains("fell to 0.390 at epoch 10", "best (0.800 at epoch 5)", "mode collapse");
    }

    @Test
    void exactlyHalfOrARecoveryDoesNotWarn() {
        assertThat(ModeCollapse.warning(List.of(e(1, 0.8), e(5, 0.4)))).as("half is not below half").isNull();
        assertThat(ModeCollapse.warning(List.of(e(1, 0.8), e(5, 0.1), e(10, 0.7)))).as("only the latest counts").isNull();
        assertThat(ModeCollapse.warning(List.of(e(1, 0.2), e(5, 0.6), e(10, 0.9)))).isNull();
    }

    @Test
    void withoutMeasurementsOrWithZeroCoverageThereIsNothingToSay() {
        assertThat(ModeCollapse.warning(List.of())).isNull();
        assertThat(ModeCollapse.warning(List.of(e(1, NAN), new GanEpoch(2, 1, -1, 2)))).isNull();
        assertThat(ModeCollapse.warning(List.of(e(1, 0), e(5, 0)))).isNull();
    }
}
