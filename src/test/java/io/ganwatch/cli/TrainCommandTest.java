package io.ganwatch.cli;

import io.ganwatch.model.ModelBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ganwatch train} on small files with default flags: what it chose is shown; too few rows is one line. */
class TrainCommandTest {
    @TempDir
    Path dir;

    Path csv(int rows) throws Exception {
        Random r = new Random(rows);
        StringBuilder b = new StringBuilder("bytes,duration,protocol\n");
        for (int i = 0; i < rows; i++) {
            double d = Math.exp(r.nextGaussian() * 0.3);
            b.append(String.format(Locale.ROOT, "%.3f,%.5f,%s%n", d * 1000 * Math.exp(r.nextGaussian() * 0.1), d, i % 3 == 0 ? "udp" : "tcp"));
        }
        return Files.writeString(dir.resolve("conn-" + rows + ".csv"), b.toString());
    }

    @Test
    void sixtyRowsTrainWithDefaultFlagsAndSayWhatWasChosen() throws Exception {
        Path out = dir.resolve("model");
        CapturedRun r = CapturedRun.of("train", "--input", csv(60).toString(), "--out", out.toString(), "--seed", "3");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("train: batch 8 and 60 epochs chosen for 36 training rows");
        assertThat(r.stdout()).contains("normal 60: fit 36, checkpoint 12, calibration 12");
        assertThat(ModelBundle.load(out).metadata().calibrationScores().size()).isEqualTo(12);
    }

    @Test
    void fortyNineRowsAreRefusedInOneLine() throws Exception {
        CapturedRun r = CapturedRun.of("train", "--input", csv(49).toString(), "--out", dir.resolve("never").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errorLines()).singleElement().asString().contains("49 normal rows", "at least 50", "add normal rows");
        assertThat(r.stderr()).doesNotContain("\tat ");
        assertThat(dir.resolve("never")).doesNotExist();
    }

    @Test
    void maxRowsTrainsOnASampleAndSaysSo() throws Exception {
        Path out = dir.resolve("sampled");
        CapturedRun r = CapturedRun.of("train", "--input", csv(400).toString(), "--out", out.toString(), "--max-rows", "100",
                "--epochs", "1");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("train: --max-rows 100: training on a uniform sample of 100 of 400 normal rows (seed 42)");
        assertThat(r.stdout()).contains("rows 400 (normal 400: fit 60, checkpoint 20, calibration 20)")
                .contains("sampled: 100 of 400 normal rows");
        assertThat(ModelBundle.load(out).metadata().provenance().sampling().reason()).isEqualTo("--max-rows 100");
    }

    @Test
    void aMaxRowsBelowFiftyIsOneLine() throws Exception {
        CapturedRun r = CapturedRun.of("train", "--input", csv(60).toString(), "--out", dir.resolve("never").toString(),
                "--max-rows", "10");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.errorLines()).singleElement().asString().contains("--max-rows must be at least 50");
        assertThat(r.stderr()).doesNotContain("\tat ");
    }

    @Test
    void anUnreachableClusterIsOneLineAfterTheTimeout() {
        long started = System.nanoTime();
        CapturedRun r = CapturedRun.of("train", "--input-topic", "in", "--bootstrap-servers", "localhost:1", "--kafka-timeout",
                "2s", "--out", dir.resolve("never").toString());
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(2);
        assertThat(r.errorLines()).singleElement().asString().startsWith("ganwatch train: error: in: cannot reach the Kafka"
                + " cluster at localhost:1 within 2 s").contains("check --bootstrap-servers");
        assertThat(r.stderr()).doesNotContain("\tat ");
        assertThat(System.nanoTime() - started).as("retried for the timeout, then gave up").isBetween(2_000_000_000L,
                30_000_000_000L);
        assertThat(dir.resolve("never")).doesNotExist();
    }

    @Test
    void aFileAndATopicAreOneOrTheOther() throws Exception {
        String csv = csv(60).toString();
        CapturedRun both = CapturedRun.of("train", "--input", csv, "--input-topic", "in", "--bootstrap-servers", "localhost:1",
                "--out", dir.resolve("never").toString());
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.errorLines()).singleElement().asString().contains("--input and --input-topic both given");
        CapturedRun neither = CapturedRun.of("train", "--out", dir.resolve("never").toString());
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.errorLines()).singleElement().asString().contains("--input FILE or --input-topic TOPIC");
        CapturedRun stray = CapturedRun.of("train", "--input", csv, "--max-records", "10", "--out", dir.resolve("never").toString());
        assertThat(stray.exitCode()).isEqualTo(2);
        assertThat(stray.errorLines()).singleElement().asString().contains("go with --input-topic");
        CapturedRun wire = CapturedRun.of("train", "--input-topic", "in", "--bootstrap-servers", "localhost:1", "--format", "csv",
                "--out", dir.resolve("never").toString());
        assertThat(wire.exitCode()).isEqualTo(2);
        assertThat(wire.errorLines()).singleElement().asString().contains("unknown --format 'csv' for --input-topic; use avro or json");
        assertThat(dir.resolve("never")).doesNotExist();
    }
}
