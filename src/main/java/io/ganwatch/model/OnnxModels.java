package io.ganwatch.model;

import ai.onnx.proto.OnnxMl;
import org.tribuo.util.onnx.ONNXOperators;

/** Wraps a graph from Tribuo's builder into the ONNX model ganwatch writes (IR 7, Tribuo's opset 13). */
public final class OnnxModels {
    /** ONNX IR version written; 7 is the one that goes with opset 13. */
    public static final long IR_VERSION = 7;

    private OnnxModels() {
    }

    /**
     * The serialised model.
     *
     * @param docString       what the graph computes, for anyone opening it in Netron
     * @param producerVersion ganwatch's version
     */
    public static byte[] wrap(OnnxMl.GraphProto graph, String docString, String producerVersion) {
        return OnnxMl.ModelProto.newBuilder()
                .setGraph(graph)
                .setIrVersion(IR_VERSION)
                .addOpsetImport(ONNXOperators.getOpsetProto())
                .setProducerName("ganwatch")
                .setProducerVersion(producerVersion)
                .setDomain("io.ganwatch")
                .setModelVersion(1)
                .setDocString(docString)
                .build()
                .toByteArray();
    }
}
