package io.ganwatch.augment.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * One affine layer's parameters as raw DJL arrays, weight laid out {@code [in, out]} so that the
 * forward pass is {@code x·W + b} with the per-step batch as the left operand (DJL attaches a
 * result to its left operand's manager, which keeps per-step arrays out of the long-lived one).
 * Initialised as PyTorch's {@code nn.Linear}: U(±1/√in) for weight and bias.
 */
final class Dense {
    final String id;
    final NDArray weight;
    final NDArray bias;
    final int inputs;
    final int outputs;

    Dense(NDManager manager, String id, int inputs, int outputs) {
        this.id = id;
        this.inputs = inputs;
        this.outputs = outputs;
        float bound = (float) (1 / Math.sqrt(inputs));
        this.weight = manager.randomUniform(-bound, bound, new Shape(inputs, outputs));
        this.bias = manager.randomUniform(-bound, bound, new Shape(outputs));
        weight.setRequiresGradient(true);
        bias.setRequiresGradient(true);
    }

    NDArray forward(NDArray x) {
        return x.matMul(weight).add(bias);
    }

    /** Wᵀ as an array owned by {@code step}, for writing gradients by hand. */
    NDArray transposed(NDManager step) {
        NDArray t = weight.transpose();
        t.attach(step);
        return t;
    }

    float[] weights() {
        return weight.toFloatArray();
    }

    float[] biases() {
        return bias.toFloatArray();
    }
}
