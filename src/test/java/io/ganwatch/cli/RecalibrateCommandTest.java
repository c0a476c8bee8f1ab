package io.ganwatch.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code recalibrate} command's refusals before it reads anything: one line naming the problem, exit code 2, no stack trace. */
class RecalibrateCommandTest {
    private static CapturedRun recalibrate(String... extra) {
        String[] base = {"recalibrate", "--model", "/no/such/bundle", "--bootstrap-servers", "127.0.0.1:1", "--feedback-topic", "fb"};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CapturedRun.of(args);
    }

    private static void refused(CapturedRun run, String problem) {
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
        assertThat(run.errorLines()).singleElement().asString().startsWith("ganwatch recalibrate: error:").contains(problem);
        assertThat(run.stderr()).doesNotContain("\tat ");
        assertThat(run.stdout()).doesNotContain("proposal:");
    }

    @Test
    void exactlyOneTargetIsNeeded() {
        refused(recalibrate(), "give one target: --target-precision P (e.g. 0.9) or --alerts-per-hour N");
        refused(recalibrate("--target-precision", "0.9", "--alerts-per-hour", "10"), "give one target");
        refused(recalibrate("--target-precision", "1.2"), "--target-precision must be in (0, 1], was 1.2");
        refused(recalibrate("--alerts-per-hour", "-3"), "--alerts-per-hour must be a positive number, was -3.0");
    }

    @Test
    void publishGoesWithAModelTopicAndTheFormatIsNamed() {
        refused(recalibrate("--target-precision", "0.9", "--publish"), "--publish needs --model-topic");
        refused(recalibrate("--target-precision", "0.9", "--model-topic", "models"), "--model-topic goes with --publish");
        refused(recalibrate("--target-precision", "0.9", "--format", "xml"), "unknown --format 'xml'; use avro or json");
        refused(recalibrate("--target-precision", "0.9"), "model bundle /no/such/bundle is not a directory");
    }
}
