package io.ganwatch.streams;

import io.ganwatch.avro.Verdict;
import io.ganwatch.feedback.FeedbackTotals;
import io.ganwatch.feedback.PrecisionWindow;
import io.ganwatch.feedback.Verdicts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one instance learned from analyst feedback: a {@link PrecisionWindow} per model version, shown
 * as {@code ganwatch_feedback_precision{model_id,version}} and {@code ganwatch_feedback_window_verdicts}
 * in {@code /metrics} and as the {@code feedback} section of {@code /model}; and counters of verdicts
 * joined (by verdict), verdicts on unknown or expired alerts, and alerts read into the index.
 * Thread-safe: the stream threads, the global thread and the HTTP server share it.
 *
 * <p>The windows live in memory: each instance reports the verdicts of the feedback partitions it
 * owns, since it started.
 */
final class FeedbackStats {
    private static final Logger LOG = LoggerFactory.getLogger(FeedbackStats.class);

    private final MeterRegistry registry;
    private final FeedbackSettings settings;
    private final Map<String, Version> versions = new ConcurrentHashMap<>();
    private final Map<Verdict, Counter> verdicts = new EnumMap<>(Verdict.class);
    private final Counter unmatched;
    private final Counter indexed;
    private final Counter unreadable;
    private final AtomicBoolean saidUnmatched = new AtomicBoolean();

    /** One model version's window, under the names it is reported by. */
    private record Version(String modelId, String version, PrecisionWindow window) {
    }

    /** Registers the counters on {@code registry}; a version's gauges come with its first verdict. */
    FeedbackStats(MeterRegistry registry, FeedbackSettings settings) {
        this.registry = registry;
        this.settings = settings;
        for (Verdict v : Verdict.values()) {
            verdicts.put(v, Counter.builder("ganwatch.feedback.verdicts").tag("verdict", Verdicts.spell(v))
                    .description("Verdicts joined to the alert they judge").register(registry));
        }
        unmatched = Counter.builder("ganwatch.feedback.unmatched")
                .description("Verdicts on an alert id that the alert index does not hold (unknown, or older than the retention)")
                .register(registry);
        indexed = Counter.builder("ganwatch.feedback.alerts.indexed")
                .description("Alerts read from the alerts topic into the alert index").register(registry);
        unreadable = Counter.builder("ganwatch.feedback.alerts.unreadable")
                .description("Messages on the alerts topic that could not be read as alerts, so verdicts on them cannot join")
                .register(registry);
    }

    /** A verdict joined to its alert. */
    void joined(String alertId, Verdict verdict, AlertIndex.Entry alert) {
        joined(alertId, verdict, java.util.List.of(alert));
    }

    /**
     * A verdict joined to the alerts it judges: the live model's and the shadow's, when both alerted on
     * the record (their alert ids are the same, the record's). The verdict counts once; each model
     * version's window gets it.
     */
    void joined(String alertId, Verdict verdict, java.util.List<AlertIndex.Entry> alerts) {
        verdicts.get(verdict).increment();
        for (AlertIndex.Entry alert : alerts) {
            window(alert).add(alertId, verdict);
        }
    }

    /** The counts of {@code modelId}'s {@code version} in its window, or {@code null} before any verdict on its alerts. */
    PrecisionWindow.Counts counts(String modelId, String version) {
        Version v = versions.get(modelId + "\u0000" + version);
        return v == null ? null : v.window().counts();
    }

    private PrecisionWindow window(AlertIndex.Entry alert) {
        return versions.computeIfAbsent(alert.modelId() + "\u0000" + alert.version(), k -> {
            Version v = new Version(alert.modelId(), alert.version(), new PrecisionWindow(settings.window()));
            Gauge.builder("ganwatch.feedback.precision", v.window(), PrecisionWindow::precision)
                    .tag("model_id", v.modelId()).tag("version", v.version())
                    .description("True positives over the decided alerts among the last verdicts of this model version (NaN before any)")
                    .register(registry);
            Gauge.builder("ganwatch.feedback.window.verdicts", v.window(), PrecisionWindow::decided)
                    .tag("model_id", v.modelId()).tag("version", v.version())
                    .description("Decided alerts (true or false positive) that the precision of this model version is over")
                    .register(registry);
            return v;
        }).window();
    }

    /** A verdict on an alert the index does not hold; the first is logged, the rest only counted. */
    void unmatched(String alertId, String topic, int partition, long offset) {
        unmatched.increment();
        if (saidUnmatched.compareAndSet(false, true)) {
            LOG.warn("feedback {}-{}@{}: no alert {} in the alert index (never emitted on this alerts topic, or older than"
                            + " ganwatch.feedback.retention.seconds = {}); the verdict is skipped. Further such verdicts are"
                            + " counted in ganwatch_feedback_unmatched_total, not logged", topic, partition, offset,
                    DeadLetters.shortened(alertId, 200), settings.retention().toSeconds());
        }
    }

    /** An alert read into the index. */
    void indexed() {
        indexed.increment();
    }

    /** A message on the alerts topic that is not a readable alert. */
    void unindexable() {
        unreadable.increment();
    }

    /** The counters and the precision windows, summed over model versions, read now. */
    FeedbackTotals totals() {
        long decided = 0;
        long truePositives = 0;
        for (Version v : versions.values()) {
            PrecisionWindow.Counts c = v.window().counts();
            decided += c.decided();
            truePositives += c.truePositives();
        }
        long joined = 0;
        for (Counter c : verdicts.values()) {
            joined += (long) c.count();
        }
        return new FeedbackTotals((long) indexed.count(), joined, (long) unmatched.count(), decided, truePositives);
    }

    /** The {@code feedback} section of {@code /model}: settings, counters, and precision per model version. */
    Map<String, Object> section() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("topic", settings.topic());
        out.put("retention_seconds", settings.retention().toSeconds());
        out.put("window_verdicts", settings.window());
        Map<String, Object> counts = new LinkedHashMap<>();
        verdicts.forEach((v, c) -> counts.put(Verdicts.spell(v), (long) c.count()));
        out.put("verdicts", counts);
        out.put("unmatched", (long) unmatched.count());
        out.put("alerts_indexed", (long) indexed.count());
        Map<String, Object> perVersion = new TreeMap<>();
        for (Version v : versions.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model_id", v.modelId());
            m.put("version", v.version());
            PrecisionWindow.Counts c = v.window().counts();
            m.put("precision", c.decided() == 0 ? null : c.precision()); // null, not NaN: JSON has no NaN
            m.put("true_positives", c.truePositives());
            m.put("false_positives", c.falsePositives());
            perVersion.put(v.modelId() + " " + v.version(), m);
        }
        out.put("models", perVersion.values());
        return out;
    }
}
