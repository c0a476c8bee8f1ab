package io.ganwatch.benchmark;

import io.ganwatch.features.EncodedRows;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ganwatch.detector.Detector;
import io.ganwatch.input.Table;
import io.ganwatch.model.OnnxExporter;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Set;

/**
 * Scoring throughput of ganwatch in process (raw rows → encoder → ONNX Runtime → scores) against
 * raw ONNX Runtime on the same graph (pre-encoded tensors straight into a bare session), measured
 * in the same run so that the ratio is meaningful on a shared, noisy machine.
 *
 * @param inProcessRowsPerSecond rows/s through {@link Detector#score}
 * @param rawOnnxRowsPerSecond   rows/s through a bare ONNX Runtime session
 * @param ratio                  in-process / raw (the target is at least 0.5)
 * @param rows                   rows per pass
 */
public record Throughput(
        @JsonProperty("in_process_rows_per_s") double inProcessRowsPerSecond,
        @JsonProperty("raw_onnx_rows_per_s") double rawOnnxRowsPerSecond,
        @JsonProperty("ratio") double ratio,
        @JsonProperty("rows") int rows) {

    private static final int BATCH = 4096;
    private static final double MIN_SECONDS = 1.5;

    /** Measures both paths on the test rows, alternating them so that drift hits both alike. */
    public static Throughput measure(Detector detector, Table rows) {
        float[][] encoded = detector.encoder().encode(rows);
        int width = detector.encoder().width();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
             OrtSession raw = OrtEnvironment.getEnvironment().createSession(detector.bundle().graph(), o)) {
            FloatBuffer[] batches = flatten(encoded);
            // warm-up both paths
            detector.score(rows, false);
            rawPass(raw, batches, width);
            double inProcess = 0;
            double bare = 0;
            long inRows = 0;
            long rawRows = 0;
            while (inProcess < MIN_SECONDS || bare < MIN_SECONDS) {
                long t0 = System.nanoTime();
                detector.score(rows, false);
                inProcess += (System.nanoTime() - t0) / 1e9;
                inRows += rows.size();
                long t1 = System.nanoTime();
                rawPass(raw, batches, width);
                bare += (System.nanoTime() - t1) / 1e9;
                rawRows += rows.size();
            }
            double a = inRows / inProcess;
            double b = rawRows / bare;
            return new Throughput(a, b, a / b, rows.size());
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed during the throughput measurement: " + e.getMessage(), e);
        }
    }

    private static FloatBuffer[] flatten(float[][] rows) {
        int n = (rows.length + BATCH - 1) / BATCH;
        FloatBuffer[] out = new FloatBuffer[n];
        for (int b = 0; b < n; b++) {
            int from = b * BATCH;
            int count = Math.min(BATCH, rows.length - from);
            out[b] = FloatBuffer.wrap(EncodedRows.flatten(rows, from, from + count));
        }
        return out;
    }

    private static void rawPass(OrtSession session, FloatBuffer[] batches, int width) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        for (FloatBuffer b : batches) {
            b.rewind();
            try (OnnxTensor x = OnnxTensor.createTensor(env, b, new long[]{b.remaining() / width, width});
                 OrtSession.Result r = session.run(Map.of(OnnxExporter.INPUT, x), Set.of(OnnxExporter.SCORE))) {
                r.get(0).getValue();
            }
        }
    }
}
