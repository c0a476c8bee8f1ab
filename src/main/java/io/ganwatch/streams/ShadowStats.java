package io.ganwatch.streams;

import io.ganwatch.detector.Detector;
import io.ganwatch.feedback.PrecisionWindow;
import io.ganwatch.model.BundleMetadata;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;

/**
 * What one instance measures of its shadow model: the comparison with the live model over the records
 * both scored ({@link ShadowComparison}, one per pair of live and shadow versions, so that a swap of
 * either starts a fresh one), shadow alerts written, records the shadow could not encode, and
 * failures. Shown in {@code /metrics} as {@code ganwatch_shadow_*} and as the {@code shadow} section
 * of {@code /model}, which also carries each model's precision from analyst feedback when the
 * feedback join runs. Thread-safe.
 */
final class ShadowStats {
    /** Comparisons kept for pairs no longer current, so that a brief overlap of two live versions loses nothing. */
    private static final int PAIRS_KEPT = 4;

    private final ModelHolder live;
    private final ShadowSlot shadow;
    private final String topic;
    private final FeedbackStats feedback;
    private final MeterRegistry registry;
    private final Map<String, ShadowComparison> pairs = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> info = new ConcurrentHashMap<>();
    private final Counter alerts;
    private final Counter skipped;

    /**
     * Registers the meters.
     *
     * @param topic    the shadow alerts topic, for {@code /model}
     * @param feedback the feedback join's statistics, or {@code null} without a feedback topic
     */
    ShadowStats(MeterRegistry registry, ModelHolder live, ShadowSlot shadow, String topic, FeedbackStats feedback) {
        this.registry = registry;
        this.live = live;
        this.shadow = shadow;
        this.topic = topic;
        this.feedback = feedback;
        alerts = Counter.builder("ganwatch.shadow.alerts").description("Alerts of the shadow model written to the shadow alerts topic")
                .register(registry);
        skipped = Counter.builder("ganwatch.shadow.records.skipped")
                .description("Records the shadow could not encode (its feature spec differs from the live model's), left out of the comparison")
                .register(registry);
        gauge("ganwatch.shadow.records.compared", c -> c.records(), null,
                "Records scored by both the live model and the shadow, since this pair of versions began");
        gauge("ganwatch.shadow.agreement", ShadowComparison.Counts::agreement, null,
                "Share of the records scored by both on which live model and shadow agree (both alert, or neither); NaN without a shadow");
        gauge("ganwatch.shadow.alert.rate", ShadowComparison.Counts::liveAlertRate, "live",
                "Share of the records scored by both that this model alerted on; NaN without a shadow");
        gauge("ganwatch.shadow.alert.rate", ShadowComparison.Counts::shadowAlertRate, "shadow",
                "Share of the records scored by both that this model alerted on; NaN without a shadow");
        for (String stage : new String[]{"load", "score"}) {
            failures(stage);
        }
    }

    private void gauge(String name, ToDoubleFunction<ShadowComparison.Counts> f, String model, String description) {
        Gauge.Builder<ShadowStats> b = Gauge.builder(name, this, s -> {
            ShadowComparison.Counts c = s.current();
            return c == null ? Double.NaN : f.applyAsDouble(c);
        }).description(description);
        if (model != null) {
            b.tag("model", model);
        }
        b.register(registry);
    }

    private Counter failures(String stage) {
        return Counter.builder("ganwatch.shadow.failures").tag("stage", stage)
                .description("Shadows switched off because they failed to load or to score; the live model was not affected")
                .register(registry);
    }

    private static String pair(String liveVersion, String shadowVersion) {
        return liveVersion + "\u0000" + shadowVersion;
    }

    /** The comparison of the live model and the shadow serving now, or {@code null} without a scoring shadow. */
    ShadowComparison.Counts current() {
        Detector s = shadow.current();
        if (s == null) {
            return null;
        }
        ShadowComparison c = pairs.get(pair(live.current().bundle().metadata().version(), s.bundle().metadata().version()));
        return c == null ? new ShadowComparison.Counts(0, 0, 0, 0) : c.counts();
    }

    /** Adds a batch scored by {@code liveVersion} and {@code shadowVersion} (see {@link ShadowComparison#add}). */
    void compared(String liveVersion, String shadowVersion, boolean[] liveAlerts, boolean[] shadowAlerts, boolean[] scored, int rows) {
        String key = pair(liveVersion, shadowVersion);
        ShadowComparison c = pairs.get(key);
        if (c == null) {
            if (pairs.size() >= PAIRS_KEPT) {
                pairs.clear(); // pairs of earlier versions: nothing reads them any more
            }
            c = pairs.computeIfAbsent(key, k -> new ShadowComparison());
        }
        c.add(liveAlerts, shadowAlerts, scored, rows);
    }

    /** One shadow alert written. */
    void alert() {
        alerts.increment();
    }

    /** Records the shadow could not encode. */
    void skipped(int records) {
        skipped.increment(records);
    }

    /** A shadow switched off at {@code stage} ({@code load} or {@code score}). */
    void failed(String stage) {
        failures(stage).increment();
    }

    /** Marks {@code meta}'s version as the shadow now ({@code null}: none) in {@code ganwatch_shadow_info}. */
    void shadowing(BundleMetadata meta) {
        info.values().forEach(v -> v.set(0));
        if (meta != null) {
            info.computeIfAbsent(meta.modelId() + "\u0000" + meta.version(), k -> {
                AtomicInteger value = new AtomicInteger();
                Gauge.builder("ganwatch.shadow.info", value, AtomicInteger::get).tag("model_id", meta.modelId())
                        .tag("version", meta.version()).description("1 for the shadow model version scoring now").register(registry);
                return value;
            }).set(1);
        }
    }

    /**
     * The {@code shadow} section of {@code /model}, or {@code null} (no section) without a shadow: the
     * shadow's version and threshold, the comparison, and each model's precision from feedback; or,
     * for a shadow switched off, its version and why.
     */
    Map<String, Object> section() {
        ShadowSlot.State state = shadow.state();
        if (state == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (state instanceof ShadowSlot.Off off) {
            out.put("model_id", off.modelId());
            out.put("version", off.version());
            out.put("state", "off");
            out.put("reason", off.reason());
            out.put("alerts_topic", topic);
            return out;
        }
        Detector s = ((ShadowSlot.Scoring) state).model();
        BundleMetadata meta = s.bundle().metadata();
        BundleMetadata liveMeta = live.current().bundle().metadata();
        out.put("model_id", meta.modelId());
        out.put("version", meta.version());
        out.put("state", "scoring");
        out.put("threshold", s.threshold());
        out.put("alerts_topic", topic);
        ShadowComparison c = pairs.get(pair(liveMeta.version(), meta.version()));
        ShadowComparison.Counts counts = c == null ? new ShadowComparison.Counts(0, 0, 0, 0) : c.counts();
        Map<String, Object> comparison = new LinkedHashMap<>();
        comparison.put("live_version", liveMeta.version());
        comparison.put("records", counts.records());
        comparison.put("agreement", finite(counts.agreement())); // null, not NaN: JSON has no NaN
        comparison.put("live_alert_rate", finite(counts.liveAlertRate()));
        comparison.put("shadow_alert_rate", finite(counts.shadowAlertRate()));
        comparison.put("live_only_alerts", counts.liveOnly());
        comparison.put("shadow_only_alerts", counts.shadowOnly());
        comparison.put("both_alerts", counts.both());
        out.put("comparison", comparison);
        if (feedback != null) {
            Map<String, Object> precision = new LinkedHashMap<>();
            precision.put("live", precision(liveMeta));
            precision.put("shadow", precision(meta));
            out.put("precision", precision);
        }
        return out;
    }

    private Map<String, Object> precision(BundleMetadata meta) {
        PrecisionWindow.Counts c = feedback.counts(meta.modelId(), meta.version());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", meta.version());
        m.put("precision", c == null || c.decided() == 0 ? null : c.precision());
        m.put("true_positives", c == null ? 0 : c.truePositives());
        m.put("false_positives", c == null ? 0 : c.falsePositives());
        return m;
    }

    private static Double finite(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
