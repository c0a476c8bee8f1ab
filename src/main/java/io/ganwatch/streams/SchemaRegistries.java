package io.ganwatch.streams;

import io.ganwatch.registry.SchemaRegistryClient;
import io.ganwatch.registry.SchemaRegistrySettings;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The stream service's schema-registry client, wired to {@code /metrics} and {@code /health}. */
final class SchemaRegistries {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistries.class);
    /** The name of the registry in {@code /health}. */
    static final String HEALTH_NAME = "schema_registry";

    private SchemaRegistries() {
    }

    /** A client whose requests, failures and outage state are exported as meters. */
    static SchemaRegistryClient client(SchemaRegistrySettings settings, MeterRegistry meters) {
        LOG.info("schema registry: {}", settings); // the settings' toString hides the passwords
        SchemaRegistryClient client = new SchemaRegistryClient(settings);
        FunctionCounter.builder("ganwatch.schema.registry.requests", client, SchemaRegistryClient::requests)
                .description("HTTP requests sent to the schema registry (cached answers send none)").register(meters);
        FunctionCounter.builder("ganwatch.schema.registry.failures", client, SchemaRegistryClient::failedCalls)
                .description("Schema registry calls that failed after their retries (an outage or a refusal); the task"
                        + " was restarted, no record dead-lettered").register(meters);
        Gauge.builder("ganwatch.schema.registry.unavailable", client, c -> c.problem().isPresent() ? 1 : 0)
                .description("1 while the schema registry is unreachable or refuses ganwatch's requests").register(meters);
        return client;
    }

    /** The registry's entry for {@link OpsServer}'s health, or none without a registry. */
    static Map<String, Supplier<Optional<String>>> health(SchemaRegistryClient client) {
        if (client == null) {
            return Map.of();
        }
        return Map.of(HEALTH_NAME, () -> client.problem().map(SchemaRegistryClient.Problem::describe));
    }
}
