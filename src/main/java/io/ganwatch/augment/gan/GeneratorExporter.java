package io.ganwatch.augment.gan;

import io.ganwatch.model.ExtraOnnxOperators;
import io.ganwatch.model.OnnxModels;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes the trained generator as an ONNX graph with Tribuo's builder: inputs {@code z} [batch,
 * embedding] and {@code cond} [batch, condition width] → output {@code rows} [batch, output width]:
 * offsets after their tanh and one-hot blocks as weights exp(logit) ({@link TabularTransformer#outputBlocks()};
 * {@link TabularTransformer#decode} draws the modes and categories and finishes the rows). The activations are
 * in the graph because ONNX Runtime computes the exponentials vectorised, where in Java they cost as much
 * as the networks themselves (hundreds a row). Batch normalisation uses its running statistics and is folded
 * into the preceding Gemm.
 */
final class GeneratorExporter {
    static final String NOISE = "z";
    static final String CONDITION = "cond";
    static final String OUTPUT = "rows";

    private GeneratorExporter() {
    }

    static byte[] export(Generator g, int embedding, int conditionWidth, List<TabularTransformer.OutputBlock> blocks,
                         String producerVersion) {
        int outputWidth = blocks.stream().mapToInt(TabularTransformer.OutputBlock::width).sum();
        ONNXContext ctx = new ONNXContext();
        ctx.setName("ganwatch_ctgan_generator");
        ONNXPlaceholder z = ctx.floatInput(NOISE, embedding);
        ONNXPlaceholder cond = ctx.floatInput(CONDITION, conditionWidth);
        ONNXPlaceholder out = ctx.floatOutput(OUTPUT, outputWidth);
        ONNXRef<?> h = concat(ctx, z, cond);
        for (int i = 0; i < g.residual.size(); i++) {
            Dense d = g.residual.get(i);
            float[] w = d.weights();
            float[] b = d.biases();
            float[] gamma = g.gamma.get(i).toFloatArray();
            float[] beta = g.beta.get(i).toFloatArray();
            float[] mean = g.runningMean.get(i).toFloatArray();
            float[] var = g.runningVar.get(i).toFloatArray();
            // BN(xW + b) = x(W·s) + (b − μ)·s + β with s = γ / √(σ² + ε), per output unit.
            for (int o = 0; o < d.outputs; o++) {
                float s = (float) (gamma[o] / Math.sqrt(var[o] + Generator.BN_EPSILON));
                for (int in = 0; in < d.inputs; in++) {
                    w[in * d.outputs + o] *= s;
                }
                b[o] = (b[o] - mean[o]) * s + beta[o];
            }
            ONNXRef<?> a = gemm(ctx, h, d, w, b);
            h = concat(ctx, a.apply(ExtraOnnxOperators.RELU), h);
        }
        ONNXRef<?> raw = gemm(ctx, h, g.out, g.out.weights(), g.out.biases());
        // Whole-tensor elementwise operations: ONNX Runtime vectorises them, where a softmax per block
        // (a Gather and a Softmax each, 42 blocks and 38 offsets on NSL-KDD) cost as much as the exponentials in Java did.
        float[] isOffset = new float[outputWidth];
        for (TabularTransformer.OutputBlock b : blocks) {
            if (b.activation() == TabularTransformer.Activation.TANH) {
                Arrays.fill(isOffset, b.from(), b.from() + b.width(), 1f);
            }
        }
        ONNXRef<?> offsets = ctx.floatTensor("is_offset", List.of(outputWidth), fb -> fb.put(isOffset))
                .apply(ONNXOperators.GREATER, ctx.constant("half", 0.5f));
        ONNXRef<?> weights = ctx.operation(ExtraOnnxOperators.CLIP, List.of(raw,
                        ctx.constant("logit_min", -TabularTransformer.LOGIT_LIMIT), ctx.constant("logit_max", TabularTransformer.LOGIT_LIMIT)),
                "clipped", Map.of()).apply(ExtraOnnxOperators.EXP);
        ctx.operation(ONNXOperators.WHERE, List.of(offsets, raw.apply(ExtraOnnxOperators.TANH), weights), "rows_where", Map.of())
                .assignTo(out);
        return OnnxModels.wrap(ctx.buildGraph(),
                "CTGAN generator: inputs z (noise), cond (one-hot condition); output rows (offsets after tanh, "
                        + "one-hot blocks as weights exp(logit))", producerVersion);
    }

    private static ONNXRef<?> gemm(ONNXContext ctx, ONNXRef<?> x, Dense d, float[] w, float[] b) {
        ONNXInitializer wi = ctx.floatTensor(d.id + "_w", List.of(d.inputs, d.outputs), fb -> fb.put(w));
        ONNXInitializer bi = ctx.floatTensor(d.id + "_b", List.of(d.outputs), fb -> fb.put(b));
        return ctx.operation(ONNXOperators.GEMM, List.of(x, wi, bi), d.id, Map.of());
    }

    private static ONNXRef<?> concat(ONNXContext ctx, ONNXRef<?> a, ONNXRef<?> b) {
        return ctx.operation(ONNXOperators.CONCAT, List.of(a, b), "concat", Map.of("axis", 1));
    }
}
