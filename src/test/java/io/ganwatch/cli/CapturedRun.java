package io.ganwatch.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One in-process CLI run with standard output and standard error captured, for the command tests.
 *
 * @param exitCode what {@link Main#run} returned
 * @param stdout   everything printed to standard output
 * @param stderr   everything printed to standard error
 */
record CapturedRun(int exitCode, String stdout, String stderr) {

    /** stderr lines that are not log lines, i.e. what the CLI itself printed. */
    List<String> errorLines() {
        return stderr.lines().filter(l -> l.startsWith("ganwatch ")).toList();
    }

    /** Runs {@code ganwatch args...}; synchronized because System.out and System.err are global. */
    static synchronized CapturedRun of(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new CapturedRun(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
