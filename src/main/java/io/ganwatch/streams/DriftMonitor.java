package io.ganwatch.streams;

import io.ganwatch.detector.Detector;
import io.ganwatch.drift.DriftReport;
import io.ganwatch.drift.DriftWindow;
import io.ganwatch.drift.TrainingProfile;
import io.ganwatch.model.BundleMetadata;
import io.ganwatch.model.CalibrationScores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The drift watch of one stream instance: a side path of scoring. Every stream thread hands it the
 * rows it scored ({@link #observe}); it keeps one {@link DriftWindow} for the model serving now (a
 * new model starts a new window, as its profile and encoding differ), and every interval measures
 * it ({@link #measure}): {@code /metrics} gauges, a {@link DriftReport} to the sink (the drift topic),
 * and one WARN line naming the columns over the PSI limit. Thread-safe: the stream threads and the
 * interval timer share it, one lock around the window (a batch's rows are counted under one lock).
 *
 * <p>A bundle without a training profile (made before ganwatch kept one) turns the watch off for as
 * long as it serves, said once in the log and as {@code ganwatch_drift_enabled 0} in {@code /metrics}.
 */
final class DriftMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DriftMonitor.class);

    private final DriftSettings settings;
    private final MicrometerScoringMetrics metrics;
    private final Consumer<DriftReport> sink;
    private final String instanceId;
    private final Set<String> saidOff = new HashSet<>();
    private ScheduledExecutorService timer;
    /** The model whose rows the window holds; {@code null} before the first batch. */
    private Detector model;
    /** Its window, or {@code null} when it has no usable profile. */
    private DriftWindow window;
    private double expectedFpr;

    /**
     * @param sink receives each report (the drift topic's producer), or {@code null} to publish none
     */
    DriftMonitor(DriftSettings settings, MicrometerScoringMetrics metrics, Consumer<DriftReport> sink) {
        this.settings = settings;
        this.metrics = metrics;
        this.sink = sink;
        this.instanceId = ManagementFactory.getRuntimeMXBean().getName(); // pid@host: unique per running instance
    }

    /** The id reports carry for this instance. */
    String instanceId() {
        return instanceId;
    }

    /** Measures every interval on a daemon thread, until {@link #close()}. */
    synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ganwatch-drift");
            t.setDaemon(true);
            return t;
        });
        long ms = settings.interval().toMillis();
        timer.scheduleAtFixedRate(() -> {
            try {
                measure(System.currentTimeMillis());
            } catch (RuntimeException e) {
                // telemetry must never stop scoring: log and try again next interval
                LOG.warn("drift watch: measuring the window failed ({}); trying again in {} ms", e.toString(), ms);
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Takes note of the model serving now, so that {@code /metrics} and the log say at once whether the watch runs. */
    synchronized void serving(Detector now) {
        if (now != model) {
            switchTo(now);
        }
    }

    /**
     * Counts one scored batch.
     *
     * @param flat   the batch's encoded rows, row-major, {@code n} x the model's width
     * @param scores their scores; a score at or above the model's threshold is an alert
     */
    void observe(Detector scoredBy, float[] flat, int n, float[] scores, long nowMs) {
        synchronized (this) {
            if (scoredBy != model) {
                switchTo(scoredBy);
            }
            if (window == null) {
                return;
            }
            try {
                int width = scoredBy.encoder().width();
                double threshold = scoredBy.threshold();
                float[] row = new float[width];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(flat, i * width, row, 0, width);
                    window.add(row, scores[i] >= threshold, nowMs);
                }
            } catch (RuntimeException e) {
                // Telemetry must never fail the batch it watches: scoring goes on, the watch stops for this model.
                LOG.warn("drift watch off for model {} version {}: {}", model.bundle().metadata().modelId(),
                        model.bundle().metadata().version(), e.toString(), e);
                window = null;
                metrics.driftEnabled(false);
            }
        }
    }

    /** A new model serves: start its window, or turn the watch off when it has no usable profile. */
    private void switchTo(Detector next) {
        model = next;
        BundleMetadata meta = next.bundle().metadata();
        TrainingProfile profile = meta.profile();
        window = null;
        if (profile == null) {
            if (saidOff.add(meta.version())) {
                LOG.warn("drift watch off: model {} version {} has no training profile (it was made before ganwatch kept one"
                        + " in bundles); retrain it to get the drift watch", meta.modelId(), meta.version());
            }
        } else if (!profile.matches(meta.features())) {
            if (saidOff.add(meta.version())) {
                LOG.warn("drift watch off: the training profile of model {} version {} does not describe its features (the"
                        + " bundle was edited by hand?); retrain it to get the drift watch", meta.modelId(), meta.version());
            }
        } else {
            window = new DriftWindow(profile, settings.window());
            expectedFpr = expectedFpr(meta, next.threshold());
        }
        metrics.driftEnabled(window != null);
    }

    /**
     * The alert rate unchanged normal traffic would have at {@code threshold}: the share of the
     * bundle's calibration scores at or above it (the threshold may have been recomputed at another
     * target FPR when scoring), else the rate recorded at training.
     */
    static double expectedFpr(BundleMetadata meta, double threshold) {
        CalibrationScores cal = meta.calibrationScores();
        if (cal == null) {
            return meta.profile().calibratedFpr();
        }
        float[] sorted = cal.values();
        int above = 0;
        for (int i = sorted.length - 1; i >= 0 && sorted[i] >= threshold; i--) {
            above++;
        }
        return (double) above / sorted.length;
    }

    /**
     * Measures the window now: updates the gauges, sends the report to the sink, and logs one WARN
     * line when a column is over the PSI limit.
     *
     * @return the report, or {@code null} while the watch is off or no record was scored yet
     */
    DriftReport measure(long nowMs) {
        DriftReport report;
        synchronized (this) {
            if (window == null) {
                return null;
            }
            BundleMetadata meta = model.bundle().metadata();
            report = window.report(meta.modelId(), meta.version(), instanceId, expectedFpr, settings.psiLimit(), nowMs);
        }
        if (!settings.ignored().isEmpty()) {
            report = new DriftReport(report.modelId(), report.modelVersion(), report.instanceId(), report.windowStartMs(),
                    report.windowEndMs(), report.rows(), report.columns(), report.alertRate(), report.expectedFpr(),
                    report.columnsOverLimit().stream().filter(c -> !settings.ignored().contains(c)).toList());
        }
        metrics.drift(report);
        if (!report.columnsOverLimit().isEmpty()) {
            Set<String> over = Set.copyOf(report.columnsOverLimit());
            LOG.warn("drift: model {} version {}, window of {} records: {} over the PSI limit {} ({}); alert rate {} against"
                            + " {} expected; check what changed upstream, and retrain if the new traffic is the new normal",
                    report.modelId(), report.modelVersion(), report.rows(), String.join(", ", report.columnsOverLimit()),
                    settings.psiLimit(),
                    report.columns().stream().filter(c -> over.contains(c.name()))
                            .map(c -> c.name() + " psi " + format(c.psi())).collect(Collectors.joining(", ")),
                    percent(report.alertRate()), percent(report.expectedFpr()));
        }
        if (sink != null) {
            sink.accept(report);
        }
        return report;
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String percent(double v) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    /** Stops the interval timer (the window is dropped with the instance). */
    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

}
