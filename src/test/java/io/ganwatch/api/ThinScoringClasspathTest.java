package io.ganwatch.api;

import io.ganwatch.model.ModelBundle;
import io.ganwatch.streams.ConnModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The thin artefact's promise, tested for real: the library API scores in a JVM whose class path
 * holds none of the optional dependencies (DJL and its PyTorch natives, Tribuo, Hipparchus, the Kafka
 * broker and tools, the command line's picocli, progress bar and Log4j backend) nor anything only they bring in, and scores exactly as it does with them.
 *
 * <p>The class path left out is stricter than a consumer's: every jar of the optional dependencies'
 * groups goes, not only the optional artefacts themselves.
 */
class ThinScoringClasspathTest {
    /** Jar paths (in the local Maven repository) of the optional dependencies and what only they pull in. */
    private static final List<String> LEFT_OUT = List.of("/ai/djl/", "/org/tribuo/", "/com/oracle/labs/", "/ml/dmlc/",
            "/org/hipparchus/", "/org/scala-lang/", "/com/typesafe/", "/info/picocli/", "/me/tongfei/", "/org/jline/",
            "/org/apache/logging/log4j/");
    /** Of group org.apache.kafka only the client and Kafka Streams stay (kafka-streams needs nothing else of it). */
    private static final Pattern KAFKA_JAR = Pattern.compile("/org/apache/kafka/([^/]+)/");

    @TempDir
    Path dir;

    @Test
    void theApiScoresWithoutTheTrainingEngineOnTheClassPath() throws Exception {
        ModelBundle bundle = ConnModels.train("thin", 5);
        bundle.save(dir.resolve("model"));
        List<String> rows = List.of(
                "{\"bytes\": 1000, \"duration\": 1.0, \"protocol\": \"tcp\"}",
                "{\"bytes\": 1200.5, \"duration\": 0.8, \"protocol\": \"udp\"}",
                "{\"bytes\": 5.0e7, \"duration\": 0.001, \"protocol\": \"tcp\"}");

        String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> thin = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (String entry : full.split(File.pathSeparator)) {
            String e = entry.replace(File.separatorChar, '/');
            Matcher kafka = KAFKA_JAR.matcher(e);
            boolean out = LEFT_OUT.stream().anyMatch(e::contains)
                    || kafka.find() && !Arrays.asList("kafka-clients", "kafka-streams").contains(kafka.group(1));
            (out ? removed : thin).add(entry);
        }
        assertThat(removed).as("the training engine was on the test class path to begin with")
                .anyMatch(e -> e.contains("pytorch-engine")).anyMatch(e -> e.contains("kafka_2.13"));

        List<String> lines = run(thin, dir.resolve("model"), rows);
        assertThat(lines.get(0)).as("the child JVM cannot load DJL").isEqualTo("djl-present=false");
        assertThat(lines).hasSize(rows.size() + 1);
        try (GanwatchScorer here = GanwatchScorer.fromBundle(dir.resolve("model"))) {
            for (int i = 0; i < rows.size(); i++) {
                ScoreResult r = here.score(rows.get(i));
                Map<String, String> child = fields(lines.get(i + 1));
                assertThat(Double.parseDouble(child.get("score"))).as("row %d", i).isCloseTo(r.score(), within(1e-9));
                assertThat(Boolean.parseBoolean(child.get("anomaly"))).isEqualTo(r.anomaly());
                assertThat(Integer.parseInt(child.get("top"))).isEqualTo(r.topContributions().size());
            }
            assertThat(here.score(rows.get(2)).anomaly()).as("the far-off row exercises the contributions path").isTrue();
        }
    }

    private static List<String> run(List<String> classPath, Path model, List<String> rows) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The class path goes in an @argfile: ganwatch refuses a command line of 4 KiB or more, on which
        // ONNX Runtime 1.29 crashes the process.
        Path args = Files.createTempFile(model.getParent(), "cp", ".args");
        Files.writeString(args, "-cp \"" + String.join(File.pathSeparator, classPath) + "\"\n");
        Process p = new ProcessBuilder(java, "@" + args, ThinScoringMain.class.getName(), model.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write((String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the child JVM finished").isTrue();
        assertThat(p.exitValue()).as("the child JVM scored without the optional dependencies (see its stderr above)").isZero();
        return new String(out, StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("djl-") || l.startsWith("score=")).toList();
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> m = new java.util.HashMap<>();
        for (String kv : line.split(" ")) {
            int eq = kv.indexOf('=');
            m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return m;
    }
}
