package io.ganwatch.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class AugmentServiceCommandTest {

    /** Runs the CLI with stdout and stderr captured. */
    private static String[] run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new String[]{String.valueOf(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void helpShowsTheOptionsAndAnExample() {
        String[] r = run("augment-service", "--help");
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1]).contains("--bootstrap-servers", "--requests-topic", "--results-topic", "--max-rows", "--max-count",
                "--file-root", "--set", "Example:", "kcat -P");
    }

    @Test
    void badArgumentsAreOneLineAndExitCode2() {
        String[] noCluster = run("augment-service");
        assertThat(noCluster[0]).isEqualTo("2");
        assertThat(noCluster[2]).contains("no Kafka cluster: set bootstrap.servers (or --bootstrap-servers)");

        String[] badNumber = run("augment-service", "--bootstrap-servers", "localhost:1", "--max-count", "many");
        assertThat(badNumber[0]).isEqualTo("2");
        assertThat(badNumber[2]).contains("--max-count").hasLineCount(1);

        String[] badLimit = run("augment-service", "--bootstrap-servers", "localhost:1", "--max-rows", "0");
        assertThat(badLimit[0]).isEqualTo("2");
        assertThat(badLimit[2]).contains("ganwatch.augment.max.rows must be at least 1");
    }
}
