package io.ganwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI as users run it: {@code java -jar target/ganwatch.jar}, on a generated connection log.
 * One model is trained once and shared; every bad-input case must end with exit code 2 and one
 * line naming the problem, never a stack trace (unless {@code --verbose}).
 */
class CliIT {
    @TempDir
    static Path dir;
    static Path train;
    static Path test;
    static Path model;
    static GanwatchProcess.Result trained;

    @BeforeAll
    static void trainOnce() throws Exception {
        train = TrafficData.write(dir.resolve("train.csv"), 4000, 40, 1);
        test = TrafficData.write(dir.resolve("test.csv"), 1000, 50, 2);
        model = dir.resolve("model");
        trained = GanwatchProcess.run(dir, "train", "--input", train.toString(), "--label-column", "label",
                "--normal-value", "normal", "--out", model.toString(), "--seed", "7", "--epochs", "15", "--batch-size", "64");
    }

    @Test
    void trainWritesAVerifiableBundleWithProvenance() throws Exception {
        assertThat(trained.exitCode()).as(trained.stderr()).isZero();
        assertThat(trained.stdout()).contains("written to", "threshold", "held-back check against 40 labelled anomalies");
        JsonNode meta = new ObjectMapper().readTree(model.resolve("model.json").toFile());
        assertThat(meta.at("/provenance/seed").asLong()).isEqualTo(7);
        assertThat(meta.at("/provenance/rows_read").asInt()).isEqualTo(4040);
        assertThat(meta.at("/provenance/normal_rows").asInt()).isEqualTo(4000);
        assertThat(meta.at("/provenance/source_sha256").asText()).hasSize(64);
        assertThat(meta.at("/provenance/graph_sha256").asText()).hasSize(64);
        assertThat(meta.at("/provenance/versions/onnxruntime").asText()).isEqualTo("1.29.0");
        assertThat(meta.at("/threshold/target_fpr").asDouble()).isEqualTo(0.01);
        assertThat(meta.at("/history").size()).isEqualTo(15);
        assertThat(meta.at("/feature_names").size()).isEqualTo(3 + 3 + 4); // 3 numeric, protocol 2+1, service 3+1
    }

    @Test
    void scoreAddsScoreVerdictAndTopContributors() throws Exception {
        Path out = dir.resolve("scored.csv");
        GanwatchProcess.Result r = GanwatchProcess.run(dir, "score", "--model", model.toString(), "--input", test.toString(),
                "--output", out.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        try (Reader in = Files.newBufferedReader(out);
             CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
            assertThat(csv.getHeaderNames()).containsSubsequence("label", "score", "is_anomaly", "top1", "top1_contribution",
                    "top2", "top2_contribution", "top3", "top3_contribution");
            List<CSVRecord> rows = csv.getRecords();
            assertThat(rows).hasSize(1050);
            long caught = rows.stream().filter(x -> x.get("label").equals("attack") && x.get("is_anomaly").equals("true")).count();
            long falseAlarms = rows.stream().filter(x -> x.get("label").equals("normal") && x.get("is_anomaly").equals("true")).count();
            assertThat(caught).as("attacks flagged").isGreaterThanOrEqualTo(35);
            assertThat(falseAlarms).as("normal rows flagged").isLessThanOrEqualTo(60);
            CSVRecord first = rows.get(0); // row 0 is an exfiltration-like or flood anomaly
            assertThat(List.of("duration", "bytes", "packets", "protocol", "service")).contains(first.get("top1"));
            assertThat(Double.parseDouble(first.get("top1_contribution")))
                    .isGreaterThanOrEqualTo(Double.parseDouble(first.get("top2_contribution")));
        }
    }

    @Test
    void evaluateWritesMetricsJsonAndASelfContainedReport() throws Exception {
        Path json = dir.resolve("metrics.json");
        Path report = dir.resolve("report.html");
        GanwatchProcess.Result r = GanwatchProcess.run(dir, "evaluate", "--model", model.toString(), "--input", test.toString(),
                "--label-column", "label", "--normal-value", "normal", "--json", json.toString(), "--report", report.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode m = new ObjectMapper().readTree(json.toFile());
        for (String key : List.of("roc_auc", "pr_auc", "precision", "recall", "f1", "f1_at_contamination", "threshold", "rows", "anomalies")) {
            assertThat(m.has(key)).as(key).isTrue();
        }
        assertThat(m.get("rows").asInt()).isEqualTo(1050);
        assertThat(m.get("anomalies").asInt()).isEqualTo(50);
        assertThat(m.get("roc_auc").asDouble()).isGreaterThan(0.95);
        String html = Files.readString(report);
        assertThat(html).contains("<svg", "ROC");
        assertThat(html).doesNotContain("<script src", "<link ");
    }

    @Test
    void missingColumnAtScoringNamesTheColumn() throws Exception {
        Path bad = Files.writeString(dir.resolve("nocol.csv"), "duration,bytes,protocol,service\n1.0,100,tcp,http\n");
        assertOneLineError(GanwatchProcess.run(dir, "score", "--model", model.toString(), "--input", bad.toString(),
                "--output", dir.resolve("x.csv").toString()), "nocol.csv", "column 'packets'");
    }

    @Test
    void textInANumericColumnNamesFileLineAndColumn() throws Exception {
        Path bad = Files.writeString(dir.resolve("text.csv"),
                "duration,bytes,packets,protocol,service\n1.0,100,3,tcp,http\n1.5,lots,3,tcp,http\n");
        assertOneLineError(GanwatchProcess.run(dir, "score", "--model", model.toString(), "--input", bad.toString(),
                "--output", dir.resolve("x.csv").toString()), "text.csv:3", "column 'bytes'", "lots");
    }

    @Test
    void textInANumericColumnAtTrainingNamesTheLine() throws Exception {
        StringBuilder sb = new StringBuilder("a,b\n");
        for (int i = 0; i < 100; i++) {
            sb.append(i).append(',').append(i % 7).append('\n');
        }
        sb.append("12kB,3\n");
        Path bad = Files.writeString(dir.resolve("mixed.csv"), sb.toString());
        assertOneLineError(GanwatchProcess.run(dir, "train", "--input", bad.toString(), "--out", dir.resolve("m2").toString()),
                "mixed.csv:102", "column 'a'", "--categorical a");
    }

    @Test
    void emptyFileIsNamed() throws Exception {
        Path bad = Files.writeString(dir.resolve("empty.csv"), "");
        assertOneLineError(GanwatchProcess.run(dir, "train", "--input", bad.toString(), "--out", dir.resolve("m3").toString()),
                "empty.csv", "empty");
    }

    @Test
    void nanAndInfinityAreRefusedWithTheirLine() throws Exception {
        Path bad = Files.writeString(dir.resolve("nan.csv"),
                "duration,bytes,packets,protocol,service\n1.0,100,3,tcp,http\n1.0,NaN,3,tcp,http\n");
        assertOneLineError(GanwatchProcess.run(dir, "score", "--model", model.toString(), "--input", bad.toString(),
                "--output", dir.resolve("x.csv").toString()), "nan.csv:3", "column 'bytes'", "not finite");
        Path inf = Files.writeString(dir.resolve("inf.csv"),
                "duration,bytes,packets,protocol,service\n-inf,100,3,tcp,http\n");
        assertOneLineError(GanwatchProcess.run(dir, "score", "--model", model.toString(), "--input", inf.toString(),
                "--output", dir.resolve("x.csv").toString()), "inf.csv:2", "column 'duration'", "not finite");
    }

    @Test
    void unknownFormatListsTheFormats() throws Exception {
        assertOneLineError(GanwatchProcess.run(dir, "train", "--input", train.toString(), "--format", "parquet",
                "--out", dir.resolve("m4").toString()), "parquet", "csv, kdd, npz, avro");
    }

    @Test
    void corruptModelIsRefused() throws Exception {
        Path copy = Files.createDirectories(dir.resolve("corrupt"));
        Files.copy(model.resolve("model.json"), copy.resolve("model.json"));
        byte[] graph = Files.readAllBytes(model.resolve("model.onnx"));
        graph[graph.length / 2] ^= 0x55;
        Files.write(copy.resolve("model.onnx"), graph);
        assertOneLineError(GanwatchProcess.run(dir, "score", "--model", copy.toString(), "--input", test.toString(),
                "--output", dir.resolve("x.csv").toString()), "corrupt", "sha256");
        assertOneLineError(GanwatchProcess.run(dir, "score", "--model", dir.resolve("nothing-here").toString(),
                "--input", test.toString(), "--output", dir.resolve("x.csv").toString()), "nothing-here", "not a directory");
    }

    @Test
    void missingInputFileAndBadFlagsAreOneLine() throws Exception {
        assertOneLineError(GanwatchProcess.run(dir, "train", "--input", "no-such.csv", "--out", "m5"), "no-such.csv");
        assertOneLineError(GanwatchProcess.run(dir, "train", "--input", train.toString()), "--out");
        assertOneLineError(GanwatchProcess.run(dir, "train", "--input", train.toString(), "--out", "m6", "--label-column", "label"),
                "--normal-value");
        assertOneLineError(GanwatchProcess.run(dir, "score", "--model", model.toString(), "--input", test.toString(),
                "--output", dir.resolve("x.csv").toString(), "--device", "tpu"), "unknown device 'tpu'");
    }

    @Test
    void augmentWithAnUnknownLabelColumnIsOneLine() throws Exception {
        assertOneLineError(GanwatchProcess.run(dir, "augment", "--train", train.toString(), "--test", test.toString(),
                "--label-column", "class", "--minority", "attack", "--method", "smote"), "train.csv", "'class'", "no such column");
    }

    @Test
    void theSchemaRegistryFormatWithoutARegistryIsRefusedInOneLineNamingTheSetting() throws Exception {
        assertOneLineError(GanwatchProcess.run(dir, "stream-benchmark", "--format", "confluent-avro"), "--schema-registry-url");
        assertOneLineError(GanwatchProcess.run(dir, "stream", "--format", "confluent-avro", "--bootstrap-servers", "127.0.0.1:1",
                "--input-topic", "in", "--model", model.toString()), "schema.registry.url", "--schema-registry-url");
    }

    @Test
    void verboseAddsTheStackTrace() throws Exception {
        GanwatchProcess.Result r = GanwatchProcess.run(dir, "train", "--input", "no-such.csv", "--out", "m7", "--verbose");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("\tat io.ganwatch.");
    }

    @Test
    void everyCommandHasHelp() throws Exception {
        for (String cmd : List.of("train", "score", "evaluate", "benchmark", "augment")) {
            GanwatchProcess.Result r = GanwatchProcess.run(dir, cmd, "--help");
            assertThat(r.exitCode()).as(cmd).isZero();
            assertThat(r.stdout()).as(cmd).contains("Usage: ganwatch " + cmd, "Example:");
        }
    }

    private static void assertOneLineError(GanwatchProcess.Result r, String... mentions) {
        assertThat(r.exitCode()).as("exit code; stderr was:%n%s", r.stderr()).isEqualTo(2);
        List<String> lines = r.errorLines();
        assertThat(lines).as(r.stderr()).hasSize(1);
        assertThat(lines.get(0)).contains(mentions);
        assertThat(r.stderr()).doesNotContain("\tat ", "Exception in thread");
    }
}
