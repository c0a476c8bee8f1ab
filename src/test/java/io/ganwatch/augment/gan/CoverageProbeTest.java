package io.ganwatch.augment.gan;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How the validation sample is shared among the condition values. */
class CoverageProbeTest {
    @Test
    void smallValuesComeWholeAndTheRestIsSharedEqually() {
        // 2000 rows over 4 measurable values: 30 and 100 are taken whole, the other two share the remaining 1870.
        assertThat(CoverageProbe.quotas(new int[]{50_000, 30, 70_000, 100}, 2000, 5)).containsExactly(935, 30, 935, 100);
    }

    @Test
    void valuesWithoutAKthNeighbourAreLeftOutAndNothingExceedsTheMaximum() {
        int[] take = CoverageProbe.quotas(new int[]{5, 6, 3, 10_000}, 2000, 5);
        assertThat(take).containsExactly(0, 6, 0, 1994);
        assertThat(CoverageProbe.quotas(new int[]{400, 500}, 2000, 5)).containsExactly(400, 500);
        assertThat(CoverageProbe.quotas(new int[]{2, 1}, 2000, 5)).containsExactly(0, 0);
        assertThat(CoverageProbe.quotas(new int[]{1001, 1001, 1001}, 2000, 5)).containsExactly(666, 667, 667);
    }
}
