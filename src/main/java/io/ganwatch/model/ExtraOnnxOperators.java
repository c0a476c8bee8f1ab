package io.ganwatch.model;

import ai.onnx.proto.OnnxMl;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;

import java.util.Map;
import java.util.Set;

/**
 * Opset-13 operators that Tribuo's {@code ONNXOperators} does not define but ganwatch's graphs (detector and CTGAN generator) need.
 */
public enum ExtraOnnxOperators implements ONNXOperator {
    /** Elementwise absolute value. */
    ABS("Abs", Map.of()),
    /** max(0, x). */
    RELU("Relu", Map.of()),
    /** Leaky ReLU with attribute {@code alpha}. */
    LEAKY_RELU("LeakyRelu", Map.of("alpha", new ONNXAttribute("alpha", OnnxMl.AttributeProto.AttributeType.FLOAT, false))),
    /** Elementwise square root. */
    SQRT("Sqrt", Map.of()),
    /** Elementwise hyperbolic tangent. */
    TANH("Tanh", Map.of()),
    /** Elementwise exponential. */
    EXP("Exp", Map.of()),
    /** The input clamped to [min, max] (second and third inputs, scalars). */
    CLIP("Clip", 3, 1, Map.of()),
    /**
     * The {@code K} (second input, int64 [1]) largest or smallest values along {@code axis}, and their
     * indices (two outputs); {@code largest} 0 gives the smallest, {@code sorted} 1 orders them.
     */
    TOP_K("TopK", 2, 2, Map.of(
            "axis", new ONNXAttribute("axis", OnnxMl.AttributeProto.AttributeType.INT, false),
            "largest", new ONNXAttribute("largest", OnnxMl.AttributeProto.AttributeType.INT, false),
            "sorted", new ONNXAttribute("sorted", OnnxMl.AttributeProto.AttributeType.INT, false)));

    private final String name;
    private final int inputs;
    private final int outputs;
    private final Map<String, ONNXAttribute> attributes;

    ExtraOnnxOperators(String name, Map<String, ONNXAttribute> attributes) {
        this(name, 1, 1, attributes);
    }

    ExtraOnnxOperators(String name, int inputs, int outputs, Map<String, ONNXAttribute> attributes) {
        this.name = name;
        this.inputs = inputs;
        this.outputs = outputs;
        this.attributes = attributes;
    }

    @Override
    public String getOpName() {
        return name;
    }

    @Override
    public int getNumInputs() {
        return inputs;
    }

    @Override
    public int getNumOptionalInputs() {
        return 0;
    }

    @Override
    public int getNumOutputs() {
        return outputs;
    }

    @Override
    public Map<String, ONNXAttribute> getAttributes() {
        return attributes;
    }

    @Override
    public Set<String> getMandatoryAttributeNames() {
        return Set.of();
    }

    @Override
    public int getOpVersion() {
        return 13;
    }

    /** Default ONNX domain, like Tribuo's own operators (a null domain is left unset on the node). */
    @Override
    public String getOpDomain() {
        return null;
    }
}
