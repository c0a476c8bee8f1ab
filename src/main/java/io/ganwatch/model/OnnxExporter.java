package io.ganwatch.model;

import ai.onnx.proto.OnnxMl;
import io.ganwatch.training.AladFeatures;
import io.ganwatch.training.AladWeights;
import io.ganwatch.training.DenseLayer;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

import java.util.List;
import java.util.Map;

/**
 * Writes the whole scoring path (encoder, generator, discriminator features, score and per-feature
 * contributions) as ONE ONNX graph, so scoring is a single ONNX Runtime call.
 *
 * <p>Graph: input {@code x} float [batch, features] (already encoded) → outputs {@code score}
 * [batch] and {@code contributions} [batch, features]; contributions sum to the score.
 *
 * <p>Two scores, both from the GAN's networks:
 * <ul>
 *   <li>with a {@link KnnHead} (bundles from ganwatch 0.2 on): the mean distance from the row's
 *       features f(x, x) under the (x, x) discriminator to its k nearest stored normal rows
 *       (prototypes), computed in the graph (for rows narrower than the features, in the input space
 *       under the layer's metric: the same distances, {@link #metricApplies}); a feature's contribution is its share of the mean
 *       |x − p| over those k prototypes times the score, naming where the row differs from the
 *       normal rows most like it;</li>
 *   <li>without (earlier bundles, or where asked): ALAD's feature-matching score
 *       ‖f(x, x) − f(x, G(E(x)))‖₁; a feature's contribution is its share of the reconstruction error
 *       |x − G(E(x))| times the score, naming the features the model could not reproduce.</li>
 * </ul>
 * A head with an ALAD weight adds the second to the first, each term's contributions its own.
 */
public final class OnnxExporter {
    /** Input name of the graph. */
    public static final String INPUT = "x";
    /** Output with one anomaly score per row. */
    public static final String SCORE = "score";
    /** Output with one contribution per encoded feature per row. */
    public static final String CONTRIBUTIONS = "contributions";
    private static final float EPSILON = 1e-12f;

    private OnnxExporter() {
    }

    /** Serialised ONNX model scoring with ALAD's feature-matching score alone (bundles before the kNN head). */
    public static byte[] export(AladWeights weights, String producerVersion) {
        return export(weights, null, producerVersion);
    }

    /**
     * Serialised ONNX model for the weights; with {@code head}, the score is the {@link KnnHead}'s
     * weighing of the mean distance to the nearest prototypes in the feature space and ALAD's score,
     * and each term's share of the contributions goes to the features that term's evidence names:
     * the distance's to the mean |x − p| over the k nearest prototypes, ALAD's to |x − G(E(x))|.
     *
     * @param head the kNN head, or {@code null} for ALAD's score alone
     */
    public static byte[] export(AladWeights weights, KnnHead head, String producerVersion) {
        return export(weights, head, producerVersion, true, false);
    }

    /**
     * The graph of {@link #export(AladWeights, KnnHead, String)} for rows that are themselves among the head's
     * prototypes: each row's nearest prototype, itself, is left out, and its score is taken over the next
     * k. So a normal row kept as a prototype scores as a new normal row would, which is what a threshold or
     * a p-value must be calibrated on ({@code KnnHeads.fitAll}). Not for other rows: it would leave out a
     * true neighbour.
     */
    public static byte[] exportLeavingNearestOut(AladWeights weights, KnnHead head, String producerVersion) {
        if (head == null) {
            throw new IllegalArgumentException("leaving the nearest prototype out needs a kNN head");
        }
        return export(weights, head, producerVersion, true, true);
    }

    /**
     * {@link #export(AladWeights, KnnHead, String)}, where {@code inputMetric} false keeps the distances in
     * the feature space even where {@link #metricApplies} (tests compare the two forms), and {@code leaveNearestOut}
     * gives {@link #exportLeavingNearestOut}'s graph.
     */
    static byte[] export(AladWeights weights, KnnHead head, String producerVersion, boolean inputMetric,
                         boolean leaveNearestOut) {
        int width = weights.inputWidth();
        if (head != null && (head.inputs()[0].length != width || head.featureWidth() != weights.featureWidth())) {
            throw new IllegalArgumentException("the kNN head's prototypes do not match the networks' widths");
        }
        ONNXContext ctx = new ONNXContext();
        ctx.setName("ganwatch_alad");
        ONNXPlaceholder x = ctx.floatInput(INPUT, width);
        ONNXPlaceholder scoreOut = ctx.floatOutput(SCORE, 1);
        ONNXPlaceholder contribOut = ctx.floatOutput(CONTRIBUTIONS, width);

        // The feature layer on (x, x) once: its output before the last activation is the LINEAR space, and the
        // activation applied to it gives f(x, x), what ALAD's score and the ACTIVATED space use.
        // Built only when something reads it: ONNX Runtime would run it all the same.
        boolean byMetric = head != null && inputMetric && metricApplies(weights, head);
        ONNXRef<?> fLinear = null;
        ONNXRef<?> fReal = null;
        if (!byMetric || head.aladWeight() > 0) {
            List<DenseLayer> featureLayers = weights.dxxFeatures();
            fLinear = dense(ctx, concat(x, x), AladFeatures.layers(weights, AladFeatures.Space.LINEAR), "dxx");
            fReal = activate(fLinear, featureLayers.get(featureLayers.size() - 1).act());
        }
        ONNXInitializer axis1 = ctx.array("axis1", new long[]{1});

        ONNXRef<?> scoreColumn = null;
        ONNXRef<?> contributions = null;
        if (head != null) {
            ONNXInitializer prototypeInputs = ctx.floatTensor("prototype_inputs", List.of(head.size(), width), fb -> {
                for (float[] p : head.inputs()) {
                    fb.put(p);
                }
            });
            Neighbours nn;
            if (byMetric) {
                nn = nearestByMetric(ctx, x, prototypeInputs, weights, head, axis1, leaveNearestOut);
            } else {
                nn = nearest(ctx, head.space() == AladFeatures.Space.ACTIVATED ? fReal : fLinear, head, axis1, leaveNearestOut);
            }
            ONNXRef<?> distance = nn.meanDistance();
            if (head.alpha() > 0) {
                ONNXInitializer spreads = ctx.array("prototype_spreads", head.spreads());
                ONNXRef<?> spread = ctx.operation(ONNXOperators.GATHER, List.of(spreads, nn.indices()), "neighbour_spreads",
                                Map.of("axis", 0))
                        .apply(ONNXOperators.REDUCE_SUM, axis1, Map.of("keepdims", 1))
                        .apply(ONNXOperators.MUL, ctx.constant("spread_inverse_k", 1f / head.k()))
                        .apply(ONNXOperators.POW, ctx.constant("spread_alpha", head.alpha()));
                distance = distance.apply(ONNXOperators.DIV, spread);
            }
            scoreColumn = distance.apply(ONNXOperators.MUL, ctx.constant("knn_weight", head.knnWeight()));
            // [batch, k, width]: the k nearest prototypes' inputs; their mean |x − p| says where x differs from its
            // neighbours (one neighbour alone can be x itself, a duplicate, and would explain nothing).
            ONNXRef<?> neighbourInputs = ctx.operation(ONNXOperators.GATHER, List.of(prototypeInputs, nn.indices()),
                    "neighbour_inputs", Map.of("axis", 0));
            ONNXRef<?> xRow = x.apply(ONNXOperators.UNSQUEEZE, axis1);
            ONNXRef<?> spread = xRow.apply(ONNXOperators.SUB, neighbourInputs).apply(ExtraOnnxOperators.ABS)
                    .apply(ONNXOperators.REDUCE_SUM, axis1, Map.of("keepdims", 0));
            contributions = share(ctx, spread, axis1, "nn").apply(ONNXOperators.MUL, scoreColumn);
        }
        if (head == null || head.aladWeight() > 0) {
            // ALAD's chain is built only when the score uses it: ONNX Runtime would run it all the same.
            ONNXRef<?> z = dense(ctx, x, weights.encoder(), "enc");
            ONNXRef<?> rec = dense(ctx, z, weights.generator(), "gen");
            ONNXRef<?> fRec = dense(ctx, concat(x, rec), weights.dxxFeatures(), "dxx");
            ONNXRef<?> alad = fReal.apply(ONNXOperators.SUB, fRec).apply(ExtraOnnxOperators.ABS)
                    .apply(ONNXOperators.REDUCE_SUM, axis1, Map.of("keepdims", 1));
            if (head != null) {
                alad = alad.apply(ONNXOperators.MUL, ctx.constant("alad_weight", head.aladWeight()));
            }
            ONNXRef<?> aladContributions = share(ctx, x.apply(ONNXOperators.SUB, rec).apply(ExtraOnnxOperators.ABS), axis1, "rec")
                    .apply(ONNXOperators.MUL, alad);
            scoreColumn = scoreColumn == null ? alad : scoreColumn.apply(ONNXOperators.ADD, alad);
            contributions = contributions == null ? aladContributions : contributions.apply(ONNXOperators.ADD, aladContributions);
        }
        // [batch, 1] to [batch]: the vector output.
        ONNXRef<?> score = scoreColumn.apply(ONNXOperators.REDUCE_SUM, axis1, Map.of("keepdims", 0));

        score.assignTo(scoreOut);
        contributions.assignTo(contribOut);

        OnnxMl.GraphProto graph = withVectorOutput(ctx.buildGraph(), SCORE);
        return OnnxModels.wrap(graph, "ALAD anomaly score: input x = encoded features; outputs score, contributions",
                producerVersion);
    }

    /** Each row of {@code errors} divided by its sum (plus a tiny epsilon): where the row's error lies. */
    private static ONNXRef<?> share(ONNXContext ctx, ONNXRef<?> errors, ONNXInitializer axis1, String name) {
        ONNXRef<?> total = errors.apply(ONNXOperators.REDUCE_SUM, axis1, Map.of("keepdims", 1))
                .apply(ONNXOperators.ADD, ctx.constant(name + "_eps", EPSILON));
        return errors.apply(ONNXOperators.DIV, total);
    }

    /**
     * The mean Euclidean distance from each row's features to its k nearest prototypes, [batch, 1],
     * and their indices. Squared distances as ‖f‖² − 2 f·p + ‖p‖² (one Gemm
     * against all prototypes), clamped at 0 against rounding, then TopK of the smallest.
     */
    private static Neighbours nearest(ONNXContext ctx, ONNXRef<?> f, KnnHead head, ONNXInitializer axis1,
                                      boolean leaveNearestOut) {
        int m = head.size();
        int d = head.featureWidth();
        ONNXInitializer prototypes = ctx.floatTensor("prototypes", List.of(m, d), fb -> {
            for (float[] p : head.features()) {
                fb.put(p);
            }
        });
        ONNXInitializer norms = ctx.floatTensor("prototype_norms", List.of(m), fb -> {
            for (float[] p : head.features()) {
                double s = 0;
                for (float v : p) {
                    s += (double) v * v;
                }
                fb.put((float) s);
            }
        });
        ONNXRef<?> cross = ctx.operation(ONNXOperators.GEMM, List.of(f, prototypes, norms), "knn_cross",
                Map.of("alpha", -2.0f, "beta", 1.0f, "transB", 1));
        ONNXRef<?> fNorm = f.apply(ONNXOperators.MUL, f).apply(ONNXOperators.REDUCE_SUM, axis1, Map.of("keepdims", 1));
        return smallest(ctx, cross.apply(ONNXOperators.ADD, fNorm).apply(ExtraOnnxOperators.RELU), head, axis1, leaveNearestOut);
    }

    /**
     * The k smallest of each row's squared distances, [batch, prototypes]: their mean square root and their indices;
     * with {@code leaveNearestOut}, the k after the smallest.
     */
    private static Neighbours smallest(ONNXContext ctx, ONNXRef<?> squared, KnnHead head, ONNXInitializer axis1,
                                       boolean leaveNearestOut) {
        int skip = leaveNearestOut ? 1 : 0;
        List<org.tribuo.util.onnx.ONNXNode> top = ctx.operation(ExtraOnnxOperators.TOP_K,
                List.of(squared, ctx.array("knn_k", new long[]{head.k() + skip})), List.of("knn_values", "knn_indices"),
                Map.of("axis", 1, "largest", 0, "sorted", 1));
        ONNXRef<?> values = top.get(0);
        ONNXRef<?> indices = top.get(1);
        if (leaveNearestOut) {
            long[] after = new long[head.k()];
            for (int i = 0; i < after.length; i++) {
                after[i] = i + 1;
            }
            ONNXInitializer kept = ctx.array("knn_after_nearest", after);
            values = ctx.operation(ONNXOperators.GATHER, List.of(values, kept), "knn_values_kept", Map.of("axis", 1));
            indices = ctx.operation(ONNXOperators.GATHER, List.of(indices, kept), "knn_indices_kept", Map.of("axis", 1));
        }
        ONNXRef<?> mean = values.apply(ExtraOnnxOperators.SQRT)
                .apply(ONNXOperators.REDUCE_SUM, axis1, Map.of("keepdims", 1))
                .apply(ONNXOperators.MUL, ctx.constant("knn_inverse_k", 1f / head.k()));
        return new Neighbours(mean, indices);
    }

    /**
     * Whether the head's distances can be computed in the input space instead: in the {@link AladFeatures.Space#LINEAR}
     * space of a one-layer feature network, f(x) − f(p) = W(x − p) with W = W_a + W_b (the layer sees (x, x)), so
     * ‖f(x) − f(p)‖² = (x − p)ᵀ WᵀW (x − p). That costs {@code width} multiplications per prototype and row instead of
     * the feature space's 128, which pays where rows are narrower than that.
     */
    static boolean metricApplies(AladWeights weights, KnnHead head) {
        return head.space() == AladFeatures.Space.LINEAR && weights.dxxFeatures().size() == 1
                && weights.inputWidth() < weights.featureWidth();
    }

    /**
     * The same neighbours as {@link #nearest}, with the distances taken in the input space under the metric
     * M = WᵀW of {@link #metricApplies}: ‖x‖²_M − 2 (xM)·p + ‖p‖²_M, one Gemm against the prototypes' encoded
     * inputs (which the graph stores for the contributions anyway), clamped at 0, then TopK of the smallest.
     */
    private static Neighbours nearestByMetric(ONNXContext ctx, ONNXRef<?> x, ONNXInitializer prototypeInputs, AladWeights weights,
                                              KnnHead head, ONNXInitializer axis1, boolean leaveNearestOut) {
        double[][] metric = inputMetric(weights);
        int d = metric.length;
        ONNXInitializer m = ctx.floatTensor("knn_metric", List.of(d, d), fb -> {
            for (double[] row : metric) {
                for (double v : row) {
                    fb.put((float) v);
                }
            }
        });
        ONNXInitializer norms = ctx.floatTensor("prototype_norms", List.of(head.size()), fb -> {
            for (float[] p : head.inputs()) {
                fb.put((float) quadratic(metric, p));
            }
        });
        ONNXInitializer noBias = ctx.floatTensor("knn_no_bias", List.of(1), fb -> fb.put(0f)); // broadcast by both Gemms
        ONNXRef<?> xm = ctx.operation(ONNXOperators.GEMM, List.of(x, m, noBias), "knn_xm", Map.of());
        ONNXRef<?> cross = ctx.operation(ONNXOperators.GEMM, List.of(xm, prototypeInputs, norms), "knn_cross",
                Map.of("alpha", -2.0f, "beta", 1.0f, "transB", 1));
        // ‖x‖²_M as a Gemm against ones, not a ReduceSum: ONNX Runtime reduces a one-row [1, width] tensor in another
        // order than a batch's rows when the width is this small (measured: up to 1e-3 apart after the cancellation in
        // the squared distance), and a record scored alone must score as it does in a batch.
        ONNXInitializer ones = ctx.floatTensor("knn_ones", List.of(1, d), fb -> {
            for (int i = 0; i < d; i++) {
                fb.put(1f);
            }
        });
        ONNXRef<?> xNorm = ctx.operation(ONNXOperators.GEMM, List.of(x.apply(ONNXOperators.MUL, xm), ones, noBias), "knn_x_norm",
                Map.of("transB", 1));
        return smallest(ctx, cross.apply(ONNXOperators.ADD, xNorm).apply(ExtraOnnxOperators.RELU), head, axis1, leaveNearestOut);
    }

    /** WᵀW for the one-layer feature network's W = W_a + W_b, {@code [width][width]}, in double. */
    private static double[][] inputMetric(AladWeights weights) {
        DenseLayer layer = weights.dxxFeatures().get(0);
        int d = weights.inputWidth();
        int in = layer.inputs(); // 2 d: the layer sees concat(x, x)
        double[][] w = new double[layer.outputs()][d];
        for (int o = 0; o < layer.outputs(); o++) {
            for (int j = 0; j < d; j++) {
                w[o][j] = (double) layer.weight()[o * in + j] + layer.weight()[o * in + d + j];
            }
        }
        double[][] metric = new double[d][d];
        for (double[] row : w) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    metric[i][j] += row[i] * row[j];
                }
            }
        }
        return metric;
    }

    private static double quadratic(double[][] metric, float[] p) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            double r = 0;
            for (int j = 0; j < p.length; j++) {
                r += metric[i][j] * p[j];
            }
            s += p[i] * r;
        }
        return s;
    }

    /** Outputs of {@link #nearest}: [batch, 1] and the neighbours' indices, int64 [batch, k]. */
    private record Neighbours(ONNXRef<?> meanDistance, ONNXRef<?> indices) {
    }

    private static ONNXRef<?> concat(ONNXRef<?> a, ONNXRef<?> b) {
        return a.onnxContext().operation(ONNXOperators.CONCAT, List.of(a, b), "concat", Map.of("axis", 1));
    }

    private static ONNXRef<?> dense(ONNXContext ctx, ONNXRef<?> input, List<DenseLayer> layers, String name) {
        ONNXRef<?> h = input;
        for (int i = 0; i < layers.size(); i++) {
            DenseLayer l = layers.get(i);
            ONNXInitializer w = ctx.floatTensor(name + i + "_w", List.of(l.outputs(), l.inputs()), fb -> fb.put(l.weight()));
            ONNXInitializer b = ctx.floatTensor(name + i + "_b", List.of(l.outputs()), fb -> fb.put(l.bias()));
            h = activate(ctx.operation(ONNXOperators.GEMM, List.of(h, w, b), name + i, Map.of("transB", 1)), l.act());
        }
        return h;
    }

    private static ONNXRef<?> activate(ONNXRef<?> h, io.ganwatch.training.Act act) {
        switch (act) {
            case RELU:
                return h.apply(ExtraOnnxOperators.RELU);
            case LEAKY_RELU:
                return h.apply(ExtraOnnxOperators.LEAKY_RELU, Map.of("alpha", io.ganwatch.training.Act.LEAKY_SLOPE));
            default:
                return h;
        }
    }

    /** Tribuo declares every output as [batch, n]; the score output is a plain vector [batch]. */
    private static OnnxMl.GraphProto withVectorOutput(OnnxMl.GraphProto graph, String name) {
        OnnxMl.GraphProto.Builder b = graph.toBuilder();
        for (int i = 0; i < b.getOutputCount(); i++) {
            if (b.getOutput(i).getName().equals(name)) {
                OnnxMl.TensorShapeProto shape = OnnxMl.TensorShapeProto.newBuilder()
                        .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                        .build();
                OnnxMl.TypeProto type = OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(shape)).build();
                b.setOutput(i, b.getOutput(i).toBuilder().setType(type));
            }
        }
        return b.build();
    }
}
