package io.ganwatch.augment.gan;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Training-by-sampling: rare categories are drawn by log-frequency and real rows match the condition. */
class ConditionSamplerTest {

    @Test
    void rareCategoriesAreDrawnByLogFrequencyAndRealRowsHoldThem() {
        // Column 0: 990 × category 0, 10 × category 1. Column 1: alternating 0/1/2.
        int n = 1000;
        int[][] categories = new int[2][n];
        for (int r = 0; r < n; r++) {
            categories[0][r] = r < 990 ? 0 : 1;
            categories[1][r] = r % 3;
        }
        ConditionSampler sampler = new ConditionSampler(categories, new int[]{2, 3});
        assertThat(sampler.width()).isEqualTo(5);
        ConditionSampler.Batch b = sampler.sample(20000, new Random(1));
        int rare = 0;
        int column0 = 0;
        for (int i = 0; i < 20000; i++) {
            assertThat(categories[b.column()[i]][b.realRow()[i]]).isEqualTo(b.category()[i]);
            if (b.column()[i] == 0) {
                column0++;
                if (b.category()[i] == 1) {
                    rare++;
                }
            }
        }
        double expected = Math.log1p(10) / (Math.log1p(10) + Math.log1p(990));
        assertThat((double) rare / column0).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.02));
        assertThat((double) column0 / 20000).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.02));
        float[] v = b.vectors(sampler);
        for (int i = 0; i < 100; i++) {
            float sum = 0;
            for (int k = 0; k < 5; k++) {
                sum += v[i * 5 + k];
            }
            assertThat(sum).isEqualTo(1f);
            assertThat(v[i * 5 + sampler.offset(b.column()[i]) + b.category()[i]]).isEqualTo(1f);
        }
    }

    @Test
    void theFocusColumnIsChosenForItsShareOfRowsWithItsCategoriesUniform() {
        int n = 1000;
        int[][] categories = new int[2][n];
        for (int r = 0; r < n; r++) {
            categories[0][r] = r % 3;
            categories[1][r] = r < 995 ? 0 : 1; // the label: 5 rare rows
        }
        ConditionSampler sampler = new ConditionSampler(categories, new int[]{3, 2}, 1, 0.5);
        ConditionSampler.Batch b = sampler.sample(40000, new Random(2));
        long label = java.util.Arrays.stream(b.column()).filter(c -> c == 1).count();
        long rare = java.util.stream.IntStream.range(0, 40000).filter(i -> b.column()[i] == 1 && b.category()[i] == 1).count();
        double logShare = Math.log1p(5) / (Math.log1p(5) + Math.log1p(995));
        // Half the rows focus on the label (rare half of those); the other half pick a column uniformly.
        assertThat(label / 40000.0).isCloseTo(0.75, org.assertj.core.data.Offset.offset(0.01));
        assertThat(rare / 40000.0).isCloseTo(0.25 + 0.25 * logShare, org.assertj.core.data.Offset.offset(0.01));
        for (int i = 0; i < 40000; i++) {
            assertThat(categories[b.column()[i]][b.realRow()[i]]).isEqualTo(b.category()[i]);
        }
    }

    @Test
    void aFocusedSamplerConditionsItsShareOnTheGivenCategoriesOnly() {
        int n = 1000;
        int[][] categories = new int[2][n];
        for (int r = 0; r < n; r++) {
            categories[0][r] = r % 3;
            categories[1][r] = r < 990 ? 0 : (r < 995 ? 1 : 2); // the label: two rare classes of 5 rows
        }
        ConditionSampler general = new ConditionSampler(categories, new int[]{3, 3}, 1, 0.5);
        ConditionSampler.Batch all = general.focusedOn(new int[]{2}, 1.0).sample(5000, new Random(3));
        for (int i = 0; i < 5000; i++) {
            assertThat(all.column()[i]).isEqualTo(1);
            assertThat(all.category()[i]).isEqualTo(2);
            assertThat(all.realRow()[i]).isBetween(995, 999);
        }
        ConditionSampler.Batch half = general.focusedOn(new int[]{1, 2}, 0.5).sample(40000, new Random(4));
        long focused = java.util.stream.IntStream.range(0, 40000)
                .filter(i -> half.column()[i] == 1 && half.category()[i] != 0).count();
        long zero = java.util.stream.IntStream.range(0, 40000).filter(i -> half.column()[i] == 1 && half.category()[i] == 0).count();
        double logShare = Math.log1p(990) / (Math.log1p(990) + 2 * Math.log1p(5));
        // Half on the two rare classes; the other half as CTGAN samples, which reaches the label a quarter of the time.
        assertThat(zero / 40000.0).isCloseTo(0.25 * logShare, org.assertj.core.data.Offset.offset(0.01));
        assertThat(focused / 40000.0).isCloseTo(0.5 + 0.25 * (1 - logShare), org.assertj.core.data.Offset.offset(0.01));
        // The general sampler is unchanged by the focused copy: the same seed draws the same batch as a fresh one.
        assertThat(general.sample(100, new Random(5)).category())
                .isEqualTo(new ConditionSampler(categories, new int[]{3, 3}, 1, 0.5).sample(100, new Random(5)).category());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> general.focusedOn(new int[]{3}, 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("category 3 of the focus column holds no training row");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> general.focusedOn(new int[]{1}, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a share in (0, 1]");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ConditionSampler(categories, new int[]{3, 3})
                .focusedOn(new int[]{1}, 1.0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a focus column");
    }
}
