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
import java.util.concurrent.atomic.AtomicReference;

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
    private final AtomicInteger driftEnabled = new AtomicInteger();
    private final Map<String, AtomicReference<Double>> driftGauges = new ConcurrentHashMap<>();

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
        Gauge.builder("ganwatch.drift.enabled", driftEnabled, AtomicInteger::get)
                .description("1 while the serving model has a training profile and the drift watch runs, 0 while it is off")
                .register(registry);
    }

    /** Marks the drift watch on or off (off: the serving bundle has no training profile). */
    public void driftEnabled(boolean on) {
        driftEnabled.set(on ? 1 : 0);
        if (!on) {
            driftGauges.values().forEach(v -> v.set(Double.NaN)); // no stale numbers from an earlier model
        }
    }

    /**
     * Shows a drift report: {@code ganwatch_drift_psi} and {@code ganwatch_drift_unseen_share} per
     * column, {@code ganwatch_drift_alert_rate}, {@code ganwatch_drift_expected_fpr} and
     * {@code ganwatch_drift_window_records}. Columns of an earlier model that this one lacks read NaN.
     */
    public void drift(io.ganwatch.drift.DriftReport report) {
        java.util.Set<String> shown = new java.util.HashSet<>();
        for (io.ganwatch.drift.ColumnDrift c : report.columns()) {
            driftGauge(shown, "ganwatch.drift.psi", c.name(),
                    "Population stability index of the drift window against the training profile").set(c.psi());
            if (c.kind().equals(io.ganwatch.drift.ColumnProfile.CATEGORICAL)) {
                driftGauge(shown, "ganwatch.drift.unseen.share", c.name(),
                        "Share of the drift window's records with a category not seen in training").set(c.unseenShare());
            }
        }
        driftGauge(shown, "ganwatch.drift.alert.rate", null, "Share of the drift window's records that alerted")
                .set(report.alertRate());
        driftGauge(shown, "ganwatch.drift.expected.fpr", null,
                "Alert rate expected on unchanged normal traffic (calibration rows at or above the threshold)").set(report.expectedFpr());
        driftGauge(shown, "ganwatch.drift.window.records", null, "Records in the drift window").set((double) report.rows());
        driftGauges.forEach((k, v) -> {
            if (!shown.contains(k)) {
                v.set(Double.NaN);
            }
        });
    }

    private AtomicReference<Double> driftGauge(java.util.Set<String> shown, String name, String column, String description) {
        String key = name + "\u0000" + column;
        shown.add(key);
        return driftGauges.computeIfAbsent(key, k -> {
            AtomicReference<Double> value = new AtomicReference<>(Double.NaN);
            Gauge.Builder<AtomicReference<Double>> b = Gauge.builder(name, value, AtomicReference::get).description(description);
            if (column != null) {
                b.tag("column", column);
            }
            b.register(registry);
            return value;
        });
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
