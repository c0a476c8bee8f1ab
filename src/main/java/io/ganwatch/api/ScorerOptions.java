package io.ganwatch.api;

import io.ganwatch.scoring.Device;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How a {@link GanwatchScorer} runs. Immutable and validated when made: start from {@link #defaults()}
 * and change what you need with the {@code with...} methods, each of which returns a new instance.
 *
 * @param device      where the model runs: {@code cpu}, {@code cuda} or {@code cuda:N}; a CUDA device
 *                    that is not available falls back to the CPU with a warning
 * @param threads     ONNX Runtime intra-op threads per model; 0 lets it take one per core. The default,
 *                    1, suits Kafka Streams, where parallelism comes from stream threads
 * @param threshold   a fixed alert threshold instead of the bundle's own; empty for the bundle's
 * @param topK        how many contributing columns an anomaly's result lists (0 to 50; 0 for none)
 * @param modelId     with {@link GanwatchScorer#followModelTopic}: the model id to serve; empty to take the
 *                    only id the topic holds
 * @param trustedKeys with {@link GanwatchScorer#followModelTopic}: a directory of publishers' public keys
 *                    ({@code ganwatch keygen}); when given, only bundles signed by one of them are served.
 *                    Empty serves any bundle on the topic
 */
public record ScorerOptions(String device, int threads, OptionalDouble threshold, int topK, Optional<String> modelId,
                            Optional<Path> trustedKeys) {
    /** Contributions per anomaly by default: the stream processor's default ({@code ganwatch.top.k}). */
    public static final int DEFAULT_TOP_K = 3;
    /** ONNX Runtime threads per model by default: one, as ganwatch's own stream processor runs. */
    public static final int DEFAULT_THREADS = 1;

    /** Validates every setting; the message says which one and what is allowed. */
    public ScorerOptions {
        Objects.requireNonNull(device, "device must be cpu, cuda or cuda:N, was null");
        Device.parse(device); // throws with the allowed forms
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 (one per core) or more, was " + threads);
        }
        Objects.requireNonNull(threshold, "threshold: use OptionalDouble.empty() for the bundle's own");
        if (threshold.isPresent() && !Double.isFinite(threshold.getAsDouble())) {
            throw new IllegalArgumentException("threshold must be a finite number, was " + threshold.getAsDouble());
        }
        if (topK < 0 || topK > 50) {
            throw new IllegalArgumentException("topK must be between 0 and 50, was " + topK);
        }
        Objects.requireNonNull(modelId, "modelId: use Optional.empty() to take the only id on the topic");
        if (modelId.isPresent() && modelId.get().isBlank()) {
            throw new IllegalArgumentException("modelId must not be blank; leave it empty to take the only id on the topic");
        }
        Objects.requireNonNull(trustedKeys, "trustedKeys: use Optional.empty() to serve any bundle");
    }

    /**
     * CPU, one thread, the bundle's threshold, {@value #DEFAULT_TOP_K} contributions, any model id and bundle.
     *
     * @return the default options
     */
    public static ScorerOptions defaults() {
        return new ScorerOptions("cpu", DEFAULT_THREADS, OptionalDouble.empty(), DEFAULT_TOP_K, Optional.empty(), Optional.empty());
    }

    /**
     * With another device: {@code cpu}, {@code cuda} or {@code cuda:N}.
     *
     * @param device {@code cpu}, {@code cuda} or {@code cuda:N}
     * @return new options with that change
     */
    public ScorerOptions withDevice(String device) {
        return new ScorerOptions(device, threads, threshold, topK, modelId, trustedKeys);
    }

    /**
     * With another number of ONNX Runtime threads per model (0: one per core).
     *
     * @param threads threads per model, 0 for one per core
     * @return new options with that change
     */
    public ScorerOptions withThreads(int threads) {
        return new ScorerOptions(device, threads, threshold, topK, modelId, trustedKeys);
    }

    /**
     * With a fixed threshold instead of the bundle's.
     *
     * @param threshold the fixed threshold, a finite number
     * @return new options with that change
     */
    public ScorerOptions withThreshold(double threshold) {
        return new ScorerOptions(device, threads, OptionalDouble.of(threshold), topK, modelId, trustedKeys);
    }

    /**
     * With the bundle's own threshold again.
     *
     * @return new options with that change
     */
    public ScorerOptions withBundleThreshold() {
        return new ScorerOptions(device, threads, OptionalDouble.empty(), topK, modelId, trustedKeys);
    }

    /**
     * With another number of contributions per anomaly (0 to 50).
     *
     * @param topK 0 to 50
     * @return new options with that change
     */
    public ScorerOptions withTopK(int topK) {
        return new ScorerOptions(device, threads, threshold, topK, modelId, trustedKeys);
    }

    /**
     * Serving model id {@code modelId} from a model topic.
     *
     * @param modelId the model id to serve
     * @return new options with that change
     */
    public ScorerOptions withModelId(String modelId) {
        return new ScorerOptions(device, threads, threshold, topK, Optional.of(modelId), trustedKeys);
    }

    /**
     * Serving only bundles signed by a key in {@code dir}, from a model topic.
     *
     * @param dir the directory of trusted public keys
     * @return new options with that change
     */
    public ScorerOptions withTrustedKeys(Path dir) {
        return new ScorerOptions(device, threads, threshold, topK, modelId, Optional.of(dir));
    }
}
