package io.ganwatch.cli;

import io.ganwatch.kafka.LocalKafka;
import io.ganwatch.streams.ConnModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stream} with {@code ganwatch.feedback.topic} on a real broker where the alerts topic or the
 * feedback topic does not exist: the command ends before Kafka Streams starts, with exit code 2 and
 * one line naming the missing topic and the command that creates it (partitions as the input topic's),
 * and no stack trace.
 */
class FeedbackStartupIT {
    @TempDir
    static Path dir;
    static LocalKafka kafka;
    static Path model;

    @BeforeAll
    static void brokerAndModel() {
        kafka = LocalKafka.start(dir.resolve("kafka"));
        model = dir.resolve("model");
        ConnModels.train("conn", 1).save(model);
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static CapturedRun stream(String pre) {
        return CapturedRun.of("stream", "--bootstrap-servers", kafka.bootstrapServers(), "--model", model.toString(),
                "--input-topic", pre + "in", "--alerts-topic", pre + "alerts", "--dead-letter-topic", pre + "dlq",
                "--format", "json", "--http-port", "0", "--set", "application.id=" + pre + "app",
                "--set", "ganwatch.feedback.topic=" + pre + "feedback");
    }

    @Test
    void aMissingAlertsTopicIsNamedInOneLineWithTheCommandThatCreatesIt() {
        String pre = "startup-" + UUID.randomUUID() + "-";
        kafka.createTopics(Map.of(pre + "in", 3, pre + "feedback", 1, pre + "dlq", 1));

        CapturedRun run = stream(pre);

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
        assertThat(run.errorLines()).singleElement().asString()
                .startsWith("ganwatch stream: error: the alerts topic '" + pre + "alerts' does not exist, and the feedback join"
                        + " (ganwatch.feedback.topic) reads it from the start; create it before starting the stream")
                .contains("kafka-topics.sh --bootstrap-server " + kafka.bootstrapServers() + " --create --topic " + pre
                        + "alerts --partitions 3")
                .contains("as many partitions as the input topic '" + pre + "in'")
                .doesNotContain("feedback topic '");
        assertThat(run.stderr()).doesNotContain("\tat ");
    }

    @Test
    void missingAlertsAndFeedbackTopicsAreBothNamed() {
        String pre = "startup-" + UUID.randomUUID() + "-";
        kafka.createTopics(Map.of(pre + "in", 2, pre + "dlq", 1));

        CapturedRun run = stream(pre);

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
        assertThat(run.errorLines()).singleElement().asString()
                .contains("the alerts topic '" + pre + "alerts' and feedback topic '" + pre + "feedback' do not exist")
                .contains("--create --topic " + pre + "alerts --partitions 2` and `kafka-topics.sh --bootstrap-server "
                        + kafka.bootstrapServers() + " --create --topic " + pre + "feedback --partitions 2`");
        assertThat(run.stderr()).doesNotContain("\tat ");
    }
}
