package io.ganwatch.streams;

import io.ganwatch.detector.Detector;
import io.ganwatch.drift.DriftReport;
import io.ganwatch.drift.DriftWindowConfig;
import io.ganwatch.input.Table;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.scoring.Device;
import io.ganwatch.testing.CapturedLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The instance's drift watch over a real trained model and its real encoder: reports, gauges and the
 * WARN line on unchanged and shifted traffic, a model swap, and a bundle made before profiles.
 */
class DriftMonitorTest {
    static final DriftSettings SETTINGS = new DriftSettings(null, DriftWindowConfig.ofRows(3000), Duration.ofSeconds(60), 0.2);
    static ModelBundle bundle;
    static Detector detector;

    @BeforeAll
    static void train() {
        bundle = ConnModels.train("net", 1);
        detector = new Detector(bundle, Device.CPU, bundle.metadata().threshold().value());
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    /** Feeds {@code table}, bytes multiplied by {@code factor}, in batches of 256 as the processor would. */
    static void feed(DriftMonitor monitor, Detector model, Table table, double factor) {
        List<Table.Row> rows = new ArrayList<>();
        for (Table.Row r : table.rows()) {
            Object[] v = r.values().clone();
            v[0] = ((Number) v[0]).doubleValue() * factor;
            rows.add(new Table.Row(r.line(), v));
        }
        float[][] x = model.encoder().encode(table.withRows(rows));
        int width = model.encoder().width();
        for (int from = 0; from < x.length; from += 256) {
            int n = Math.min(256, x.length - from);
            float[] flat = new float[n * width];
            for (int i = 0; i < n; i++) {
                System.arraycopy(x[from + i], 0, flat, i * width, width);
            }
            float[] scores = model.scoreEncoded(flat, n, false).scores();
            monitor.observe(model, flat, n, scores, 1_000 + from);
        }
    }

    @Test
    void unchangedTrafficNamesNothingAndAShiftedColumnIsNamedInReportGaugesAndOneWarnLine() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<DriftReport> sent = new ArrayList<>();
        DriftMonitor monitor = new DriftMonitor(SETTINGS, new MicrometerScoringMetrics(registry), sent::add);
        monitor.serving(detector);
        assertThat(registry.get("ganwatch.drift.enabled").gauge().value()).isEqualTo(1.0);

        feed(monitor, detector, ConnModels.connections(2), 1);
        try (CapturedLog log = new CapturedLog(DriftMonitor.class)) {
            DriftReport normal = monitor.measure(10_000);
            assertThat(normal.rows()).isEqualTo(3000);
            assertThat(normal.columnsOverLimit()).isEmpty();
            assertThat(normal.expectedFpr()).isBetween(0.0, 0.05);
            assertThat(log.lines()).isEmpty();
        }
        assertThat(registry.get("ganwatch.drift.psi").tag("column", "bytes").gauge().value()).isLessThan(0.05);

        feed(monitor, detector, ConnModels.connections(3), 3);
        try (CapturedLog log = new CapturedLog(DriftMonitor.class)) {
            DriftReport shifted = monitor.measure(20_000);
            assertThat(shifted.columnsOverLimit()).containsExactly("bytes");
            assertThat(log.lines()).hasSize(1);
            assertThat(log.lines().get(0)).contains("bytes").doesNotContain("duration").contains("PSI limit 0.2");
        }
        assertThat(registry.get("ganwatch.drift.psi").tag("column", "bytes").gauge().value()).isGreaterThan(0.2);
        assertThat(registry.get("ganwatch.drift.psi").tag("column", "duration").gauge().value()).isLessThan(0.05);
        assertThat(registry.get("ganwatch.drift.unseen.share").tag("column", "protocol").gauge().value()).isZero();
        assertThat(registry.get("ganwatch.drift.alert.rate").gauge().value()).isGreaterThan(0.0);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).instanceId()).isEqualTo(monitor.instanceId());
    }

    @Test
    void aFailureInTheWatchTurnsItOffAndNeverFailsTheBatch() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DriftMonitor monitor = new DriftMonitor(SETTINGS, new MicrometerScoringMetrics(registry), null);
        int width = detector.encoder().width();
        try (CapturedLog log = new CapturedLog(DriftMonitor.class)) {
            // a batch that claims more rows than it holds: the watch trips over it, the caller does not
            monitor.observe(detector, new float[width], 2, new float[2], 1_000);
            assertThat(log.lines()).singleElement().satisfies(l -> assertThat(l).startsWith("WARN drift watch off for model"));
        }
        assertThat(registry.get("ganwatch.drift.enabled").gauge().value()).isZero();
    }

    @Test
    void aNewModelStartsAFreshWindow() {
        DriftMonitor monitor = new DriftMonitor(SETTINGS, new MicrometerScoringMetrics(new SimpleMeterRegistry()), null);
        feed(monitor, detector, ConnModels.connections(4), 3);
        assertThat(monitor.measure(10_000).columnsOverLimit()).containsExactly("bytes");
        try (Detector other = new Detector(bundle, Device.CPU, bundle.metadata().threshold().value())) {
            feed(monitor, other, ConnModels.connections(5), 1);
            DriftReport after = monitor.measure(20_000);
            assertThat(after.rows()).isEqualTo(3000);
            assertThat(after.columnsOverLimit()).isEmpty();
        }
    }

    @Test
    void anIgnoredColumnIsMeasuredButNeverNamed() {
        DriftSettings ignoring = new DriftSettings(null, DriftWindowConfig.ofRows(3000), Duration.ofSeconds(60), 0.2,
                java.util.Set.of("bytes"));
        DriftMonitor monitor = new DriftMonitor(ignoring, new MicrometerScoringMetrics(new SimpleMeterRegistry()), null);
        feed(monitor, detector, ConnModels.connections(7), 3);
        try (CapturedLog log = new CapturedLog(DriftMonitor.class)) {
            DriftReport rep = monitor.measure(10_000);
            assertThat(rep.columns().get(0).psi()).isGreaterThan(0.2);
            assertThat(rep.columnsOverLimit()).isEmpty();
            assertThat(log.lines()).isEmpty();
        }
    }

    @Test
    void aBundleWithoutAProfileTurnsTheWatchOffAndSaysSoOnce() {
        ModelBundle old = new ModelBundle(bundle.metadata().withProfile(null), bundle.graph());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DriftMonitor monitor = new DriftMonitor(SETTINGS, new MicrometerScoringMetrics(registry), null);
        try (Detector d = new Detector(old, Device.CPU, old.metadata().threshold().value());
             CapturedLog log = new CapturedLog(DriftMonitor.class)) {
            monitor.serving(d);
            feed(monitor, d, ConnModels.connections(6), 1);
            assertThat(monitor.measure(10_000)).isNull();
            assertThat(log.lines()).hasSize(1);
            assertThat(log.lines().get(0)).contains("no training profile", "retrain");
        }
        assertThat(registry.get("ganwatch.drift.enabled").gauge().value()).isZero();
    }

    @Test
    void theExpectedFprIsTheShareOfCalibrationScoresAtOrAboveTheThresholdInForce() {
        float[] cal = bundle.metadata().calibrationScores().values();
        double threshold = cal[cal.length - 10]; // the 10 highest scores (ties aside) are at or above it
        long above = 0;
        for (float s : cal) {
            above += s >= threshold ? 1 : 0;
        }
        assertThat(DriftMonitor.expectedFpr(bundle.metadata(), threshold)).isEqualTo((double) above / cal.length);
    }
}
