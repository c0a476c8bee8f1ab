package io.ganwatch.cli;

import io.ganwatch.model.BundleSigning;
import io.ganwatch.model.ModelBundle;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;

/** {@code publish-model}: put a bundle on the compacted model topic; running processors swap to it. */
@Command(name = "publish-model", mixinStandardHelpOptions = true,
        description = {"Verify a model bundle and publish it to a compacted model topic (key: model id). Every running",
                "stream processor following that topic (--model-topic) switches to it without a restart; publishing an",
                "older bundle again rolls back. With --shadow it is published as a candidate scored beside the live model.",
                "Example: ganwatch publish-model --model models/net --topic ganwatch-models --bootstrap-servers localhost:9092"})
final class PublishModelCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Model bundle directory.")
    Path model;

    @Option(names = "--topic", required = true, description = "Model topic (created compacted if missing).")
    String topic;

    @Mixin
    KafkaClientOptions kafka;

    @Option(names = "--signing-key", description = {"Sign the bundle with this private key (the " + BundleSigning.PRIVATE_FILE,
            "that `keygen` wrote; its public key must lie beside it), for instances started with --trusted-keys."})
    Path signingKey;

    @Option(names = "--shadow", description = {"Publish the bundle as a shadow: running stream processors score every record",
            "with it too, beside the live model, and write its alerts to the shadow alerts topic only",
            "(ganwatch.shadow.alerts.topic). Make it live with `promote --version`, remove it with `demote`."})
    boolean shadow;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws InterruptedException {
        ModelBundle bundle = ModelBundle.load(model); // verified before anything is sent
        if (signingKey != null) {
            bundle = BundleSigning.sign(bundle, signingKey);
            System.out.printf("signed with key %s%n", bundle.metadata().signature().keyId());
        }
        Properties p = kafka.properties();
        if (shadow) {
            RecordMetadata m = ModelPublisher.publishShadow(bundle, topic, p, model.toString());
            System.out.printf("published model %s version %s to %s as a shadow (partition %d, offset %d); its alerts go to the"
                    + " shadow alerts topic, the live model keeps alerting%n", bundle.metadata().modelId(), bundle.metadata().version(),
                    topic, m.partition(), m.offset());
            return 0;
        }
        RecordMetadata m = ModelPublisher.publish(bundle, topic, p, model.toString());
        System.out.printf("published model %s version %s to %s (partition %d, offset %d)%n", bundle.metadata().modelId(),
                bundle.metadata().version(), topic, m.partition(), m.offset());
        return 0;
    }
}
