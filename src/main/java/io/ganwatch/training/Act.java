package io.ganwatch.training;

import ai.djl.ndarray.NDArray;

/**
 * Activation after a dense layer. Kept as a closed set so the ONNX exporter can map every value
 * to an ONNX operator and the DJL forward pass and the exported graph cannot drift apart.
 */
public enum Act {
    /** Identity (output layers). */
    NONE,
    /** max(0, x). */
    RELU,
    /** x for x &gt; 0, {@link #LEAKY_SLOPE}·x otherwise; ALAD's choice for encoder and discriminators. */
    LEAKY_RELU;

    /** Negative slope of {@link #LEAKY_RELU}, as in the ALAD paper. */
    public static final float LEAKY_SLOPE = 0.2f;

    /** Applies the activation with DJL. */
    public NDArray apply(NDArray x) {
        switch (this) {
            case RELU:
                return ai.djl.nn.Activation.relu(x);
            case LEAKY_RELU:
                return ai.djl.nn.Activation.leakyRelu(x, LEAKY_SLOPE);
            default:
                return x;
        }
    }
}
