package io.ganwatch.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link ScoringMetrics} on a Micrometer registry, exported at {@code /metrics} in Prometheus
 * format: records scored, alerts, dead letters by reason, a scoring latency histogram, model swaps
 * and refusals, engine retries and failures, and the serving model version as an info-style gauge (1 for the current version).
 */
public final class MicrometerScoringMetrics implements ScoringMetrics {
    private final MeterRegistry registry;
    private final Counter scored;
    private final Counter alerts;
    private final Map<RejectReason, Counter> deadLetters = new EnumMap<>(RejectReason.class);
    private final Timer latency;
    private final Counter swaps;
    private final Counter refused;
    private final Counter engineRetries;
    private final Counter engineFailures;
    private final Counter watcherErrors;
    private final Map<String, AtomicInteger> versions = new ConcurrentHashMap<>();

    /** Registers the meters on {@code registry}. */
    public MicrometerScoringMetrics(MeterRegistry registry) {
        this.registry = registry;
        scored = Counter.builder("ganwatch.records.scored").description("Records scored").register(registry);
        alerts = Counter.builder("ganwatch.alerts").description("Alerts written").register(registry);
        for (RejectReason r : RejectReason.values()) {
            deadLetters.put(r, Counter.builder("ganwatch.dead.letters").tag("reason", r.code())
                    .description("Records sent to the dead-letter topic").register(registry));
        }
        latency = Timer.builder("ganwatch.scoring.latency").description("Decode-to-result time per record")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofSeconds(1)).register(registry);
        swaps = Counter.builder("ganwatch.model.swaps").description("Models installed while running").register(registry);
        refused = Counter.builder("ganwatch.model.refused").description("Model bundles refused (corrupt or incompatible)")
                .register(registry);
        engineRetries = Counter.builder("ganwatch.engine.retries")
                .description("Scoring attempts that failed in the engine (ONNX Runtime, CUDA) and were retried").register(registry);
        engineFailures = Counter.builder("ganwatch.engine.failures")
                .description("Records on which the engine kept failing; their task was restarted, the record not lost")
                .register(registry);
        watcherErrors = Counter.builder("ganwatch.model.watcher.errors")
                .description("Unexpected failures of the model watcher, which logged them and went on").register(registry);
    }

    @Override
    public void engineRetry() {
        engineRetries.increment();
    }

    @Override
    public void engineFailure() {
        engineFailures.increment();
    }

    /** Counts a bundle refused for who signed it ({@code unsigned}, {@code unknown-key}, {@code bad-signature}). */
    public void untrusted(String reason) {
        Counter.builder("ganwatch.model.untrusted").tag("reason", reason)
                .description("Model bundles refused because no trusted key signed them").register(registry).increment();
    }

    /** Counts an unexpected failure of the model watcher (it goes on). */
    public void watcherError() {
        watcherErrors.increment();
    }

    @Override
    public void scored(long nanos) {
        scored.increment();
        latency.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void alert() {
        alerts.increment();
    }

    @Override
    public void deadLetter(RejectReason reason) {
        deadLetters.get(reason).increment();
    }

    /** Marks {@code version} of {@code modelId} as the one serving (and any other as not). */
    public void serving(String modelId, String version) {
        versions.values().forEach(v -> v.set(0));
        versions.computeIfAbsent(modelId + "\u0000" + version, k -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("ganwatch.model.info", value, AtomicInteger::get).tag("model_id", modelId).tag("version", version)
                    .description("1 for the model version now serving").register(registry);
            return value;
        }).set(1);
    }

    /** Counts a model installed while running. */
    public void swapped() {
        swaps.increment();
    }

    /** Counts a refused bundle. */
    public void refused() {
        refused.increment();
    }
}
