package io.ganwatch.cli;

import io.ganwatch.kafka.LocalKafka;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.streams.ConnModels;
import io.ganwatch.streams.ModelMessages;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code publish-model} and the size of a bundle's message (1 to 8 MB: the graph's stored
 * prototypes), on a broker with Kafka's default {@code message.max.bytes} (1 MB): a missing model topic
 * is created to allow {@link ModelMessages#MAX_BYTES}; an existing topic that allows less refuses the
 * bundle, and the one error line names the command that raises the topic's limit, after which the
 * same command publishes.
 */
class PublishModelIT {
    @TempDir
    static Path dir;
    static LocalKafka kafka;
    static Path model;
    static int size;

    @BeforeAll
    static void brokerAndModel() {
        kafka = LocalKafka.start(dir.resolve("kafka"));
        ModelBundle bundle = ConnModels.train("conn", 5);
        size = ModelMessages.encode(bundle).length;
        model = dir.resolve("model");
        bundle.save(model);
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Config describe(Admin admin, String topic) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(r)).all().get(30, TimeUnit.SECONDS).get(r);
    }

    @Test
    void aMissingTopicIsCreatedForLargeBundles() throws Exception {
        CapturedRun run = CapturedRun.of("publish-model", "--model", model.toString(), "--topic", "new-models",
                "--bootstrap-servers", kafka.bootstrapServers());
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.stdout()).contains("published model conn version", "to new-models (partition 0, offset 0)");
        try (Admin admin = kafka.newAdmin()) {
            Config c = describe(admin, "new-models");
            assertThat(c.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(c.get("max.message.bytes").value()).isEqualTo(String.valueOf(ModelMessages.MAX_BYTES));
        }
    }

    @Test
    void anExistingTopicThatAllowsLessIsNamedWithTheFixAndTheSameCommandThenPublishes() throws Exception {
        // Half the bundle: whatever its size, the broker refuses it, as a 1 MB default refuses today's bundles.
        String topic = "small-models";
        kafka.createCompactedTopic(topic, 1, Map.of("max.message.bytes", String.valueOf(size / 2)));
        String[] publish = {"publish-model", "--model", model.toString(), "--topic", topic, "--bootstrap-servers",
                kafka.bootstrapServers()};

        CapturedRun refused = CapturedRun.of(publish);
        assertThat(refused.exitCode()).as(refused.stdout() + refused.stderr()).isEqualTo(2);
        assertThat(refused.errorLines()).singleElement().asString()
                .startsWith("ganwatch publish-model: error: model topic " + topic + " refused the " + size + "-byte bundle")
                .contains("kafka-configs.sh --bootstrap-server " + kafka.bootstrapServers() + " --alter --entity-type topics"
                        + " --entity-name " + topic + " --add-config max.message.bytes=" + ModelMessages.MAX_BYTES);

        try (Admin admin = kafka.newAdmin()) { // what that command does
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(new AlterConfigOp(
                            new ConfigEntry("max.message.bytes", String.valueOf(ModelMessages.MAX_BYTES)), AlterConfigOp.OpType.SET))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        CapturedRun published = CapturedRun.of(publish);
        assertThat(published.exitCode()).as(published.stdout() + published.stderr()).isZero();
        assertThat(published.stdout()).contains("to " + topic + " (partition 0, offset 0)");
    }
}
