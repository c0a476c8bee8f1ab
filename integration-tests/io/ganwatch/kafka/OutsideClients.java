package io.ganwatch.kafka;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the outside clients the integration tests check topics with (kcat, /usr/bin/python3, the jar). */
public final class OutsideClients {
    private OutsideClients() {
    }

    /**
     * Runs a command to completion (at most 60 s) and returns its standard output and error together;
     * fails the test, showing that output, when it exits non-zero.
     */
    public static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
