package io.ganwatch.training;

/**
 * Trained weights of one dense layer, detached from any engine: the form used for checkpoints
 * and for ONNX export.
 *
 * @param inputs  input width
 * @param outputs output width
 * @param weight  row-major {@code [outputs][inputs]} (PyTorch/DJL layout, ONNX Gemm with transB=1)
 * @param bias    {@code [outputs]}
 * @param act     activation applied after the affine map
 */
public record DenseLayer(int inputs, int outputs, float[] weight, float[] bias, Act act) {
    /** Checks array sizes against the declared shape. */
    public DenseLayer {
        if (weight.length != inputs * outputs || bias.length != outputs) {
            throw new IllegalArgumentException("dense layer arrays do not match shape " + outputs + "x" + inputs);
        }
    }
}
