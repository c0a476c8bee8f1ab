package io.ganwatch.cli;

import picocli.CommandLine.Option;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code --bootstrap-servers} and {@code --set}, shared by the long-running Kafka commands
 * ({@code stream}, {@code augment-service}), whose flags are the top layer over a config file and
 * {@code GANWATCH_*} variables.
 */
final class KafkaOptions {
    @Option(names = "--bootstrap-servers", description = "Kafka cluster (bootstrap.servers).")
    String bootstrap;

    @Option(names = "--set", description = "Any setting as key=value (repeatable): Kafka client settings (TLS, SASL, "
            + "transactional.id), Kafka Streams settings (num.stream.threads) or ganwatch.* keys.")
    Map<String, String> settings = Map.of();

    /** A mutable map of the flags: every {@code --set}, then {@code --bootstrap-servers} when given. */
    Map<String, String> flags() {
        Map<String, String> flags = new HashMap<>(settings);
        put(flags, "bootstrap.servers", bootstrap);
        return flags;
    }

    /** Adds a flag's value under its setting key when the flag was given. */
    static void put(Map<String, String> flags, String key, Object value) {
        if (value != null) {
            flags.put(key, value.toString());
        }
    }
}
