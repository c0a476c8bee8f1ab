package io.ganwatch.cli;

import io.ganwatch.detector.DetectorTrainer;
import io.ganwatch.detector.TrainingRequest;
import io.ganwatch.features.MissingPolicy;
import io.ganwatch.input.Table;
import io.ganwatch.model.BundleMetadata;
import io.ganwatch.model.CalibrationScores;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.scoring.ThresholdCalibrator;
import io.ganwatch.training.AladConfig;
import io.ganwatch.training.TrainingListener;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ganwatch score} in process: the {@code p_value} column, a threshold recomputed at
 * {@code --target-fpr} from the bundle's calibration scores, and a bundle from before they were kept.
 */
class ScoreCommandTest {
    @TempDir
    static Path dir;
    static Path model;
    static Path oldModel;
    static Path input;
    static ModelBundle bundle;

    @BeforeAll
    static void trainOnGeneratedConnections() throws Exception {
        Random r = new Random(8);
        List<Table.Row> rows = new ArrayList<>();
        StringBuilder csv = new StringBuilder("bytes,duration,protocol\n");
        for (int i = 0; i < 400; i++) {
            double d = Math.exp(r.nextGaussian() * 0.3);
            Object[] v = {d * 1000 * Math.exp(r.nextGaussian() * 0.1), d, i % 3 == 0 ? "udp" : "tcp"};
            rows.add(new Table.Row(i + 2, v));
            if (i < 200) {
                csv.append(String.format(Locale.ROOT, "%.4f,%.4f,%s%n", v[0], v[1], v[2]));
            }
        }
        csv.append("90000000,0.001,gre\n");
        input = Files.writeString(dir.resolve("today.csv"), csv.toString());
        TrainingRequest req = new TrainingRequest(new Table("generated", List.of("bytes", "duration", "protocol"), rows), "",
                "generated", null, Set.of(), MissingPolicy.IMPUTE, new AladConfig(3, 32, 0, 1e-3, 0.5, 3, 0, 0), 0.01, "conn");
        bundle = DetectorTrainer.train(req, TrainingListener.NONE).bundle();
        model = dir.resolve("model");
        bundle.save(model);
        // The shape ganwatch wrote before calibration scores were kept.
        oldModel = dir.resolve("old-model");
        new ModelBundle(bundle.metadata().withCalibrationScores(null), bundle.graph()).save(oldModel);
    }

    static List<CSVRecord> read(Path file) throws Exception {
        try (Reader in = Files.newBufferedReader(file);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
            assertThat(p.getHeaderNames()).containsSubsequence("protocol", "score", "p_value", "is_anomaly", "top1");
            return p.getRecords();
        }
    }

    @Test
    void everyRowGetsItsPValue() throws Exception {
        Path out = dir.resolve("scored.csv");
        CapturedRun r = CapturedRun.of("score", "--model", model.toString(), "--input", input.toString(), "--output", out.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        CalibrationScores cal = bundle.metadata().calibrationScores();
        List<CSVRecord> rows = read(out);
        assertThat(rows).hasSize(201);
        for (CSVRecord row : rows) {
            double score = Float.parseFloat(row.get("score"));
            assertThat(Double.parseDouble(row.get("p_value"))).as("row %d", row.getRecordNumber()).isEqualTo(cal.pValue(score));
        }
        assertThat(Double.parseDouble(rows.get(200).get("p_value"))).isEqualTo(1.0 / (cal.size() + 1));
    }

    @Test
    void eachTopColumnNamesItsValueAndACategoryNeverSeenInTrainingIsFlagged() throws Exception {
        Path out = dir.resolve("scored-values.csv");
        CapturedRun r = CapturedRun.of("score", "--model", model.toString(), "--input", input.toString(), "--output", out.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        List<CSVRecord> rows = read(out);
        for (CSVRecord row : rows) {
            for (int k = 1; k <= 3; k++) {
                String column = row.get("top" + k);
                // Numbers in the input's own spelling may differ only in trailing zeros (80.0 -> 80).
                assertThat(sameValue(row.get("top" + k + "_value"), row.get(column)))
                        .as("row %d top%d %s=%s", row.getRecordNumber(), k, column, row.get("top" + k + "_value")).isTrue();
                // Only the last row's protocol, gre, was never seen in training (udp and tcp were).
                boolean unseen = column.equals("protocol") && row.get(column).equals("gre");
                assertThat(row.get("top" + k + "_unseen")).as("row %d top%d %s", row.getRecordNumber(), k, column)
                        .isEqualTo(Boolean.toString(unseen));
            }
        }
    }

    private static boolean sameValue(String named, String input) {
        if (named.equals(input)) {
            return true;
        }
        try {
            return Double.parseDouble(named) == Double.parseDouble(input);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Test
    void aTargetFprAtScoringTimeRecomputesTheThresholdFromTheBundle() throws Exception {
        Path out = dir.resolve("scored-20.csv");
        CapturedRun r = CapturedRun.of("score", "--model", model.toString(), "--input", input.toString(), "--output", out.toString(),
                "--target-fpr", "0.2");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        double expected = ThresholdCalibrator.calibrate(bundle.metadata().calibrationScores().values(), 0.2).value();
        assertThat(expected).isLessThan(bundle.metadata().threshold().value());
        assertThat(r.stdout()).contains(String.format(Locale.ROOT, "threshold %.6g", expected), "target FPR 0.2");
        for (CSVRecord row : read(out)) {
            assertThat(Boolean.parseBoolean(row.get("is_anomaly"))).isEqualTo(Float.parseFloat(row.get("score")) >= expected);
        }
    }

    @Test
    void aBundleWithoutCalibrationScoresScoresWithEmptyPValuesAndRefusesATargetFpr() throws Exception {
        Path out = dir.resolve("scored-old.csv");
        CapturedRun r = CapturedRun.of("score", "--model", oldModel.toString(), "--input", input.toString(), "--output", out.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(read(out)).allSatisfy(row -> assertThat(row.get("p_value")).isEmpty());

        CapturedRun refused = CapturedRun.of("score", "--model", oldModel.toString(), "--input", input.toString(),
                "--output", dir.resolve("never.csv").toString(), "--target-fpr", "0.05");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.errorLines()).hasSize(1);
        assertThat(refused.errorLines().get(0)).contains("no calibration scores", "retrain");
        assertThat(dir.resolve("never.csv")).doesNotExist();
    }

    @Test
    void evaluateAppliesATargetFprAtScoringTimeToo() throws Exception {
        List<String> lines = Files.readAllLines(input);
        StringBuilder labelled = new StringBuilder(lines.get(0) + ",label\n");
        for (int i = 1; i < lines.size(); i++) {
            labelled.append(lines.get(i)).append(i == lines.size() - 1 ? ",attack\n" : ",normal\n");
        }
        Path file = Files.writeString(dir.resolve("labelled.csv"), labelled.toString());
        Path json = dir.resolve("metrics.json");
        CapturedRun r = CapturedRun.of("evaluate", "--model", model.toString(), "--input", file.toString(), "--label-column", "label",
                "--normal-value", "normal", "--json", json.toString(), "--target-fpr", "0.2");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        double expected = ThresholdCalibrator.calibrate(bundle.metadata().calibrationScores().values(), 0.2).value();
        assertThat(ModelBundle.json().readTree(json.toFile()).get("threshold").asDouble()).isEqualTo(expected);
    }

    @Test
    void theEvaluationReportListsTheHighestScoresWithTheValuesTheModelBlames() throws Exception {
        List<String> lines = Files.readAllLines(input);
        StringBuilder labelled = new StringBuilder(lines.get(0) + ",label\n");
        for (int i = 1; i < lines.size(); i++) {
            labelled.append(lines.get(i)).append(i == lines.size() - 1 ? ",attack\n" : ",normal\n");
        }
        Path file = Files.writeString(dir.resolve("labelled-report.csv"), labelled.toString());
        Path report = dir.resolve("report.html");
        CapturedRun r = CapturedRun.of("evaluate", "--model", model.toString(), "--input", file.toString(), "--label-column", "label",
                "--normal-value", "normal", "--report", report.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        String page = Files.readString(report);
        assertThat(page).contains("Highest scores and what the model blames");
        // The injected row (line 202: 90000000 bytes over gre, a protocol training never saw) scores highest.
        int section = page.indexOf("Highest scores and what the model blames");
        String firstRow = page.substring(page.indexOf("<tr><td>", section), page.indexOf("</tr>", page.indexOf("<tr><td>", section)));
        assertThat(firstRow).contains("<td>202</td>", "anomaly", "protocol=gre (never seen in training)", "bytes=90000000");
    }

    @Test
    void thresholdAndTargetFprTogetherAreRefused() {
        CapturedRun r = CapturedRun.of("score", "--model", model.toString(), "--input", input.toString(),
                "--output", dir.resolve("never2.csv").toString(), "--target-fpr", "0.05", "--threshold", "3");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errorLines()).singleElement().asString().contains("give one of them");
    }
}
