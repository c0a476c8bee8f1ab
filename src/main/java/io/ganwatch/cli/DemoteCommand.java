package io.ganwatch.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;

/** {@code demote}: remove the shadow from the model topic. */
@Command(name = "demote", mixinStandardHelpOptions = true,
        description = {"Remove the shadow model (published with `publish-model --shadow`) from the model topic: running stream",
                "processors stop scoring it; the live model is untouched. Nothing is published when there is no shadow.",
                "Example: ganwatch demote --topic ganwatch-models --bootstrap-servers localhost:9092"})
final class DemoteCommand implements Callable<Integer> {
    @Mixin
    ModelTopicOptions topic;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws InterruptedException {
        Properties client = topic.client();
        Optional<ModelTopicOptions.Shadow> shadow = topic.shadow(client);
        if (shadow.isEmpty()) {
            System.out.printf("model topic %s holds no shadow%s; nothing to remove%n", topic.topic, topic.ofModel());
            return 0;
        }
        String version;
        try {
            version = "version " + shadow.get().bundle().metadata().version();
        } catch (io.ganwatch.model.BundleException e) {
            version = "not a readable bundle"; // removed all the same: that is what demote is for
        }
        ModelPublisher.removeShadow(shadow.get().modelId(), topic.topic, client);
        System.out.printf("removed the shadow of model %s (%s) from %s; the live model is unchanged%n",
                shadow.get().modelId(), version, topic.topic);
        return 0;
    }
}
