package io.ganwatch.cli;

import io.ganwatch.demo.Demo;
import io.ganwatch.demo.DemoOptions;
import io.ganwatch.demo.DemoSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code demo}: the whole system in one command, so that a first-time user sees real alerts from a
 * real broker within a minute or two without setting anything up.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"See ganwatch work end to end on simulated card payments with injected fraud.",
                "Starts a local Kafka broker (or uses --bootstrap-servers), trains a small model",
                "(or loads --model), runs the stream processor in this process, streams the",
                "payments through it and prints each alert as it arrives. Ends with a summary:",
                "records scored and dead-lettered, precision and recall against the injected",
                "fraud, records/s end to end. Everything it started is stopped at the end.",
                "Example: ganwatch demo --records 5000 --seed 7"})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--records", description = "Transactions to stream (default: ${DEFAULT-VALUE}).")
    int records = DemoOptions.DEFAULT_RECORDS;

    @Option(names = "--seed", description = "Seed of the simulation and of training (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--bootstrap-servers", description = "Use this Kafka cluster (topics are created, with a unique suffix per run) instead of starting a broker.")
    String bootstrapServers;

    @Option(names = "--config", description = {"Properties file of Kafka client settings for --bootstrap-servers (security.protocol,",
            "ssl.truststore.*, sasl.mechanism, sasl.jaas.config)."})
    Path config;

    @Option(names = "--model", description = "Score with this model bundle instead of training one (e.g. a directory kept by --keep).")
    Path model;

    @Option(names = "--keep", description = "Keep the work directory (model bundle, broker log) after the run.")
    boolean keep;

    @Option(names = "--rate", description = "Records sent per second, 0 for as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate = DemoOptions.DEFAULT_RATE;

    @Option(names = "--epochs", description = "Training epochs when no --model is given (default: ${DEFAULT-VALUE}).")
    int epochs = DemoOptions.DEFAULT_EPOCHS;

    @Option(names = "--drift", description = "Triple every payment's amount from halfway through the stream and show the drift"
            + " report naming the column (needs --records of at least 20000).")
    boolean drift;

    @Option(names = "--feedback", description = "A simulated analyst answers every alert from the simulator's ground truth on a"
            + " feedback topic; the summary shows the precision measured from the verdicts beside the true precision.")
    boolean feedback;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws InterruptedException {
        DemoSummary summary = Demo.run(new DemoOptions(records, seed, bootstrapServers, model, keep, rate, epochs,
                Cli.properties(config), drift, feedback), System.out);
        if (!summary.complete()) {
            System.err.println("ganwatch demo: error: not every record was scored or dead-lettered in time; "
                    + "see the stream processor's log above");
            return 1;
        }
        return 0;
    }
}
