package io.ganwatch.training;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ALAD's weight averaging: the arrays it averages, and what the trainer returns with it. */
class AladAveragingTest {
    @Test
    void weightsGoOutAndBackInTheSameOrder() {
        TrainingEngine.get();
        try (NDManager m = NDManager.newBaseManager()) {
            Mlp mlp = new Mlp(m, 3, new int[]{4, 2}, new Act[]{Act.LEAKY_RELU, Act.NONE});
            List<float[]> w = mlp.weights();
            assertThat(w).extracting(a -> a.length).containsExactly(12, 4, 8, 2);
            List<float[]> changed = new ArrayList<>();
            for (float[] a : w) {
                float[] c = a.clone();
                Arrays.fill(c, a.length);
                changed.add(c);
            }
            assertThat(mlp.setWeights(changed, 0)).isEqualTo(4);
            assertThat(mlp.weights()).containsExactlyElementsOf(changed);
            // the snapshot the exporter reads sees the same arrays
            assertThat(mlp.snapshot().get(1).bias()).containsExactly(2f, 2f);
        }
    }

    @Test
    void theReturnedCheckpointIsTheAverageNotTheLastStep() {
        float[][] rows = rows(600, 5, 3);
        float[][] fit = Arrays.copyOfRange(rows, 0, 500);
        float[][] val = Arrays.copyOfRange(rows, 500, 600);
        int[] offsets = {0, 1, 2, 3, 4, 5};
        // One epoch of 7 steps, so the best epoch is the last one either way.
        AladWeights last = train(0, fit, val, offsets);
        AladWeights averaged = train(0.9, fit, val, offsets);
        float[] l = last.encoder().get(0).weight();
        float[] a = averaged.encoder().get(0).weight();
        // Same seed, same initial weights and batches: the average of the 7 steps' weights differs from the
        // 7th step's by a fraction of what the steps moved, and by more than rounding.
        double diff = 0;
        for (int i = 0; i < l.length; i++) {
            assertThat(a[i]).isFinite();
            diff = Math.max(diff, Math.abs(a[i] - l[i]));
        }
        assertThat(diff).isGreaterThan(1e-5);
    }

    @Test
    void decayOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> new AladConfig(1, 8, 0, 1e-3, 0.5, 1, 0, 0, 0, 1.0))
                .hasMessageContaining("weight-averaging decay must be in [0, 1) (0 for none)");
        // Off unless asked for: it measured no gain (BENCHMARKS.md), and settings without the field train as before.
        assertThat(AladConfig.defaults(1).averageDecay()).isZero();
        assertThat(new AladConfig(1, 8, 0, 1e-3, 0.5, 1, 0, 0).averageDecay()).isZero();
    }

    private static AladWeights train(double decay, float[][] fit, float[][] val, int[] offsets) {
        AladConfig config = new AladConfig(1, 64, 2, 1e-3, 0.5, 5, 0, 0, 0, decay);
        return new AladTrainer(config, TrainingListener.NONE).train(fit, val, offsets).weights();
    }

    private static float[][] rows(int n, int width, long seed) {
        Random r = new Random(seed);
        float[][] rows = new float[n][width];
        for (float[] row : rows) {
            float a = (float) r.nextGaussian();
            for (int j = 0; j < width; j++) {
                row[j] = a * (j + 1) * 0.3f + 0.1f * (float) r.nextGaussian();
            }
        }
        return rows;
    }
}
