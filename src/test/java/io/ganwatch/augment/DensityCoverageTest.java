package io.ganwatch.augment;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Density and coverage on point sets whose answers are known. */
class DensityCoverageTest {

    /** {@code n} 2-D points around {@code (cx, cy)}, standard deviation 1. */
    private static float[][] blob(int n, double cx, double cy, long seed) {
        Random r = new Random(seed);
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = new float[] {(float) (cx + r.nextGaussian()), (float) (cy + r.nextGaussian())};
        }
        return out;
    }

    private static float[][] concat(float[][] a, float[][] b) {
        float[][] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static float[][] line(double... xs) {
        float[][] out = new float[xs.length][];
        for (int i = 0; i < xs.length; i++) {
            out[i] = new float[] {(float) xs[i]};
        }
        return out;
    }

    @Test
    void aCopyOfTheRealRowsCoversEverythingAtDensityOne() {
        float[][] real = concat(blob(300, 0, 0, 1), blob(300, 10, 10, 2));
        DensityCoverage.Scores s = DensityCoverage.of(real, real.clone(), 7);
        assertThat(s.coverage()).isEqualTo(1.0);
        // Each copy is at its own ball's centre and strictly inside k - 1 others: k per row, so exactly 1.
        assertThat(s.density()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void freshRowsFromTheSameDistributionScoreAboutOne() {
        float[][] real = concat(blob(300, 0, 0, 1), blob(300, 10, 10, 2));
        float[][] synthetic = concat(blob(300, 0, 0, 3), blob(300, 10, 10, 4));
        DensityCoverage.Scores s = DensityCoverage.of(real, synthetic, 7);
        // Expected coverage is about 1 - e^-k = 0.993, density 1.
        assertThat(s.coverage()).isGreaterThan(0.95);
        assertThat(s.density()).isBetween(0.85, 1.15);
    }

    @Test
    void rowsCollapsedOntoOneOfTwoModesCoverHalfWhileDensityStaysNearOne() {
        float[][] real = concat(blob(300, 0, 0, 1), blob(300, 10, 10, 2));
        float[][] collapsed = blob(600, 0, 0, 3);
        DensityCoverage.Scores s = DensityCoverage.of(real, collapsed, 7);
        assertThat(s.coverage()).isBetween(0.45, 0.5);
        // Density judges fidelity, not diversity: the collapsed rows are where real rows are.
        assertThat(s.density()).isBetween(0.8, 1.3);
    }

    @Test
    void rowsFarFromEveryRealRowScoreZeroAndZero() {
        DensityCoverage.Scores s = DensityCoverage.of(blob(100, 0, 0, 1), blob(100, 100, 100, 2), 7);
        assertThat(s.coverage()).isZero();
        assertThat(s.density()).isZero();
    }

    @Test
    void aTinyExampleWorkedByHand() {
        // Real 0, 1, 3, 7. k = 1: radii 1, 1, 2, 4.
        // Synthetic 0.5 is inside the balls of 0 and 1; 6 inside that of 7 (distance 1 < 4), not 3's (3 > 2); 20 in none.
        // Density (2 + 1 + 0) / (1 * 3) = 1; covered: 0, 1 and 7, not 3 (nearest synthetic 2.5 away): 3/4.
        DensityCoverage.Scores k1 = DensityCoverage.exact(line(0, 1, 3, 7), line(0.5, 6, 20), 1);
        assertThat(k1.density()).isCloseTo(1.0, within(1e-12));
        assertThat(k1.coverage()).isEqualTo(0.75);
        // k = 2: radii 3, 2, 3, 6. 0.5 is inside the balls of 0, 1, 3 (2.5 < 3), not 7's (6.5 > 6);
        // 6 sits exactly on the ball of 3 (distance 3 = radius: out, as in the authors' code) and inside 7's;
        // 20 in none. Density (3 + 1 + 0) / (2 * 3) = 2/3; every real row is covered.
        DensityCoverage.Scores k2 = DensityCoverage.exact(line(0, 1, 3, 7), line(0.5, 6, 20), 2);
        assertThat(k2.density()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(k2.coverage()).isEqualTo(1.0);
    }

    @Test
    void aCopyOfADuplicatedRowIsInItsBallOfRadiusZero() {
        // Three identical rows: with k = 2 their radius is 0; a copy of them is still near them.
        DensityCoverage.Scores s = DensityCoverage.exact(line(5, 5, 5, 9), line(5), 2);
        assertThat(s.coverage()).isEqualTo(0.75);
        assertThat(s.density()).isCloseTo(3.0 / 2, within(1e-12));
        assertThat(DensityCoverage.inBall(0, 0)).isTrue();
        assertThat(DensityCoverage.inBall(1, 1)).isFalse();
    }

    @Test
    void tooFewRealRowsOrNoSyntheticRowsAreUndefined() {
        assertThat(DensityCoverage.exact(line(1, 2, 3, 4, 5), line(1), 5)).isEqualTo(DensityCoverage.Scores.UNDEFINED);
        assertThat(DensityCoverage.exact(line(1, 2, 3), new float[0][], 2)).isEqualTo(DensityCoverage.Scores.UNDEFINED);
        assertThat(DensityCoverage.Scores.UNDEFINED.coverage()).isNaN();
        assertThatThrownBy(() -> DensityCoverage.exact(line(1, 2), line(1), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void largeSetsAreSampledDownWithTheSeed() {
        float[][] real = blob(DensityCoverage.MAX_REAL_ROWS + 500, 0, 0, 1);
        float[][] collapsed = blob(DensityCoverage.MAX_SYNTHETIC_ROWS + 500, 0, 0, 2);
        for (float[] p : collapsed) {
            p[0] = Math.abs(p[0]); // only the right half of the real blob
        }
        DensityCoverage.Scores a = DensityCoverage.of(real, collapsed, 3);
        assertThat(DensityCoverage.of(real, collapsed, 3)).isEqualTo(a);
        assertThat(a.coverage()).isBetween(0.45, 0.6);
    }
}
