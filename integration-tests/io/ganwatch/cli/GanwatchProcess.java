package io.ganwatch.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code java -jar target/ganwatch.jar ...} as a real child process, the way users run it. */
final class GanwatchProcess {
    private GanwatchProcess() {
    }

    /** Exit code and captured output of one run. */
    record Result(int exitCode, String stdout, String stderr) {
        /** stderr lines that are not log lines, i.e. what the CLI itself printed. */
        List<String> errorLines() {
            return stderr.lines().filter(l -> l.startsWith("ganwatch ")).toList();
        }
    }

    static Result run(Path workDir, String... args) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("ganwatch.jar", "target/ganwatch.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; integration tests run after `mvn package`");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("ganwatch " + String.join(" ", args) + " did not finish in 5 minutes");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
