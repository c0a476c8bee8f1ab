package io.ganwatch.cli;

import io.ganwatch.model.BundleSigning;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.streams.ModelMessages;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** {@code publish-model}: put a bundle on the compacted model topic; running processors swap to it. */
@Command(name = "publish-model", mixinStandardHelpOptions = true,
        description = {"Verify a model bundle and publish it to a compacted model topic (key: model id). Every running",
                "stream processor following that topic (--model-topic) switches to it without a restart; publishing an",
                "older bundle again rolls back.",
                "Example: ganwatch publish-model --model models/net --topic ganwatch-models --bootstrap-servers localhost:9092"})
final class PublishModelCommand implements Callable<Integer> {
    /** Bundles are far larger than typical records; the topic and producer allow up to this size. */
    private static final int MAX_BYTES = 16 * 1024 * 1024;

    @Option(names = "--model", required = true, description = "Model bundle directory.")
    Path model;

    @Option(names = "--topic", required = true, description = "Model topic (created compacted if missing).")
    String topic;

    @Option(names = "--bootstrap-servers", required = true, description = "Kafka cluster.")
    String bootstrap;

    @Option(names = "--config", description = "Properties file of Kafka client settings (security.protocol, ssl.truststore.*,"
            + " sasl.mechanism, sasl.jaas.config); --set and --bootstrap-servers override it.")
    Path config;

    @Option(names = "--set", description = "Any Kafka client setting as key=value (TLS, SASL), repeatable.")
    Map<String, String> settings = Map.of();

    @Option(names = "--signing-key", description = {"Sign the bundle with this private key (the " + BundleSigning.PRIVATE_FILE,
            "that `keygen` wrote; its public key must lie beside it), for instances started with --trusted-keys."})
    Path signingKey;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws InterruptedException {
        ModelBundle bundle = ModelBundle.load(model); // verified before anything is sent
        if (signingKey != null) {
            bundle = BundleSigning.sign(bundle, signingKey);
            System.out.printf("signed with key %s%n", bundle.metadata().signature().keyId());
        }
        byte[] value = ModelMessages.encode(bundle);
        if (value.length > MAX_BYTES) {
            throw new IllegalArgumentException("bundle " + model + " is " + value.length + " bytes; the model topic allows "
                    + MAX_BYTES + "; use a smaller model");
        }
        Properties p = new Properties();
        p.putAll(Cli.properties(config));
        p.putAll(settings);
        p.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(p)) {
            NewTopic t = new NewTopic(topic, Optional.of(1), Optional.empty()).configs(Map.of(
                    "cleanup.policy", "compact", "max.message.bytes", String.valueOf(MAX_BYTES)));
            admin.createTopics(java.util.List.of(t)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create model topic " + topic + ": " + e.getCause().getMessage(), e);
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrap + " did not answer in 30 s; check --bootstrap-servers", e);
        }
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("max.request.size", String.valueOf(MAX_BYTES));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            RecordMetadata m = producer.send(new ProducerRecord<>(topic, bundle.metadata().modelId(), value)).get(60, TimeUnit.SECONDS);
            System.out.printf("published model %s version %s to %s (partition %d, offset %d)%n", bundle.metadata().modelId(),
                    bundle.metadata().version(), topic, m.partition(), m.offset());
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("publishing to " + topic + " failed: " + e.getMessage(), e);
        }
        return 0;
    }
}
