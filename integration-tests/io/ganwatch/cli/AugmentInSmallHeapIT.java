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
 * {@code augment} in a 160 MiB heap (a child JVM, as users run it): a training file too large for
 * the job ends in one line that names the way out, not an OutOfMemoryError, and {@code --max-rows}
 * is that way out.
 */
class AugmentInSmallHeapIT {
    private static final List<String> SMALL_HEAP = List.of("-Xmx160m");

    @TempDir
    Path dir;

    @Test
    void aFileTooLargeForTheJobIsOneLineAndMaxRowsRunsIt() throws Exception {
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

        GanwatchProcess.Result all = GanwatchProcess.run(dir, SMALL_HEAP, job.toArray(String[]::new));
        String out = all.stdout() + all.stderr();
        assertThat(all.exitCode()).as(out).isEqualTo(2);
        assertThat(out).doesNotContain("OutOfMemoryError").doesNotContain("\tat ");
        assertThat(all.stderr()).contains("ran out of memory on " + csv, "pass --max-rows N", "larger -Xmx");

        Path json = dir.resolve("result.json");
        List<String> sampled = new java.util.ArrayList<>(job);
        sampled.addAll(List.of("--max-rows", "20000", "--json", json.toString()));
        GanwatchProcess.Result some = GanwatchProcess.run(dir, SMALL_HEAP, sampled.toArray(String[]::new));
        assertThat(some.exitCode()).as(some.stdout() + some.stderr()).isZero();
        JsonNode sampling = new ObjectMapper().readTree(json.toFile()).get("sampling");
        assertThat(sampling.get("rows_seen").asLong()).isEqualTo(400_000);
        assertThat(sampling.get("rows_kept").asLong()).isEqualTo(20_000);
        assertThat(sampling.get("minority_rows").asInt()).isEqualTo(60);
    }
}
