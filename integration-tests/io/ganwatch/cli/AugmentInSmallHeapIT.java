package io.ganwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code augment} in a 160 MiB heap (a child JVM, as users run it): without {@code --max-rows}, a
 * training file too large for the job is sampled to what the heap holds, and says so; forced to hold
 * every row with {@code --max-rows}, the job ends in one line that names the way out, not an
 * OutOfMemoryError.
 */
class AugmentInSmallHeapIT {
    private static final List<String> SMALL_HEAP = List.of("-Xmx160m");

    @TempDir
    Path dir;

    @Test
    void aFileTooLargeForTheJobIsSampledToTheHeapAndForcingEveryRowIsOneLine() throws Exception {
        // 400,000 rows of 8 columns with a 60-row minority: as a table of objects, far more than the heap.
        Path csv = dir.resolve("big.csv");
        Random r = new Random(2);
        try (Writer w = Files.newBufferedWriter(csv)) {
            w.write("a,b,c,d,e,f,service,label\n");
            for (int i = 0; i < 400_000; i++) {
                boolean rare = i % 6_667 == 0;
                w.write(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%.4f,%d,%d,s%d,%s%n", r.nextGaussian() + (rare ? 3 : 0),
                        r.nextGaussian(), r.nextGaussian(), r.nextGaussian(), r.nextInt(1000), r.nextInt(50), r.nextInt(20),
                        rare ? "rare" : "common"));
            }
        }
        List<String> job = List.of("augment", "--train", csv.toString(), "--label-column", "label", "--minority", "rare",
                "--method", "smote", "--classifier", "logistic");

        Path json = dir.resolve("result.json");
        List<String> auto = new java.util.ArrayList<>(job);
        auto.addAll(List.of("--json", json.toString()));
        GanwatchProcess.Result sampled = GanwatchProcess.run(dir, SMALL_HEAP, auto.toArray(String[]::new));
        assertThat(sampled.exitCode()).as(sampled.stdout() + sampled.stderr()).isZero();
        assertThat(sampled.stderr()).contains("400,000 training rows do not fit in memory: kept all 60 minority rows",
                "(memory: ", "give java a larger -Xmx, or pass --max-rows N");
        JsonNode sampling = new ObjectMapper().readTree(json.toFile()).get("sampling");
        assertThat(sampling.get("rows_seen").asLong()).isEqualTo(400_000);
        assertThat(sampling.get("rows_kept").asLong()).isBetween(10_000L, 399_999L);
        assertThat(sampling.get("minority_rows").asInt()).isEqualTo(60);
        // 6 numeric columns and 20 services (and the unknown bucket) encode to 27 features, a little wider than the
        // 8 source columns counted while reading, so the sample was narrowed to the encoded width.
        assertThat(sampling.get("reason").asText()).startsWith("memory: ").contains("rows of 27 encoded features fit a 160 MiB heap");

        List<String> every = new java.util.ArrayList<>(job);
        every.addAll(List.of("--max-rows", "400000"));
        GanwatchProcess.Result all = GanwatchProcess.run(dir, SMALL_HEAP, every.toArray(String[]::new));
        String out = all.stdout() + all.stderr();
        assertThat(all.exitCode()).as(out).isEqualTo(2);
        assertThat(out).doesNotContain("OutOfMemoryError").doesNotContain("\tat ");
        assertThat(all.stderr()).contains("ran out of memory on " + csv, "pass --max-rows N", "larger -Xmx");
    }
}
