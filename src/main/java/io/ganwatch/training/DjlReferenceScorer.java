package io.ganwatch.training;

import io.ganwatch.features.EncodedRows;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * Scores rows with DJL from exported weights: the reference the ONNX graph is checked against.
 * Not used on the scoring path, which is ONNX Runtime only.
 */
public final class DjlReferenceScorer {
    private DjlReferenceScorer() {
    }

    /** ALAD scores of {@code rows} under {@code weights}, computed with the training engine. */
    public static float[] score(AladWeights weights, float[][] rows) {
        TrainingEngine.get();
        int width = weights.inputWidth();
        float[] flat = EncodedRows.flatten(rows, 0, rows.length);
        try (NDManager m = NDManager.newBaseManager()) {
            Mlp enc = Mlp.of(m, weights.encoder());
            Mlp gen = Mlp.of(m, weights.generator());
            Mlp feat = Mlp.of(m, weights.dxxFeatures());
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.create(flat, new Shape(rows.length, width));
            NDArray rec = gen.forward(ps, enc.forward(ps, x, false), false);
            NDArray real = feat.forward(ps, NDArrays.concat(new NDList(x, x), 1), false);
            NDArray fake = feat.forward(ps, NDArrays.concat(new NDList(x, rec), 1), false);
            return real.sub(fake).abs().sum(new int[]{1}).toFloatArray();
        }
    }
}
