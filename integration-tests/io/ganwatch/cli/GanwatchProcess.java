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

    /** A run still going: a long-running command (stream, augment-service) that the test stops itself. */
    record Running(Process process, Path stdout, Path stderr) {
        /** Output so far, stdout then stderr. */
        String output() throws IOException {
            return Files.readString(stdout, StandardCharsets.UTF_8) + Files.readString(stderr, StandardCharsets.UTF_8);
        }

        /** Stops it as Ctrl-C would (SIGTERM), waits for it, and returns what it wrote. */
        Result stop() throws IOException, InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        }
    }

    /** Starts {@code ganwatch args...} without waiting for it. */
    static Running start(Path workDir, String... args) throws IOException {
        return start(workDir, List.of(), args);
    }

    /** Starts {@code java JVM-OPTIONS -jar ganwatch.jar args...} (a small {@code -Xmx}, say) without waiting for it. */
    static Running start(Path workDir, List<String> jvmOptions, String... args) throws IOException {
        Path jar = Path.of(System.getProperty("ganwatch.jar", "target/ganwatch.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; integration tests run after `mvn package`");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Running(p, out, err);
    }

    static Result run(Path workDir, String... args) throws IOException, InterruptedException {
        return run(workDir, List.of(), args);
    }

    /** Runs {@code java JVM-OPTIONS -jar ganwatch.jar args...} to the end (at most 5 minutes). */
    static Result run(Path workDir, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        Running r = start(workDir, jvmOptions, args);
        if (!r.process().waitFor(5, TimeUnit.MINUTES)) {
            r.process().destroyForcibly();
            throw new IllegalStateException("ganwatch " + String.join(" ", args) + " did not finish in 5 minutes");
        }
        return new Result(r.process().exitValue(), Files.readString(r.stdout(), StandardCharsets.UTF_8),
                Files.readString(r.stderr(), StandardCharsets.UTF_8));
    }
}
