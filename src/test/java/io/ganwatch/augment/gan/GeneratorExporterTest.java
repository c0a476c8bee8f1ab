package io.ganwatch.augment.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.ganwatch.scoring.Device;
import io.ganwatch.scoring.OrtSessions;
import io.ganwatch.training.TrainingEngine;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/** The exported graph (batch norm folded into Gemm, tanh and exponentials per output block) computes what the DJL generator computes. */
class GeneratorExporterTest {

    @Test
    void onnxRuntimeOutputEqualsTheDjlForwardPass() throws Exception {
        TrainingEngine.get().setRandomSeed(9);
        int embedding = 6;
        int cond = 3;
        try (NDManager m = NDManager.newBaseManager()) {
            Generator g = new Generator(m, embedding + cond, new int[]{16, 8}, 11);
            for (int i = 0; i < 5; i++) { // move the running statistics and the affine BN parameters away from 0/1
                g.forward(m.randomNormal(0.5f, 2f, new Shape(64, embedding + cond), ai.djl.ndarray.types.DataType.FLOAT32), true);
            }
            g.gamma.get(0).set(m.randomUniform(0.5f, 1.5f, new Shape(16)).toFloatArray());
            g.beta.get(1).set(m.randomUniform(-0.5f, 0.5f, new Shape(8)).toFloatArray());
            NDArray z = m.randomNormal(new Shape(7, embedding));
            NDArray c = m.zeros(new Shape(7, cond));
            c.set(new float[]{1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0});
            float[] expected = g.forward(z.concat(c, 1), false).toFloatArray();
            List<TabularTransformer.OutputBlock> blocks = List.of(
                    new TabularTransformer.OutputBlock(0, 1, TabularTransformer.Activation.TANH),
                    new TabularTransformer.OutputBlock(1, 4, TabularTransformer.Activation.EXP),
                    new TabularTransformer.OutputBlock(5, 1, TabularTransformer.Activation.TANH),
                    new TabularTransformer.OutputBlock(6, 5, TabularTransformer.Activation.EXP));
            TabularTransformer.activate(expected, 7, 11, blocks);

            byte[] onnx = GeneratorExporter.export(g, embedding, cond, blocks, "test");
            OrtSessions.Opened opened = OrtSessions.open(onnx, Device.CPU, 1);
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession s = opened.session();
                 OnnxTensor zt = OnnxTensor.createTensor(env, FloatBuffer.wrap(z.toFloatArray()), new long[]{7, embedding});
                 OnnxTensor ct = OnnxTensor.createTensor(env, FloatBuffer.wrap(c.toFloatArray()), new long[]{7, cond});
                 OrtSession.Result r = s.run(Map.of(GeneratorExporter.NOISE, zt, GeneratorExporter.CONDITION, ct))) {
                FloatBuffer fb = ((OnnxTensor) r.get(GeneratorExporter.OUTPUT).orElseThrow()).getFloatBuffer();
                float[] actual = new float[fb.remaining()];
                fb.get(actual);
                assertThat(actual).hasSameSizeAs(expected);
                for (int i = 0; i < expected.length; i++) {
                    assertThat(actual[i]).isCloseTo(expected[i], offset(1e-4f + 1e-4f * Math.abs(expected[i])));
                }
                for (int row = 0; row < 7; row++) { // offsets within (−1, 1), weights positive
                    assertThat(actual[row * 11]).isStrictlyBetween(-1f, 1f);
                    for (int k = 6; k < 11; k++) {
                        assertThat(actual[row * 11 + k]).isPositive();
                    }
                }
            }
        }
    }
}
