package io.ganwatch.cli;

import io.ganwatch.benchmark.StreamBenchmark;
import io.ganwatch.benchmark.StreamSoak;
import io.ganwatch.streams.StreamSettings;
import io.ganwatch.streams.WireFormat;
import io.ganwatch.model.ModelBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code stream-benchmark}: scoring against a pass-through topology on the same broker, exactly-once. */
@Command(name = "stream-benchmark", mixinStandardHelpOptions = true,
        description = {"Measure the stream processor against a pass-through topology (identity map, one output per input)",
                "on the same broker and input, exactly-once, in alternating rounds; prints records/s, the ratio and latency",
                "p50/p99 at a paced rate. Starts a local broker unless --bootstrap-servers is given; trains the demo's model",
                "on simulated card payments unless --model is given.",
                "Example: ganwatch stream-benchmark --records 200000 --format avro --json bench.json"})
final class StreamBenchmarkCommand implements Callable<Integer> {
    @Option(names = "--records", description = "Input records per backlog round (default 200000; with --soak, records in all, default 1000000).")
    Integer records;

    @Option(names = "--format", description = "Input wire format: avro (default), json, or confluent-avro (the schema-registry"
            + " wire format; needs --schema-registry-url).")
    String format = "avro";

    @Option(names = "--schema-registry-url", description = "Schema registry of --format confluent-avro: the input schema is"
            + " registered under <input topic>-value, the outputs under theirs.")
    String schemaRegistryUrl;

    @Option(names = "--batch", description = "ganwatch.batch.max.records of the scoring topology (default ${DEFAULT-VALUE}).")
    int batch = StreamSettings.DEFAULT_BATCH_MAX_RECORDS;

    @Option(names = "--batch-wait-ms", description = "ganwatch.batch.max.wait.ms (default ${DEFAULT-VALUE}).")
    long batchWaitMs = StreamSettings.DEFAULT_BATCH_MAX_WAIT_MS;

    @Option(names = "--scores", description = "Also write a ScoredRecord for every input (default: alerts only).")
    boolean scores;

    @Option(names = "--rate", description = "Paced input rate of the latency rounds, records/s (default ${DEFAULT-VALUE}).")
    int rate = 2_000;

    @Option(names = "--rounds", description = "Rounds of each topology; the first is a warm-up (default ${DEFAULT-VALUE}).")
    int rounds = 3;

    @Option(names = "--bootstrap-servers", description = "Use this cluster instead of starting a local broker.")
    String bootstrapServers;

    @Option(names = "--model", description = "Model bundle trained on the demo's card payments (default: train one, about 10 s).")
    Path model;

    @Option(names = "--seed", description = "Seeds the simulated payments and the training (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--json", description = "Also write the result as JSON to this file.")
    Path json;

    @Option(names = "--soak", description = {"Instead: a soak. The stream command runs as a child JVM and scores --records",
            "payments (default 1000000 with --soak) with 1% bad input of every kind, produced as fast as possible; prints",
            "resident memory and heap every 10 s, the dead letters per reason and per kind, whether every input came out",
            "exactly once, and the log bytes per dead letter."})
    boolean soak;

    @Option(names = "--soak-heap-mb", description = "-Xmx of the soak's stream JVM, MB (default ${DEFAULT-VALUE}).")
    int soakHeapMb = 512;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> result = soak
                ? StreamSoak.run(new StreamSoak.Options(records == null ? 1_000_000 : records, bootstrapServers, seed, soakHeapMb),
                System.out)
                : benchmark();
        if (json != null) {
            Files.write(json, ModelBundle.json().writeValueAsBytes(result));
            System.out.println("[json]   " + json);
        }
        return 0;
    }

    private Map<String, Object> benchmark() throws Exception {
        StreamBenchmark.Options o = new StreamBenchmark.Options(records == null ? 200_000 : records, WireFormat.parse(format), batch, batchWaitMs, scores, rate,
                rounds, bootstrapServers, model, seed, schemaRegistryUrl);
        new StreamSettings("in", "alerts", null, "dlq", o.format(), 3, batch, batchWaitMs); // validates the batch flags
        return StreamBenchmark.run(o, System.out);
    }
}
