package io.ganwatch.cli;

import io.ganwatch.model.ModelBundle;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Properties;
import java.util.concurrent.Callable;

/** {@code promote}: make the shadow on the model topic the live model, through the model topic. */
@Command(name = "promote",
        description = {"Make the shadow model (published with `publish-model --shadow`) live: its bundle is published to the",
                "model topic as the live model, byte for byte (a signature stays valid), and the shadow is removed. Every",
                "running stream processor switches to it between two batches and stops scoring a shadow.",
                "Example: ganwatch promote --topic ganwatch-models --bootstrap-servers localhost:9092 --version 20260101T000000Z-ab12"})
final class PromoteCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--version", required = true, description = {"Version of the shadow to promote, as /model's shadow section",
            "shows it; a guard against promoting a shadow replaced since it was compared."})
    String version;

    @Mixin
    ModelTopicOptions topic;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws InterruptedException {
        Properties client = topic.client();
        ModelTopicOptions.Shadow shadow = topic.shadow(client).orElseThrow(() -> new IllegalArgumentException(
                "model topic '" + topic.topic + "' holds no shadow" + topic.ofModel() + "; publish one with `publish-model --shadow`"));
        ModelBundle bundle = shadow.bundle();
        if (!bundle.metadata().version().equals(version)) {
            throw new IllegalArgumentException("the shadow of model " + shadow.modelId() + " on '" + topic.topic + "' is version "
                    + bundle.metadata().version() + ", not " + version + "; nothing was promoted");
        }
        // Live first: an instance that reads the live bundle before the tombstone drops the shadow of
        // that version at once, so the order is safe either way, and a promotion stopped between the two
        // leaves the new version live with no shadow.
        RecordMetadata live = ModelPublisher.publish(bundle, topic.topic, client, "shadow " + shadow.where());
        ModelPublisher.removeShadow(shadow.modelId(), topic.topic, client);
        System.out.printf("promoted model %s version %s: published to %s as the live model (partition %d, offset %d); the shadow"
                + " is removed%n", shadow.modelId(), version, topic.topic, live.partition(), live.offset());
        return 0;
    }
}
