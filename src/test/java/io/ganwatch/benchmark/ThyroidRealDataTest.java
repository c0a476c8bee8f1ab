package io.ganwatch.benchmark;

import io.ganwatch.evaluation.Metrics;
import io.ganwatch.training.AladConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The detector on real data: ADBench thyroid under its standard protocol (stratified 70/30 split,
 * trained on normal rows only). Skipped, with a message, where the shared data sets are absent.
 */
class ThyroidRealDataTest {

    @Test
    void detectsThyroidAnomaliesWithRocAucOfAtLeast095() {
        Path data = Path.of(System.getProperty("ganwatch.datasets", "../shared/datasets"));
        assumeTrue(Files.isRegularFile(data.resolve(BenchmarkDataset.THYROID.file())),
                "skipping: ../shared/datasets/adbench/38_thyroid.npz not found (set -Dganwatch.datasets=DIR to run this real-data test)");
        BenchmarkRunner.Run run = BenchmarkRunner.runOnce(Protocol.load(BenchmarkDataset.THYROID, data),
                AladConfig.defaults(1), 0.01, 1, io.ganwatch.scoring.Device.CPU);
        Metrics m = run.metrics();
        assertThat(m.rows()).isEqualTo(1132);
        assertThat(m.anomalies()).isEqualTo(28);
        assertThat(m.rocAuc()).as("thyroid ROC-AUC").isGreaterThanOrEqualTo(0.95);
    }
}
