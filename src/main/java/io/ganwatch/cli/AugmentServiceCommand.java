package io.ganwatch.cli;

import io.ganwatch.augment.service.AugmentService;
import io.ganwatch.augment.service.AugmentServiceConfig;
import io.ganwatch.augment.service.AugmentationJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code augment-service}: serve augmentation requests from a Kafka topic until stopped. */
@Command(name = "augment-service", mixinStandardHelpOptions = true,
        description = {"Serve AugmentationRequests (schemas/AugmentationRequest.avsc, as Avro or JSON) from a topic: read the",
                "source file or topic, make synthetic minority records (none, weighted, smote, gan or auto), write them to the destination",
                "topic or file, and answer each request with an AugmentationResult on the compacted results topic, in one",
                "transaction. A request id that already has an OK or REJECTED result is not served again.",
                "Settings: --config file, then GANWATCH_* environment variables, then flags; non-ganwatch keys go to the Kafka clients.",
                "Example:",
                "  ganwatch augment-service --bootstrap-servers localhost:9092 --file-root /data --max-count 50000",
                "  echo 'r1|{\"request_id\":\"r1\",\"source\":{\"path\":\"/data/cards.csv\"},\"label_column\":\"fraud\",\"minority\":[\"1\"],"
                        + "\"count\":1000,\"method\":\"smote\",\"destination\":{\"topic\":\"cards-synthetic\"}}' \\",
                "    | kcat -P -b localhost:9092 -t ganwatch-augment-requests -K '|'"})
final class AugmentServiceCommand implements Callable<Integer> {
    @Option(names = "--config", description = "Properties file (ganwatch.augment.* keys and any Kafka client setting).")
    Path config;

    @Option(names = "--requests-topic", description = "Requests topic (default ganwatch-augment-requests; created if missing).")
    String requestsTopic;

    @Option(names = "--results-topic", description = "Results topic (default ganwatch-augment-results; created compacted if missing).")
    String resultsTopic;

    @Option(names = "--group-id", description = "Consumer group of the service's instances (default ganwatch-augment).")
    String groupId;

    @Option(names = "--max-rows", description = "Most real rows a source may have (default 1000000).")
    Long maxRows;

    @Option(names = "--max-count", description = "Most synthetic records one request may ask for (default 100000).")
    Long maxCount;

    @Option(names = "--max-time-budget", paramLabel = "SECONDS", description = "Longest GAN training a request may ask for (default 600).")
    Long maxTimeBudget;

    @Option(names = "--max-columns", description = "Most distinct fields the JSON records of a source topic may have (default 1000).")
    Long maxColumns;

    @Option(names = "--max-source-bytes", paramLabel = "BYTES",
            description = "Most bytes a source may have: a file's size on disk, a topic's record values (default 1073741824).")
    Long maxSourceBytes;

    @Option(names = "--file-root", paramLabel = "DIR",
            description = "Directory requests may read source files from and write destination files to (repeatable; none: files are refused).")
    List<Path> fileRoots = List.of();

    @Option(names = "--schema", description = "Extra .avsc file for Avro records on source topics (repeatable).")
    List<Path> schemaFiles = List.of();

    @Mixin
    KafkaOptions kafka;

    @Mixin
    CommonOptions common;

    private final AugmentationJob job;

    /** The command as the CLI runs it, with the real augmentation job. */
    AugmentServiceCommand() {
        this(AugmentationJob.augmenter());
    }

    /** @param job makes the rows (tests give a stand-in to see how the command ends when a job breaks the service) */
    AugmentServiceCommand(AugmentationJob job) {
        this.job = job;
    }

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> flags = kafka.flags();
        KafkaOptions.put(flags, "group.id", groupId);
        KafkaOptions.put(flags, "ganwatch.augment.requests.topic", requestsTopic);
        KafkaOptions.put(flags, "ganwatch.augment.results.topic", resultsTopic);
        KafkaOptions.put(flags, "ganwatch.augment.max.rows", maxRows);
        KafkaOptions.put(flags, "ganwatch.augment.max.count", maxCount);
        KafkaOptions.put(flags, "ganwatch.augment.max.time.budget.seconds", maxTimeBudget);
        KafkaOptions.put(flags, "ganwatch.augment.max.columns", maxColumns);
        KafkaOptions.put(flags, "ganwatch.augment.max.source.bytes", maxSourceBytes);
        if (!fileRoots.isEmpty()) {
            flags.put("ganwatch.augment.file.roots", String.join(",", fileRoots.stream().map(Path::toString).toList()));
        }
        if (!schemaFiles.isEmpty()) {
            flags.put("ganwatch.schemas", String.join(",", schemaFiles.stream().map(Path::toString).toList()));
        }
        AugmentServiceConfig cfg = AugmentServiceConfig.resolve(Cli.properties(config), System.getenv(), flags);
        AugmentService service = AugmentService.start(cfg, job);
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "ganwatch-augment-shutdown"));
        System.out.printf("augment-service: serving %s, results to %s (Ctrl-C stops)%n", cfg.requestsTopic(), cfg.resultsTopic());
        System.out.flush();
        Optional<Throwable> failure = service.awaitStop();
        if (failure.isPresent()) {
            Throwable f = failure.get();
            System.err.println("ganwatch augment-service: error: " + (f.getMessage() == null ? f.toString() : f.getMessage())
                    + "; the service stopped; requests not yet answered are served after a restart");
            return 1;
        }
        return 0;
    }

}
