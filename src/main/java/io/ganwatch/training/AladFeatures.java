package io.ganwatch.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.ganwatch.features.EncodedRows;

/**
 * The GAN's learned feature space: a row x maps to the (x, x) discriminator's feature layer
 * f(x, x), the same features ALAD's score compares (see {@link AladWeights}). The discriminator
 * learned them to tell real pairs from reconstructed ones, so distances there weigh the input's
 * directions by what the GAN found telling about normal data. Computed with the training engine,
 * as the exported graph computes them.
 */
public final class AladFeatures {
    private static final int BATCH = 4096;

    private AladFeatures() {
    }

    /** One feature vector per row, {@code [rows][features]}. */
    public static float[][] embed(AladWeights weights, float[][] rows) {
        TrainingEngine.get();
        int width = weights.inputWidth();
        int features = weights.dxxFeatures().get(weights.dxxFeatures().size() - 1).outputs();
        float[][] out = new float[rows.length][];
        try (NDManager m = NDManager.newBaseManager()) {
            Mlp feat = Mlp.of(m, weights.dxxFeatures());
            ParameterStore ps = new ParameterStore(m, false);
            for (int from = 0; from < rows.length; from += BATCH) {
                int n = Math.min(BATCH, rows.length - from);
                try (NDManager step = m.newSubManager()) {
                    NDArray x = step.create(EncodedRows.flatten(rows, from, from + n), new Shape(n, width));
                    float[] f = feat.forward(ps, NDArrays.concat(new NDList(x, x), 1), false).toFloatArray();
                    for (int i = 0; i < n; i++) {
                        out[from + i] = java.util.Arrays.copyOfRange(f, i * features, (i + 1) * features);
                    }
                }
            }
        }
        return out;
    }
}
