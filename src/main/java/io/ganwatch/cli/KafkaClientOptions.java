package io.ganwatch.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The Kafka client flags that every command talking to a cluster shares ({@code --bootstrap-servers},
 * {@code --config}, {@code --set}), and the one order they merge in: the file, then {@code --set},
 * then {@code --bootstrap-servers}, so that a flag given on the command line beats the file.
 */
final class KafkaClientOptions {
    @Option(names = "--bootstrap-servers", required = true, description = "Kafka cluster.")
    String bootstrap;

    @Option(names = "--config", description = "Properties file of Kafka client settings (security.protocol, ssl.truststore.*,"
            + " sasl.mechanism, sasl.jaas.config); --set and --bootstrap-servers override it.")
    Path config;

    @Option(names = "--set", description = "Any Kafka client setting as key=value (TLS, SASL), repeatable.")
    Map<String, String> settings = Map.of();

    /** The client settings, merged; a fresh copy each call, for the caller to add its own. */
    Properties properties() {
        Properties p = new Properties();
        p.putAll(Cli.properties(config));
        p.putAll(settings);
        p.put("bootstrap.servers", bootstrap);
        return p;
    }
}
