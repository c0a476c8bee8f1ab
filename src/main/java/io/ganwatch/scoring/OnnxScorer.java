package io.ganwatch.scoring;

import io.ganwatch.features.FloatRows;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.ganwatch.model.BundleException;
import io.ganwatch.model.OnnxExporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Set;

/**
 * Runs a ganwatch graph with ONNX Runtime on batches of encoded rows.
 *
 * <p>Asking for CUDA where it cannot load logs one warning and falls back to the CPU (see
 * {@link OrtSessions}). Thread-safe: ONNX Runtime sessions allow concurrent runs.
 */
public final class OnnxScorer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxScorer.class);

    private final OrtEnvironment env;
    private final OrtSession session;
    private final int width;
    private final Device device;

    /**
     * Opens a session for the graph.
     *
     * @param graph     serialised ONNX model written by {@link OnnxExporter}
     * @param requested device asked for; the device actually used is {@link #device()}
     * @param threads   intra-op threads (0 lets ONNX Runtime decide)
     */
    public OnnxScorer(byte[] graph, Device requested, int threads) {
        OrtSessions.Opened opened = OrtSessions.open(graph, requested, threads);
        this.env = OrtEnvironment.getEnvironment();
        this.session = opened.session();
        this.device = opened.device();
        try {
            this.width = inputWidth(session);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private static int inputWidth(OrtSession s) {
        try {
            NodeInfo in = s.getInputInfo().get(OnnxExporter.INPUT);
            if (in == null || !s.getOutputNames().containsAll(Set.of(OnnxExporter.SCORE, OnnxExporter.CONTRIBUTIONS))) {
                throw new BundleException("the model graph does not have input '" + OnnxExporter.INPUT + "' and outputs '"
                        + OnnxExporter.SCORE + "', '" + OnnxExporter.CONTRIBUTIONS + "'; it was not written by ganwatch: retrain");
            }
            long[] shape = ((TensorInfo) in.getInfo()).getShape();
            return (int) shape[1];
        } catch (OrtException e) {
            throw new BundleException("cannot inspect the model graph: " + firstLine(e), e);
        }
    }

    private static String firstLine(Throwable e) {
        return OrtSessions.firstLine(e);
    }

    /** Encoded width the graph expects. */
    public int width() {
        return width;
    }

    /** The device in use after any fallback. */
    public Device device() {
        return device;
    }

    /**
     * Scores {@code rows} rows stored row-major in {@code flat}.
     *
     * @param withContributions also fetch per-feature contributions and keep a copy of the rows with them
     *                          (costs two copies of rows x width floats)
     * @throws ScoringEngineException when ONNX Runtime fails on rows of the right shape (an engine fault)
     */
    public ScoreBatch score(float[] flat, int rows, boolean withContributions) {
        if (flat.length != rows * width) {
            throw new IllegalArgumentException("expected " + rows + " rows of " + width + " features, got " + flat.length + " floats");
        }
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(flat), new long[]{rows, width});
             OrtSession.Result r = withContributions
                     ? session.run(Map.of(OnnxExporter.INPUT, x))
                     : session.run(Map.of(OnnxExporter.INPUT, x), Set.of(OnnxExporter.SCORE))) {
            float[] scores = toArray(((OnnxTensor) r.get(OnnxExporter.SCORE).orElseThrow()).getFloatBuffer());
            float[] contributions = withContributions
                    ? toArray(((OnnxTensor) r.get(OnnxExporter.CONTRIBUTIONS).orElseThrow()).getFloatBuffer())
                    : null;
            // A copy, not flat itself: callers reuse their buffers for the next batch.
            return new ScoreBatch(scores, contributions, width, withContributions ? flat.clone() : null);
        } catch (OrtException e) {
            throw new ScoringEngineException("ONNX Runtime failed to score a batch of " + rows + " rows: " + firstLine(e), e);
        }
    }

    /** Scores row arrays, in batches of {@code batchSize}. */
    public ScoreBatch score(float[][] rows, int batchSize, boolean withContributions) {
        return score(FloatRows.of(rows), batchSize, withContributions);
    }

    /** As {@link #score(float[][], int, boolean)}, on rows held any way. */
    public ScoreBatch score(FloatRows rows, int batchSize, boolean withContributions) {
        int size = rows.size();
        float[] scores = new float[size];
        float[] contributions = withContributions ? new float[size * width] : null;
        float[] inputs = withContributions ? rows.flatten(0, size) : null;
        for (int from = 0; from < size; from += batchSize) {
            int n = Math.min(batchSize, size - from);
            float[] flat = rows.flatten(from, from + n);
            ScoreBatch b = score(flat, n, withContributions);
            System.arraycopy(b.scores(), 0, scores, from, n);
            if (withContributions) {
                System.arraycopy(b.contributions(), 0, contributions, from * width, n * width);
            }
        }
        return new ScoreBatch(scores, contributions, width, inputs);
    }

    private static float[] toArray(FloatBuffer b) {
        float[] a = new float[b.remaining()];
        b.get(a);
        return a;
    }

    @Override
    public void close() {
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession s) {
        try {
            s.close();
        } catch (OrtException e) {
            LOG.debug("closing ONNX Runtime session failed", e);
        }
    }
}
