package io.ganwatch.training;

import ai.djl.engine.Engine;

/**
 * Loads DJL's PyTorch engine offline, from the native library jar on the classpath.
 *
 * <p>DJL reads these settings from system properties when the engine first loads, so they must be
 * set before any DJL call. Without them DJL tries to download a native build, which fails on
 * machines without internet access. Settings already given on the command line win.
 */
public final class TrainingEngine {
    /** The PyTorch build shipped in {@code pytorch-native-cpu}; must match the pom. */
    public static final String PYTORCH_VERSION = "2.7.1";

    private TrainingEngine() {
    }

    /** The engine, loaded on first call. On 2 cores one intra-op thread measured faster than two. */
    public static synchronized Engine get() {
        setDefault("ai.djl.offline", "true");
        setDefault("PYTORCH_VERSION", PYTORCH_VERSION);
        setDefault("PYTORCH_FLAVOR", "cpu");
        setDefault("ai.djl.pytorch.num_threads", "1");
        setDefault("ai.djl.pytorch.num_interop_threads", "1");
        try {
            return Engine.getEngine("PyTorch");
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new IllegalStateException("could not load the PyTorch training engine (" + e.getMessage()
                    + "); training needs the pytorch-native-cpu jar for linux-x86_64 on the classpath", e);
        }
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null && System.getenv(key) == null) {
            System.setProperty(key, value);
        }
    }
}
