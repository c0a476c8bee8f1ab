package io.ganwatch.augment.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * CTGAN's critic with PacGAN packing: {@code pac} rows (with their condition vectors) are judged
 * together, through Linear → LeakyReLU(0.2) → Dropout(0.5) layers and a final Linear to one score.
 *
 * <p>The WGAN-GP gradient penalty needs ∇ₓD(x̂) inside a loss that is itself differentiated, i.e. a
 * second-order gradient, which DJL's public API does not offer. For this network the input gradient
 * has a closed form in first-order operations: walking back through the layers, multiply by Wᵀ, by
 * the leaky-ReLU slope (1 or 0.2, a constant almost everywhere) and by the dropout mask. Autograd
 * then differentiates that expression with respect to the weights, which is exactly what PyTorch's
 * double backward computes (the slope's derivative is zero almost everywhere). {@code CriticTest}
 * checks the closed form against autograd's input gradient and the penalty's weight gradient
 * against finite differences.
 */
final class Critic {
    static final float SLOPE = 0.2f;
    static final float DROPOUT = 0.5f;
    private final List<Dense> hidden = new ArrayList<>();
    private final Dense out;
    private final int pac;
    private final int rowWidth;

    Critic(NDManager manager, int rowWidth, int[] units, int pac) {
        this.pac = pac;
        this.rowWidth = rowWidth;
        int in = rowWidth * pac;
        for (int i = 0; i < units.length; i++) {
            hidden.add(new Dense(manager, "critic" + i, in, units[i]));
            in = units[i];
        }
        this.out = new Dense(manager, "critic_out", in, 1);
    }

    List<Dense> layers() {
        List<Dense> all = new ArrayList<>(hidden);
        all.add(out);
        return all;
    }

    /** Copies every weight and bias. */
    List<float[]> snapshot() {
        List<float[]> out = new ArrayList<>();
        for (Dense d : layers()) {
            out.add(d.weights());
            out.add(d.biases());
        }
        return out;
    }

    /** Puts back a {@link #snapshot()}. */
    void restore(List<float[]> snapshot) {
        int i = 0;
        for (Dense d : layers()) {
            d.weight.set(snapshot.get(i++));
            d.bias.set(snapshot.get(i++));
        }
    }

    /** Packs {@code [batch, rowWidth]} into {@code [batch/pac, pac·rowWidth]}. */
    NDArray pack(NDArray rows) {
        return rows.reshape(new Shape(-1, (long) pac * rowWidth));
    }

    /** Fresh inverted-dropout masks (0 or 2) for one forward pass over {@code packs} packed rows. */
    List<NDArray> masks(NDManager step, long packs) {
        List<NDArray> m = new ArrayList<>();
        for (Dense d : hidden) {
            m.add(step.randomUniform(0f, 1f, new Shape(packs, d.outputs)).gt(DROPOUT)
                    .toType(DataType.FLOAT32, false).mul(1f / (1f - DROPOUT)));
        }
        return m;
    }

    /** Critic scores {@code [packs, 1]} of packed rows, with the given dropout masks. */
    NDArray score(NDArray packed, List<NDArray> masks) {
        NDArray h = packed;
        for (int i = 0; i < hidden.size(); i++) {
            h = leaky(hidden.get(i).forward(h)).mul(masks.get(i));
        }
        return out.forward(h);
    }

    /**
     * ∇ₓ of the critic score at packed rows {@code x}, written in first-order operations so that it
     * can itself be differentiated with respect to the weights.
     */
    NDArray inputGradient(NDManager step, NDArray x, List<NDArray> masks) {
        List<NDArray> slopes = new ArrayList<>();
        NDArray h = x;
        for (int i = 0; i < hidden.size(); i++) {
            NDArray a = hidden.get(i).forward(h);
            NDArray detached = a.stopGradient();
            slopes.add(detached.gt(0f).toType(DataType.FLOAT32, false).mul(1f - SLOPE).add(SLOPE));
            h = leaky(a).mul(masks.get(i));
        }
        NDArray g = slopes.get(hidden.size() - 1).mul(masks.get(hidden.size() - 1)).mul(out.transposed(step));
        for (int i = hidden.size() - 1; i >= 0; i--) {
            if (i < hidden.size() - 1) {
                g = g.mul(slopes.get(i)).mul(masks.get(i));
            }
            g = g.matMul(hidden.get(i).transposed(step));
        }
        return g;
    }

    /** λ · mean((‖∇ₓD(x̂)‖₂ − 1)²) at x̂ = ε·real + (1 − ε)·fake, ε drawn per pack. */
    NDArray gradientPenalty(NDManager step, NDArray realPacked, NDArray fakePacked, float lambda) {
        long packs = realPacked.getShape().get(0);
        NDArray eps = step.randomUniform(0f, 1f, new Shape(packs, 1));
        NDArray interpolated = realPacked.mul(eps).add(fakePacked.mul(eps.neg().add(1f)));
        NDArray grad = inputGradient(step, interpolated, masks(step, packs));
        NDArray norm = grad.square().sum(new int[]{1}).add(1e-12f).sqrt();
        return norm.sub(1f).square().mean().mul(lambda);
    }

    private static NDArray leaky(NDArray a) {
        return ai.djl.nn.Activation.leakyRelu(a, SLOPE);
    }
}
