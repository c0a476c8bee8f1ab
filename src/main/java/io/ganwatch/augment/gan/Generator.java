package io.ganwatch.augment.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * CTGAN's generator: (noise, condition) → residual blocks {@code h = [ReLU(BN(Linear(x))), x]} →
 * Linear to the transformer's output width. Its raw output holds offsets before tanh and logits of
 * every one-hot block; {@link #activate} applies tanh and Gumbel-softmax for training.
 */
final class Generator {
    static final float BN_EPSILON = 1e-5f;
    static final float BN_MOMENTUM = 0.1f;
    static final float GUMBEL_TAU = 0.2f;

    final List<Dense> residual = new ArrayList<>();
    final List<NDArray> gamma = new ArrayList<>();
    final List<NDArray> beta = new ArrayList<>();
    final List<NDArray> runningMean = new ArrayList<>();
    final List<NDArray> runningVar = new ArrayList<>();
    final Dense out;
    final int inputs;

    Generator(NDManager manager, int inputs, int[] units, int outputs) {
        this.inputs = inputs;
        int in = inputs;
        for (int i = 0; i < units.length; i++) {
            residual.add(new Dense(manager, "gen" + i, in, units[i]));
            NDArray g = manager.ones(new Shape(units[i]));
            NDArray b = manager.zeros(new Shape(units[i]));
            g.setRequiresGradient(true);
            b.setRequiresGradient(true);
            gamma.add(g);
            beta.add(b);
            runningMean.add(manager.zeros(new Shape(units[i])));
            runningVar.add(manager.ones(new Shape(units[i])));
            in += units[i];
        }
        this.out = new Dense(manager, "gen_out", in, outputs);
    }

    /** Trainable arrays with stable ids, for the optimiser. */
    List<Named> parameters() {
        List<Named> ps = new ArrayList<>();
        for (int i = 0; i < residual.size(); i++) {
            Dense d = residual.get(i);
            ps.add(new Named(d.id + ".w", d.weight));
            ps.add(new Named(d.id + ".b", d.bias));
            ps.add(new Named(d.id + ".gamma", gamma.get(i)));
            ps.add(new Named(d.id + ".beta", beta.get(i)));
        }
        ps.add(new Named(out.id + ".w", out.weight));
        ps.add(new Named(out.id + ".b", out.bias));
        return ps;
    }

    /** Copies every trained array and running statistic, to restore the last good state after a divergence. */
    List<float[]> snapshot() {
        List<float[]> out = new ArrayList<>();
        for (Named n : parameters()) {
            out.add(n.array().toFloatArray());
        }
        runningMean.forEach(a -> out.add(a.toFloatArray()));
        runningVar.forEach(a -> out.add(a.toFloatArray()));
        return out;
    }

    /** Puts back a {@link #snapshot()}. */
    void restore(List<float[]> snapshot) {
        List<NDArray> arrays = new ArrayList<>();
        parameters().forEach(n -> arrays.add(n.array()));
        arrays.addAll(runningMean);
        arrays.addAll(runningVar);
        for (int i = 0; i < arrays.size(); i++) {
            arrays.get(i).set(snapshot.get(i));
        }
    }

    /**
     * Raw output for {@code [noise, condition]} rows. In training, batch normalisation uses the
     * batch's statistics and updates the running ones (PyTorch's rule: unbiased variance, momentum 0.1).
     */
    NDArray forward(NDArray input, boolean training) {
        NDArray h = input;
        long batch = input.getShape().get(0);
        for (int i = 0; i < residual.size(); i++) {
            NDArray a = residual.get(i).forward(h);
            NDArray normalised;
            if (training) {
                NDArray mean = a.mean(new int[]{0}, true);
                NDArray centred = a.sub(mean);
                NDArray var = centred.square().mean(new int[]{0}, true);
                normalised = centred.div(var.add(BN_EPSILON).sqrt());
                NDArray m = mean.stopGradient().squeeze(0);
                NDArray v = var.stopGradient().squeeze(0).mul((float) batch / Math.max(1, batch - 1));
                runningMean.get(i).muli(1 - BN_MOMENTUM).addi(m.mul(BN_MOMENTUM));
                runningVar.get(i).muli(1 - BN_MOMENTUM).addi(v.mul(BN_MOMENTUM));
            } else {
                normalised = a.sub(runningMean.get(i)).div(runningVar.get(i).add(BN_EPSILON).sqrt());
            }
            NDArray r = ai.djl.nn.Activation.relu(normalised.mul(gamma.get(i)).add(beta.get(i)));
            h = r.concat(h, 1);
        }
        return out.forward(h);
    }

    /**
     * Training-time activation: tanh on offsets, Gumbel-softmax (τ = 0.2) on one-hot blocks.
     *
     * @param spans {@code [start, width, kind]} per block, kind 0 = tanh, 1 = softmax
     */
    static NDArray activate(NDManager step, NDArray raw, List<int[]> spans) {
        NDList parts = raw.split(splitPoints(spans), 1);
        NDList activated = new NDList(parts.size());
        for (int s = 0; s < spans.size(); s++) {
            NDArray p = parts.get(s);
            if (spans.get(s)[2] == 0) {
                activated.add(p.tanh());
            } else {
                // Clipped away from 1 as well as 0: a float draw that rounds to 1 gives log(−log 1) = −∞
                // and poisons the whole network with NaN (seen on NSL-KDD after ~2000 steps).
                NDArray u = step.randomUniform(0f, 1f, p.getShape()).clip(1e-10f, 1f - 1e-7f);
                NDArray gumbel = u.log().neg().log().neg();
                activated.add(p.add(gumbel).div(GUMBEL_TAU).softmax(1));
            }
        }
        return NDArrays.concat(activated, 1);
    }

    static long[] splitPoints(List<int[]> spans) {
        long[] points = new long[spans.size() - 1];
        for (int s = 1; s < spans.size(); s++) {
            points[s - 1] = spans.get(s)[0];
        }
        return points;
    }

    /** A trainable array and the id the optimiser keeps its moments under. */
    record Named(String id, NDArray array) {
    }
}
