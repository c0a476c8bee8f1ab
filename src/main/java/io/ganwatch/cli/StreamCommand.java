package io.ganwatch.cli;

import io.ganwatch.streams.StreamConfig;
import io.ganwatch.streams.StreamService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.Optional;

/** {@code stream}: score a Kafka topic in real time until stopped. */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = {"Run the stream processor: score every record of the input topic, write alerts (and scores),",
                "send records that cannot be scored to the dead-letter topic. Settings: --config file, then",
                "GANWATCH_* environment variables, then flags; any non-ganwatch key goes to Kafka Streams.",
                "Example: ganwatch stream --config app.properties --model models/net --bootstrap-servers localhost:9092 --input-topic connections"})
final class StreamCommand implements Callable<Integer> {
    @Option(names = "--config", description = "Properties file (ganwatch.* keys and any Kafka Streams/client setting).")
    Path config;

    @Option(names = "--model", description = "Model bundle directory (ganwatch.model).")
    String model;

    @Option(names = "--model-topic", description = "Follow this compacted topic for new models (ganwatch.model.topic).")
    String modelTopic;

    @Option(names = "--model-id", description = {"Model id to serve from the model topic (ganwatch.model.id); default: the id",
            "of --model, or the only id the topic holds."})
    String modelId;

    @Option(names = "--trusted-keys", description = {"Directory of publishers' public keys (*.pub.pem, from `keygen`): serve",
            "only model-topic bundles they signed (ganwatch.model.trusted.keys)."})
    String trustedKeys;

    @Option(names = "--input-topic", description = "Topic to score (ganwatch.input.topic).")
    String input;

    @Option(names = "--alerts-topic", description = "Alerts topic (default ganwatch-alerts).")
    String alerts;

    @Option(names = "--scores-topic", description = "Also write every score here (off by default).")
    String scores;

    @Option(names = "--dead-letter-topic", description = "Dead-letter topic (default ganwatch-dead-letters).")
    String deadLetters;

    @Option(names = "--format", description = "avro (single-object encoding, default), json, or confluent-avro (the"
            + " schema-registry wire format; needs --schema-registry-url).")
    String format;

    @Option(names = "--schema-registry-url", description = "Schema registry of --format confluent-avro (schema.registry.url;"
            + " basic.auth.* and schema.registry.ssl.* go in --config or --set).")
    String schemaRegistryUrl;

    @Option(names = "--schema", description = "Extra .avsc file for the input records (repeatable).")
    List<Path> schemaFiles = List.of();

    @Option(names = "--at-least-once", description = "Use at-least-once instead of exactly-once (exactly_once_v2).")
    boolean atLeastOnce;

    @Option(names = "--target-fpr", description = "Alert at this false-positive rate on normal data, with the threshold"
            + " recomputed from the bundle's calibration scores (ganwatch.target.fpr; default: the bundle's threshold).")
    Double targetFpr;

    @Option(names = "--http-port", description = "Operations endpoint port (default 8080; 0 = any free port).")
    Integer httpPort;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> flags = kafka.flags();
        KafkaOptions.put(flags, "ganwatch.model", model);
        KafkaOptions.put(flags, "ganwatch.input.topic", input);
        KafkaOptions.put(flags, "ganwatch.model.topic", modelTopic);
        KafkaOptions.put(flags, "ganwatch.model.id", modelId);
        KafkaOptions.put(flags, "ganwatch.model.trusted.keys", trustedKeys);
        KafkaOptions.put(flags, "ganwatch.alerts.topic", alerts);
        KafkaOptions.put(flags, "ganwatch.scores.topic", scores);
        KafkaOptions.put(flags, "ganwatch.dead.letter.topic", deadLetters);
        KafkaOptions.put(flags, "ganwatch.format", format);
        KafkaOptions.put(flags, "schema.registry.url", schemaRegistryUrl);
        KafkaOptions.put(flags, "ganwatch.http.port", httpPort == null ? null : httpPort.toString());
        KafkaOptions.put(flags, "ganwatch.target.fpr", targetFpr == null ? null : targetFpr.toString());
        if (!schemaFiles.isEmpty()) {
            flags.put("ganwatch.schemas", String.join(",", schemaFiles.stream().map(Path::toString).toList()));
        }
        if (atLeastOnce) {
            flags.put("processing.guarantee", "at_least_once");
        }
        StreamConfig cfg = StreamConfig.resolve(Cli.properties(config), System.getenv(), flags);
        StreamService service = StreamService.start(cfg);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "ganwatch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        while (!stopped.await(0, TimeUnit.SECONDS)) {
            Optional<Throwable> fatal = service.awaitFatal(Duration.ofMillis(500));
            if (fatal.isPresent()) {
                Runtime.getRuntime().removeShutdownHook(hook);
                service.close();
                throw new IllegalStateException("the Kafka cluster refused this client: " + fatal.get().getMessage()
                        + "; check sasl.jaas.config and ssl.truststore.* in the config file");
            }
        }
        return 0;
    }

}
