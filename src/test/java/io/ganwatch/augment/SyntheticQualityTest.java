package io.ganwatch.augment;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Each metric on data whose answer is known by hand. */
class SyntheticQualityTest {

    @Test
    void ksComplementIsOneForIdenticalSamplesZeroForDisjointAndMatchesAHandComputedCase() {
        double[] a = {1, 2, 3, 4};
        assertThat(SyntheticQuality.ksComplement(a, a.clone())).isEqualTo(1.0);
        assertThat(SyntheticQuality.ksComplement(a, new double[]{10, 11})).isEqualTo(0.0);
        // F_a and F_b differ most at x=2: F_a = 0.5, F_b = 0 (b = {3,4,5,6}) -> D = 0.5
        assertThat(SyntheticQuality.ksComplement(a, new double[]{3, 4, 5, 6})).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void tvComplementFollowsTheTotalVariationDistance() {
        assertThat(SyntheticQuality.tvComplement(List.of("a", "b"), List.of("b", "a"))).isEqualTo(1.0);
        assertThat(SyntheticQuality.tvComplement(List.of("a", "a"), List.of("b", "b"))).isEqualTo(0.0);
        // p = (a 0.5, b 0.5), q = (a 0.75, b 0.25): TV = 0.5 * (0.25 + 0.25) = 0.25
        assertThat(SyntheticQuality.tvComplement(List.of("a", "b"), List.of("a", "a", "a", "b"))).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void correlationSimilarityIsOneForEqualCorrelationsAndZeroForOppositeOnes() {
        double[] x = {1, 2, 3, 4};
        double[] up = {2, 4, 6, 8};
        double[] down = {8, 6, 4, 2};
        assertThat(SyntheticQuality.correlationSimilarity(x, up, x, up)).isCloseTo(1.0, within(1e-12));
        assertThat(SyntheticQuality.correlationSimilarity(x, up, x, down)).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void dcrRatioComparesSyntheticAndHoldoutDistancesToTraining() {
        double[][] train = {{0}, {10}};
        double[][] holdout = {{2}, {8}, {5}};   // closest distances 2, 2, 5 -> median 2
        double[][] close = {{1}, {9}, {0.5}};   // 1, 1, 0.5 -> median 1
        assertThat(SyntheticQuality.dcrRatio(train, close, holdout)).isCloseTo(0.5, within(1e-12));
        assertThat(SyntheticQuality.dcrRatio(train, holdout, holdout)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void exactCopiesCountsSyntheticRowsEqualToATrainingRow() {
        double[][] train = {{1, 2}, {3, 4}};
        double[][] synth = {{1, 2}, {1, 2.0000001}, {3, 4}, {5, 6}};
        assertThat(SyntheticQuality.exactCopies(train, synth)).isEqualTo(2);
    }
}
