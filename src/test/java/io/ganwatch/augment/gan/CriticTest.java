package io.ganwatch.augment.gan;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.ganwatch.training.TrainingEngine;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/**
 * The hand-written critic input gradient behind the WGAN-GP penalty: it must equal autograd's
 * input gradient, and autograd through it must give the penalty's true weight gradient (what
 * PyTorch's double backward computes), checked here against finite differences.
 */
class CriticTest {

    @Test
    void closedFormInputGradientEqualsAutograd() {
        Engine engine = TrainingEngine.get();
        engine.setRandomSeed(3);
        try (NDManager m = NDManager.newBaseManager()) {
            Critic critic = new Critic(m, 6, new int[]{8, 5}, 2);
            NDArray x = m.randomNormal(new Shape(4, 12));
            List<NDArray> masks = critic.masks(m, 4);
            float[] closed = critic.inputGradient(m, x, masks).toFloatArray();
            x.setRequiresGradient(true);
            try (GradientCollector gc = engine.newGradientCollector()) {
                gc.backward(critic.score(x, masks).sum());
            }
            float[] auto = x.getGradient().toFloatArray();
            assertThat(closed).hasSameSizeAs(auto);
            for (int i = 0; i < auto.length; i++) {
                assertThat(closed[i]).isCloseTo(auto[i], offset(1e-5f));
            }
        }
    }

    @Test
    void autogradThroughThePenaltyMatchesFiniteDifferences() {
        Engine engine = TrainingEngine.get();
        engine.setRandomSeed(4);
        try (NDManager m = NDManager.newBaseManager()) {
            Critic critic = new Critic(m, 5, new int[]{7, 6}, 1);
            NDArray x = m.randomNormal(new Shape(9, 5));
            List<NDArray> masks = critic.masks(m, 9);
            Dense first = critic.layers().get(0);
            Dense second = critic.layers().get(1);
            float[] gradFirst;
            float[] gradSecond;
            try (GradientCollector gc = engine.newGradientCollector()) {
                gc.backward(penalty(critic, m, x, masks));
                gradFirst = first.weight.getGradient().toFloatArray();
                gradSecond = second.weight.getGradient().toFloatArray();
            }
            for (int i = 0; i < 35; i += 4) {
                assertThat(numeric(critic, m, x, masks, first, i)).isCloseTo(gradFirst[i], offset(2e-3f + 0.02f * Math.abs(gradFirst[i])));
            }
            for (int i = 0; i < 42; i += 5) {
                assertThat(numeric(critic, m, x, masks, second, i)).isCloseTo(gradSecond[i], offset(2e-3f + 0.02f * Math.abs(gradSecond[i])));
            }
        }
    }

    private static NDArray penalty(Critic critic, NDManager m, NDArray x, List<NDArray> masks) {
        NDArray g = critic.inputGradient(m, x, masks);
        return g.square().sum(new int[]{1}).sqrt().sub(1f).square().mean();
    }

    private static float numeric(Critic critic, NDManager m, NDArray x, List<NDArray> masks, Dense layer, int i) {
        float h = 1e-2f;
        float[] w = layer.weight.toFloatArray();
        float original = w[i];
        w[i] = original + h;
        layer.weight.set(w);
        float up = penalty(critic, m, x, masks).getFloat();
        w[i] = original - h;
        layer.weight.set(w);
        float down = penalty(critic, m, x, masks).getFloat();
        w[i] = original;
        layer.weight.set(w);
        return (up - down) / (2 * h);
    }
}
