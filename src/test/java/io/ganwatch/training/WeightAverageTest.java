package io.ganwatch.training;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class WeightAverageTest {
    @Test
    void startsAtTheFirstWeightsAndThenFollowsTheExponentialRuleWithAWarmUp() {
        WeightAverage avg = new WeightAverage(0.9);
        avg.update(List.of(new float[] {1f, 2f}, new float[] {10f}));
        assertThat(avg.average().get(0)).containsExactly(1f, 2f);

        // the second update uses (1 + 1) / (10 + 1), below 0.9
        avg.update(List.of(new float[] {3f, 2f}, new float[] {0f}));
        double d = 2.0 / 11;
        assertThat(avg.average().get(0)[0]).isCloseTo((float) (d * 1 + (1 - d) * 3), within(1e-6f));
        assertThat(avg.average().get(0)[1]).isCloseTo(2f, within(1e-6f));
        assertThat(avg.average().get(1)[0]).isCloseTo((float) (d * 10), within(1e-5f));
        assertThat(avg.updates()).isEqualTo(2);
        // from 80 updates on, the decay asked for
        assertThat(avg.decay(79)).isCloseTo(80.0 / 89, within(1e-12));
        assertThat(avg.decay(100)).isEqualTo(0.9);
    }

    @Test
    void weightsCirclingAPointAverageNearItWhileTheLastOneIsFarOff() {
        WeightAverage avg = new WeightAverage(0.99);
        float[] last = null;
        for (int step = 0; step < 5000; step++) {
            double angle = step * 0.3;
            last = new float[] {(float) (5 + 2 * Math.cos(angle)), (float) (-1 + 2 * Math.sin(angle))};
            avg.update(List.of(last));
        }
        float[] centre = avg.average().get(0);
        assertThat(Math.hypot(centre[0] - 5, centre[1] + 1)).isLessThan(0.2);
        assertThat(Math.hypot(last[0] - 5, last[1] + 1)).isGreaterThan(1.9);
    }

    @Test
    void theAverageIsACopyAndMisshapenWeightsAreRefused() {
        WeightAverage avg = new WeightAverage(0.5);
        assertThatThrownBy(avg::average).isInstanceOf(IllegalStateException.class);
        float[] w = {1f};
        avg.update(List.of(w));
        w[0] = 100f;
        avg.average().get(0)[0] = 50f;
        assertThat(avg.average().get(0)).containsExactly(1f);
        assertThatThrownBy(() -> avg.update(List.of(new float[] {1f, 2f}))).hasMessageContaining("has 2 values");
        assertThatThrownBy(() -> avg.update(List.of(w, w))).hasMessageContaining("2 weight arrays");
        assertThatThrownBy(() -> new WeightAverage(1.0)).hasMessageContaining("[0, 1)");
    }

    @Test
    void divergedWeightsAreLeftOutAndARollBackUndoesTheStepsSinceTheCheckpoint() {
        WeightAverage avg = new WeightAverage(0.5);
        avg.update(List.of(new float[] {1f}));
        assertThat(avg.update(List.of(new float[] {Float.NaN}))).isFalse();
        assertThat(avg.update(List.of(new float[] {Float.POSITIVE_INFINITY}))).isFalse();
        assertThat(avg.average().get(0)).containsExactly(1f);
        assertThat(avg.updates()).isEqualTo(1);

        WeightAverage.Saved checkpoint = avg.save();
        avg.update(List.of(new float[] {1e30f}));
        assertThat(avg.average().get(0)[0]).isGreaterThan(1e20f);
        avg.restore(checkpoint);
        assertThat(avg.average().get(0)).containsExactly(1f);
        assertThat(avg.updates()).isEqualTo(1);
        avg.update(List.of(new float[] {3f}));
        avg.restore(checkpoint); // a saved state can be gone back to more than once
        assertThat(avg.average().get(0)).containsExactly(1f);

        WeightAverage empty = new WeightAverage(0.5);
        WeightAverage.Saved none = empty.save();
        empty.update(List.of(new float[] {2f}));
        empty.restore(none);
        assertThat(empty.updates()).isZero();
        assertThatThrownBy(empty::average).isInstanceOf(IllegalStateException.class);
    }
}
