package io.ganwatch.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code feedback} command's refusals: one line naming the problem, exit code 2, no stack trace, nothing sent. */
class FeedbackCommandTest {
    private static CapturedRun feedback(String... extra) {
        String[] base = {"feedback", "--bootstrap-servers", "127.0.0.1:1", "--topic", "fb", "--alert-id", "in-0-1"};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CapturedRun.of(args);
    }

    private static void refused(CapturedRun run, String problem) {
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
        assertThat(run.errorLines()).singleElement().asString().startsWith("ganwatch feedback: error:").contains(problem);
        assertThat(run.stderr()).doesNotContain("\tat ");
        assertThat(run.stdout()).doesNotContain("sent ");
    }

    @Test
    void anUnknownVerdictNamesTheThreeThatExist() {
        refused(feedback("--verdict", "maybe"), "unknown verdict 'maybe'; use true-positive, false-positive or unsure");
    }

    @Test
    void aMissingVerdictOrAlertIdIsNamed() {
        refused(feedback(), "--verdict");
        refused(CapturedRun.of("feedback", "--bootstrap-servers", "127.0.0.1:1", "--topic", "fb", "--verdict", "unsure"),
                "--alert-id");
        refused(CapturedRun.of("feedback", "--bootstrap-servers", "127.0.0.1:1", "--topic", "fb", "--alert-id", " ",
                "--verdict", "unsure"), "--alert-id is empty");
    }

    @Test
    void anUnknownFormatAndABadBootstrapAddressAreNamed() {
        refused(feedback("--verdict", "unsure", "--format", "xml"), "unknown --format 'xml'; use avro or json");
        refused(CapturedRun.of("feedback", "--bootstrap-servers", "no-port-here", "--topic", "fb", "--alert-id", "a",
                "--verdict", "true-positive"), "--bootstrap-servers");
    }
}
