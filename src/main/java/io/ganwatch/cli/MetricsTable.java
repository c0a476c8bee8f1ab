package io.ganwatch.cli;

import io.ganwatch.evaluation.Metrics;

import java.util.Locale;

/** Plain-text rendering of metrics for the terminal. */
final class MetricsTable {
    private MetricsTable() {
    }

    static String format(Metrics m) {
        return String.format(Locale.ROOT,
                "rows %d, anomalies %d%n"
                        + "ROC-AUC %.4f   PR-AUC %.4f%n"
                        + "at threshold %.6g: precision %.4f, recall %.4f, F1 %.4f%n"
                        + "F1 at contamination (threshold from the test anomaly rate) %.4f",
                m.rows(), m.anomalies(), m.rocAuc(), m.prAuc(), m.threshold(), m.precision(), m.recall(), m.f1(),
                m.f1AtContamination());
    }
}
