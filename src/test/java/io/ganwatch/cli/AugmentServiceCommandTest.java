package io.ganwatch.cli;

import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

class AugmentServiceCommandTest {

    @Test
    void helpShowsTheOptionsAndAnExample() {
        CapturedRun r = CapturedRun.of("augment-service", "--help");
        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.stdout()).contains("--bootstrap-servers", "--requests-topic", "--results-topic", "--max-rows", "--max-count",
                "--max-columns", "--file-root", "--set", "Example:", "kcat -P");
    }

    @Test
    void badArgumentsAreOneLineAndExitCode2() {
        CapturedRun noCluster = CapturedRun.of("augment-service");
        assertThat(noCluster.exitCode()).isEqualTo(2);
        assertThat(noCluster.stderr()).contains("no Kafka cluster: set bootstrap.servers (or --bootstrap-servers)");

        CapturedRun badNumber = CapturedRun.of("augment-service", "--bootstrap-servers", "localhost:1", "--max-count", "many");
        assertThat(badNumber.exitCode()).isEqualTo(2);
        assertThat(badNumber.stderr()).contains("--max-count").hasLineCount(1);

        CapturedRun badLimit = CapturedRun.of("augment-service", "--bootstrap-servers", "localhost:1", "--max-rows", "0");
        assertThat(badLimit.exitCode()).isEqualTo(2);
        assertThat(badLimit.stderr()).contains("ganwatch.augment.max.rows must be at least 1");
    }
}
