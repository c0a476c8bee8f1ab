package io.ganwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code train} in a 96 MiB heap (a child JVM, as users run it): a file whose encoded rows need
 * more than twice that trains on an automatic sample and says so, and a file with one gigantic
 * line is refused in one line; neither ends in an OutOfMemoryError.
 */
class TrainInSmallHeapIT {
    private static final List<String> SMALL_HEAP = List.of("-Xmx96m");

    @TempDir
    Path dir;

    @Test
    void aFileThatDoesNotFitTrainsOnASampleThatDoes() throws Exception {
        // 60,000 rows of 905 encoded features (three 300-way categories, one-hot): 217 MB of floats.
        Path csv = dir.resolve("wide.csv");
        Random r = new Random(1);
        try (Writer w = Files.newBufferedWriter(csv)) {
            w.write("a,b,c,x,y\n");
            for (int i = 0; i < 60_000; i++) {
                w.write(String.format(Locale.ROOT, "c%d,d%d,e%d,%.3f,%d%n", r.nextInt(300), r.nextInt(300), r.nextInt(300),
                        r.nextGaussian(), r.nextInt(1000)));
            }
        }

        GanwatchProcess.Result res = GanwatchProcess.run(dir, SMALL_HEAP, "train", "--input", csv.toString(),
                "--epochs", "1", "--out", dir.resolve("model").toString());

        String all = res.stdout() + res.stderr();
        assertThat(all).doesNotContain("OutOfMemoryError");
        assertThat(res.exitCode()).as(all).isZero();
        assertThat(res.stderr()).containsPattern("60,000 normal rows \\(and 0 anomalies\\) do not fit in memory: .* training on"
                + " a uniform sample of [0-9,]+ normal rows .*pass --max-rows N");
        JsonNode model = new ObjectMapper().readTree(dir.resolve("model/model.json").toFile());
        // The export of the scoring prototypes is planned into the heap too: fewer than the 4096 a large heap keeps.
        assertThat(model.get("scoring").get("prototypes").asInt()).isBetween(100, 4095);
        JsonNode sampling = model.get("provenance").get("sampling");
        assertThat(sampling.get("method").asText()).isEqualTo("reservoir (Algorithm R)");
        assertThat(sampling.get("normal_rows_seen").asLong()).isEqualTo(60_000);
        assertThat(sampling.get("normal_rows_kept").asLong()).isBetween(1_000L, 20_000L);
        assertThat(sampling.get("seed").asLong()).isEqualTo(42);
        assertThat(sampling.get("reason").asText()).startsWith("memory: ");
    }

    @Test
    void aGiganticLineIsRefusedInOneLine() throws IOException, InterruptedException {
        Path csv = dir.resolve("one-line.csv");
        try (Writer w = Files.newBufferedWriter(csv)) {
            w.write("a,b\n1,");
            char[] chunk = new char[1 << 20];
            java.util.Arrays.fill(chunk, '7');
            for (int i = 0; i < 32; i++) { // 32 Mi characters and no line break
                w.write(chunk);
            }
        }

        GanwatchProcess.Result res = GanwatchProcess.run(dir, SMALL_HEAP, "train", "--input", csv.toString(),
                "--out", dir.resolve("model").toString());

        assertThat(res.exitCode()).isNotZero();
        assertThat(res.stdout() + res.stderr()).doesNotContain("OutOfMemoryError").doesNotContain("\tat ");
        assertThat(res.stderr()).contains("one-line.csv:2: ").contains("has a line longer than 4194304 characters");
    }
}
