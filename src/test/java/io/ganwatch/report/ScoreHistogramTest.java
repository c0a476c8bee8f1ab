package io.ganwatch.report;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ScoreHistogramTest {

    @Test
    void clampsHeavyTailIntoTheEdgeBins() {
        double[] s = new double[1000];
        boolean[] y = new boolean[1000];
        for (int i = 0; i < s.length; i++) {
            s[i] = i / 1000.0;
            y[i] = i % 10 == 0;
        }
        s[999] = 1e9;
        s[0] = Double.NEGATIVE_INFINITY;
        ScoreHistogram h = ScoreHistogram.of(s, y);
        assertThat(h.hi()).isLessThan(1.0);
        assertThat(h.lo()).isGreaterThan(0.0);
        assertThat(h.aboveRange()).isBetween(1, 6);
        assertThat(h.belowRange()).isBetween(1, 6);
        assertThat(h.normalRows() + h.anomalyRows()).isEqualTo(1000);
        assertThat(Arrays.stream(h.normalShare()).sum()).isCloseTo(1.0, within(1e-9));
        assertThat(Arrays.stream(h.anomalyShare()).sum()).isCloseTo(1.0, within(1e-9));
        assertThat(h.edges()).hasSize(h.normalShare().length + 1);
    }

    @Test
    void constantScoresGetAWidenedRange() {
        ScoreHistogram h = ScoreHistogram.of(new double[] {2, 2, 2}, new boolean[] {true, false, false});
        assertThat(h.lo()).isLessThan(2);
        assertThat(h.hi()).isGreaterThan(2);
        assertThat(h.belowRange() + h.aboveRange()).isZero();
    }

    @Test
    void percentileInterpolatesLikeNumpy() {
        double[] v = {1, 2, 3, 4};
        assertThat(ScoreHistogram.percentile(v, 50)).isEqualTo(2.5);
        assertThat(ScoreHistogram.percentile(v, 0)).isEqualTo(1);
        assertThat(ScoreHistogram.percentile(v, 100)).isEqualTo(4);
        assertThat(ScoreHistogram.percentile(v, 10)).isCloseTo(1.3, within(1e-12));
    }
}
