package io.ganwatch.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.ganwatch.features.EncodedRows;

import java.util.ArrayList;
import java.util.List;

/**
 * The GAN's feature space: a row x maps to the (x, x) discriminator's feature layer applied to
 * (x, x), the features ALAD's score compares (see {@link AladWeights}). The discriminator is trained
 * to tell real pairs from reconstructed ones, which was expected to weigh the input's directions by
 * what tells normal data apart; measured on small sets, its training leaves the layer close to its
 * random initialisation, so distances there are about those of a random projection (BENCHMARKS.md,
 * "What ALAD's training contributes to the kNN head"). Computed with the training engine, as the
 * exported graph computes them.
 */
public final class AladFeatures {
    /** Width of the (x, x) discriminator's feature layer: the feature space (ALAD's tabular architecture). */
    public static final int WIDTH = 128;
    private static final int BATCH = 4096;

    /** Which output of the feature layer. */
    public enum Space {
        /** After the layer's activation: f(x, x), as ALAD's score uses it. */
        ACTIVATED,
        /**
         * Before the last activation. For the one-layer feature network that is (W_a + W_b)·x + b, a
         * learned linear map of x; the leaky ReLU after it shrinks every negative direction five-fold,
         * which measured slightly worse for distances (BENCHMARKS.md).
         */
        LINEAR
    }

    private AladFeatures() {
    }

    /** The feature layer whose outputs are the {@code space}'s (its last activation dropped for {@link Space#LINEAR}). */
    public static List<DenseLayer> layers(AladWeights weights, Space space) {
        List<DenseLayer> layers = new ArrayList<>(weights.dxxFeatures());
        if (space == Space.LINEAR) {
            DenseLayer last = layers.get(layers.size() - 1);
            layers.set(layers.size() - 1, new DenseLayer(last.inputs(), last.outputs(), last.weight(), last.bias(), Act.NONE));
        }
        return layers;
    }

    /** One feature vector per row, {@code [rows][features]}. */
    public static float[][] embed(AladWeights weights, Space space, float[][] rows) {
        TrainingEngine.get();
        int width = weights.inputWidth();
        List<DenseLayer> layers = layers(weights, space);
        int features = weights.featureWidth();
        float[][] out = new float[rows.length][];
        try (NDManager m = NDManager.newBaseManager()) {
            Mlp feat = Mlp.of(m, layers);
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
