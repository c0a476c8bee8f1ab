package io.ganwatch.model;

import ai.onnx.proto.OnnxMl;
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
 * [batch] and {@code contributions} [batch, features]. A feature's contribution is its share of
 * the reconstruction error |x − G(E(x))| times the score, so contributions sum to the score and
 * name the features the model could not reproduce.
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

    /** Serialised ONNX model for the weights. */
    public static byte[] export(AladWeights weights, String producerVersion) {
        int width = weights.inputWidth();
        ONNXContext ctx = new ONNXContext();
        ctx.setName("ganwatch_alad");
        ONNXPlaceholder x = ctx.floatInput(INPUT, width);
        ONNXPlaceholder scoreOut = ctx.floatOutput(SCORE, 1);
        ONNXPlaceholder contribOut = ctx.floatOutput(CONTRIBUTIONS, width);

        ONNXRef<?> z = dense(ctx, x, weights.encoder(), "enc");
        ONNXRef<?> rec = dense(ctx, z, weights.generator(), "gen");
        ONNXRef<?> fReal = dense(ctx, concat(x, x), weights.dxxFeatures(), "dxx");
        ONNXRef<?> fRec = dense(ctx, concat(x, rec), weights.dxxFeatures(), "dxx");
        ONNXInitializer axis1 = ctx.array("axis1", new long[]{1});

        ONNXRef<?> featDiff = fReal.apply(ONNXOperators.SUB, fRec).apply(ExtraOnnxOperators.ABS);
        ONNXRef<?> score = featDiff.apply(ONNXOperators.REDUCE_SUM, axis1, Map.of("keepdims", 0));
        ONNXRef<?> scoreColumn = featDiff.apply(ONNXOperators.REDUCE_SUM, axis1, Map.of("keepdims", 1));

        ONNXRef<?> recErr = x.apply(ONNXOperators.SUB, rec).apply(ExtraOnnxOperators.ABS);
        ONNXRef<?> recTotal = recErr.apply(ONNXOperators.REDUCE_SUM, axis1, Map.of("keepdims", 1))
                .apply(ONNXOperators.ADD, ctx.constant("eps", EPSILON));
        ONNXRef<?> contributions = recErr.apply(ONNXOperators.DIV, recTotal).apply(ONNXOperators.MUL, scoreColumn);

        score.assignTo(scoreOut);
        contributions.assignTo(contribOut);

        OnnxMl.GraphProto graph = withVectorOutput(ctx.buildGraph(), SCORE);
        return OnnxModels.wrap(graph, "ALAD anomaly score: input x = encoded features; outputs score, contributions",
                producerVersion);
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
            h = ctx.operation(ONNXOperators.GEMM, List.of(h, w, b), name + i, Map.of("transB", 1));
            switch (l.act()) {
                case RELU:
                    h = h.apply(ExtraOnnxOperators.RELU);
                    break;
                case LEAKY_RELU:
                    h = h.apply(ExtraOnnxOperators.LEAKY_RELU, Map.of("alpha", io.ganwatch.training.Act.LEAKY_SLOPE));
                    break;
                default:
                    break;
            }
        }
        return h;
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
