package io.ganwatch.scoring;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.ganwatch.model.BundleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens ONNX Runtime sessions on the device asked for, falling back to the CPU with one warning.
 *
 * <p>The CPU jar throws "Failed to find CUDA shared provider", the GPU jar on a machine without
 * CUDA throws "Failed to load shared library", and {@code getAvailableProviders()} lists CUDA in
 * both cases, so trying is the only reliable test. Shared by the detector's scorer and the GAN's
 * generator so that both behave the same way on a machine without a GPU.
 */
public final class OrtSessions {
    private static final Logger LOG = LoggerFactory.getLogger(OrtSessions.class);

    private OrtSessions() {
    }

    /**
     * An open session and the device it actually runs on.
     *
     * @param session the session (the caller closes it)
     * @param device  the device in use after any fallback
     */
    public record Opened(OrtSession session, Device device) {
    }

    /**
     * Opens {@code graph} on {@code requested}, or on the CPU when CUDA cannot load.
     *
     * @param threads intra-op threads (0 lets ONNX Runtime decide)
     * @throws BundleException when the graph cannot be loaded at all
     */
    public static Opened open(byte[] graph, Device requested, int threads) {
        return open(graph, requested, threads, true);
    }

    /**
     * {@link #open(byte[], Device, int)}, with the intra-op threads' spinning on or off. ONNX Runtime's threads
     * spin for a while after each run, waiting for the next one; that is right when runs follow each other
     * closely, and wrong when Java work on the same cores comes between them (the GAN's decoding), which the
     * spinning threads then slow down.
     *
     * @param spinning whether idle intra-op threads spin (ONNX Runtime's default) or sleep
     */
    public static Opened open(byte[] graph, Device requested, int threads, boolean spinning) {
        CommandLineGuard.check();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        if (requested.cuda()) {
            try (OrtSession.SessionOptions o = options(threads, requested, spinning)) {
                return new Opened(env.createSession(graph, o), requested);
            } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                LOG.warn("CUDA device {} is not usable ({}); running on the CPU instead", requested.deviceId(), firstLine(e));
            }
        }
        // The session copies its options, so they are closed (native memory freed) once it exists.
        try (OrtSession.SessionOptions o = options(threads, Device.CPU, spinning)) {
            return new Opened(env.createSession(graph, o), Device.CPU);
        } catch (OrtException e) {
            throw new BundleException("ONNX Runtime cannot load the model graph (" + firstLine(e)
                    + "); the bundle is corrupt or was written by an incompatible version: retrain it", e);
        }
    }

    private static OrtSession.SessionOptions options(int threads, Device device, boolean spinning) throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        if (!spinning) {
            o.addConfigEntry("session.intra_op.allow_spinning", "0");
        }
        if (threads > 0) {
            o.setIntraOpNumThreads(threads);
        }
        if (device.cuda()) {
            o.addCUDA(device.deviceId());
        }
        return o;
    }

    /** First line of an exception's message: ONNX Runtime's messages run to many lines. */
    public static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
