package io.ganwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ganwatch.input.CsvTableReader;
import io.ganwatch.input.Table;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ganwatch augment} in process, on generated CSV files: help, one-line errors with exit
 * code 2, and a SMOTE run writing rows and JSON. Standard output and error are captured for each
 * call (the CLI writes to them as a user sees it).
 */
class AugmentCommandTest {
    @TempDir
    static Path dir;
    static Path train;
    static Path test;

    /** Connections: rare "exfil" rows with large byte counts, mostly over https. */
    static Path write(Path file, int normal, int rare, long seed) throws Exception {
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder("duration,bytes,service,label\n");
        for (int i = 0; i < normal + rare; i++) {
            boolean isRare = i >= normal;
            double duration = Math.abs(r.nextGaussian()) * (isRare ? 40 : 10);
            long bytes = Math.round(Math.exp((isRare ? 12 : 8) + r.nextGaussian()));
            String service = isRare ? (r.nextDouble() < 0.8 ? "https" : "ssh") : new String[] {"http", "https", "dns", "ssh"}[r.nextInt(4)];
            b.append(String.format(Locale.ROOT, "%.3f,%d,%s,%s%n", duration, bytes, service, isRare ? "exfil" : "normal"));
        }
        return Files.writeString(file, b.toString());
    }

    @BeforeAll
    static void data() throws Exception {
        train = write(dir.resolve("train.csv"), 1500, 25, 1);
        test = write(dir.resolve("test.csv"), 600, 30, 2);
    }

    private static void assertOneLineError(CapturedRun r, String... mentions) {
        assertThat(r.exitCode()).as("exit code; stderr was:%n%s", r.stderr()).isEqualTo(2);
        assertThat(r.errorLines()).as(r.stderr()).hasSize(1);
        assertThat(r.errorLines().get(0)).contains(mentions);
        assertThat(r.stderr()).doesNotContain("\tat ");
    }

    @Test
    void helpShowsTheOptionsAndAnExample() {
        CapturedRun r = CapturedRun.of("augment", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).contains("Usage: ganwatch augment", "Example:", "--minority", "--method", "--count",
                "--classifier", "--report", "--time-budget");
    }

    @Test
    void unknownLabelColumnIsOneLineNamingTheColumns() {
        assertOneLineError(CapturedRun.of("augment", "--train", train.toString(), "--test", test.toString(), "--label-column", "class",
                "--minority", "exfil", "--method", "smote"), "train.csv", "'class'", "duration, bytes, service, label");
    }

    @Test
    void unknownMinorityValueListsTheLabels() {
        assertOneLineError(CapturedRun.of("augment", "--train", train.toString(), "--label-column", "label", "--minority", "exfill",
                "--method", "smote"), "'exfill'", "normal (1500), exfil (25)");
    }

    @Test
    void badFlagsAreOneLine() {
        assertOneLineError(CapturedRun.of("augment", "--train", train.toString(), "--label-column", "label", "--minority", "exfil",
                "--method", "vae"), "unknown augmentation method 'vae'", "none, weighted, smote, gan or auto");
        assertOneLineError(CapturedRun.of("augment", "--train", train.toString(), "--label-column", "label", "--minority", "exfil",
                "--method", "smote", "--count", "0"), "--count");
        assertOneLineError(CapturedRun.of("augment", "--train", train.toString(), "--label-column", "label", "--minority", "exfil",
                "--method", "smote", "--classifier", "forest"), "xgboost or logistic");
        assertOneLineError(CapturedRun.of("augment", "--train", train.toString(), "--label-column", "label", "--minority", "exfil",
                "--method", "gan", "--time-budget", "soon"), "unknown duration 'soon'");
        assertOneLineError(CapturedRun.of("augment", "--train", train.toString(), "--label-column", "label", "--minority", "exfil",
                "--method", "gan", "--truncation", "tight"), "--truncation 'tight' is not a number", "or none");
        assertOneLineError(CapturedRun.of("augment", "--train", train.toString(), "--label-column", "label", "--minority", "exfil",
                "--method", "gan", "--truncation", "-1"), "--truncation must be a positive number");
        assertOneLineError(CapturedRun.of("augment", "--train", train.toString(), "--label-column", "label", "--minority", "exfil",
                "--method", "gan", "--temperature", "2"), "--temperature must be in [0, 1]");
        assertOneLineError(CapturedRun.of("augment", "--train", train.toString(), "--label-column", "label", "--minority", "exfil",
                "--method", "gan", "--fine-tune", "0.95"), "--fine-tune must be 0 (none) or a share of the time budget in (0, 0.9]");
        assertOneLineError(CapturedRun.of("augment", "--train", train.toString(), "--label-column", "label", "--minority", "exfil",
                "--method", "gan", "--filter", "nearest"), "unknown --filter 'nearest'", "classifier, smote-anchors or none");
        assertOneLineError(CapturedRun.of("augment", "--train", train.toString(), "--label-column", "label", "--minority", "exfil",
                "--method", "smote", "--filter", "smote-anchors"), "places the GAN's rows at SMOTE's", "use it with method gan");
        assertOneLineError(CapturedRun.of("augment", "--train", train.toString(), "--label-column", "label", "--minority", "exfil",
                "--method", "smote", "--output", dir.resolve("rows.parquet").toString()), "FILE.csv or FILE.avro");
        assertOneLineError(CapturedRun.of("augment", "--train", dir.resolve("nope.csv").toString(), "--label-column", "label",
                "--minority", "exfil", "--method", "smote"), "nope.csv", "no such file");
        assertOneLineError(CapturedRun.of("augment", "--train", train.toString(), "--label-column", "label", "--minority", "exfil",
                "--method", "smote", "--exclude", "durationn"), "'durationn'", "no such column");
    }

    @Test
    void theSummarySaysWhatTheGanWasFineTunedOn() {
        io.ganwatch.input.Table none = new io.ganwatch.input.Table("gan", List.of("label"), List.of());
        io.ganwatch.augment.AugmentResult r = new io.ganwatch.augment.AugmentResult(io.ganwatch.augment.AugmentMethod.GAN,
                java.util.Set.of("exfil"), io.ganwatch.augment.classify.ClassifierKind.XGBOOST, none, 1.0, null, null, List.of(),
                "gan-0123", false, null, null, null, io.ganwatch.augment.gan.Sampling.AS_TRAINED,
                new io.ganwatch.augment.gan.MinorityFineTune(java.util.Set.of("exfil"), 0.2));
        assertThat(AugmentCommand.summary(r, 25, null)).contains("trained fine-tuning on exfil for the last 20% of its budget");
        io.ganwatch.augment.AugmentResult plain = new io.ganwatch.augment.AugmentResult(r.method(), r.minority(), r.classifier(),
                none, 1.0, null, null, List.of(), "gan-0123", false, null, null, null, io.ganwatch.augment.gan.Sampling.AS_TRAINED);
        assertThat(AugmentCommand.summary(plain, 25, null)).doesNotContain("fine-tuning");
    }

    @Test
    void smoteWritesRowsJsonAndASummary() throws Exception {
        Path rows = dir.resolve("synthetic.csv");
        Path json = dir.resolve("result.json");
        CapturedRun r = CapturedRun.of("augment", "--train", train.toString(), "--test", test.toString(), "--label-column", "label",
                "--minority", "exfil", "--method", "smote", "--count", "300", "--classifier", "logistic", "--seed", "3",
                "--output", rows.toString(), "--json", json.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("method smote, minority exfil (25 training rows), classifier logistic",
                "synthetic rows 300", "test (630 rows): minority precision", "quality: KSComplement", "quality: density ", ", coverage ", "JSON written to");
        Table t = new CsvTableReader().read(rows);
        assertThat(t.columns()).containsExactly("duration", "bytes", "service", "label", "synthetic");
        assertThat(t.size()).isEqualTo(300);
        assertThat(t.rows()).allSatisfy(row -> assertThat(row.values()).endsWith("exfil", "true"));
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertThat(j.get("method").asText()).isEqualTo("smote");
        assertThat(j.get("synthetic_rows").asInt()).isEqualTo(300);
        assertThat(j.at("/test/roc_auc").asDouble()).isGreaterThan(0.8);
        assertThat(j.at("/quality/ks_complement").asDouble()).isBetween(0.0, 1.0);
        // SMOTE interpolates between real neighbours, so its rows reach most of the real rows' neighbourhoods.
        assertThat(j.at("/quality/coverage").asDouble()).isBetween(0.5, 1.0);
        assertThat(j.at("/quality/density").asDouble()).isPositive();
    }

    @Test
    void maxRowsKeepsEveryMinorityRowAndSaysSo() throws Exception {
        CapturedRun r = CapturedRun.of("augment", "--train", train.toString(), "--test", test.toString(), "--label-column", "label",
                "--minority", "exfil", "--method", "none", "--max-rows", "400", "--seed", "5", "--json", "-");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("augment: 1,525 training rows: kept all 25 minority rows and a uniform sample of 375 of the"
                + " other 1,500 (--max-rows 400, seed 5)", "on 400 training rows (25 minority)");
        JsonNode j = new ObjectMapper().readTree(r.stdout());
        assertThat(j.at("/sampling/rows_seen").asLong()).isEqualTo(1525);
        assertThat(j.at("/sampling/rows_kept").asLong()).isEqualTo(400);
        assertThat(j.at("/sampling/minority_rows").asInt()).isEqualTo(25);
        assertThat(j.at("/sampling/seed").asLong()).isEqualTo(5);

        assertOneLineError(CapturedRun.of("augment", "--train", train.toString(), "--label-column", "label",
                "--minority", "exfil", "--method", "none", "--max-rows", "20"), "more than 19 minority rows", "raise --max-rows");
    }

    @Test
    void jsonToStandardOutputKeepsTheSummaryOffIt() throws Exception {
        CapturedRun r = CapturedRun.of("augment", "--train", train.toString(), "--test", test.toString(), "--label-column", "label",
                "--minority", "exfil", "--method", "none", "--json", "-");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.stdout());
        assertThat(j.get("method").asText()).isEqualTo("none");
        assertThat(j.get("synthetic_rows").asInt()).isZero();
        assertThat(j.get("quality").isNull()).isTrue();
        assertThat(r.stderr()).contains("method none, minority exfil");
    }
}
