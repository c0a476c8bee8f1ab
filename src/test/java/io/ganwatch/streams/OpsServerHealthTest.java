package io.ganwatch.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ganwatch.avro.AnomalyAlert;
import io.ganwatch.registry.SchemaRegistryClient;
import io.ganwatch.registry.SchemaRegistrySettings;
import io.ganwatch.registry.StandInRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code /health} and {@code /metrics} show the schema registry's state, from its outage to its return. */
class OpsServerHealthTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void healthNamesTheRegistryOutageWhileItLastsAndMetricsCountIt() throws Exception {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "health-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        Topology t = new Topology();
        t.addSource("s", "in");
        t.addSink("k", "out", "s");
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HttpClient http = HttpClient.newHttpClient();
        try (StandInRegistry registry = new StandInRegistry(); KafkaStreams streams = new KafkaStreams(t, p)) {
            int id = registry.register("in-value", AnomalyAlert.getClassSchema());
            SchemaRegistryClient client = SchemaRegistries.client(SchemaRegistrySettings.from(Map.of(SchemaRegistrySettings.URL,
                    registry.url())).withRetries(Duration.ofSeconds(2), 2, Duration.ofMillis(5)), meters);
            OpsServer ops = new OpsServer("127.0.0.1", 0, streams, meters, () -> null, SchemaRegistries.health(client), Map.of());
            try {
                URI health = URI.create("http://127.0.0.1:" + ops.port() + "/health");
                URI metrics = URI.create("http://127.0.0.1:" + ops.port() + "/metrics");
                JsonNode before = JSON.readTree(http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).body());
                assertThat(before.get("schema_registry").asText()).isEqualTo("ok");

                registry.unavailable(true);
                assertThatThrownBy(() -> client.schemaById(id));
                HttpResponse<String> during = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(during.statusCode()).isEqualTo(503);
                JsonNode body = JSON.readTree(during.body());
                assertThat(body.get("schema_registry").asText()).startsWith("unreachable since ").contains("HTTP 503");
                assertThat(body.get("ready").asBoolean()).isFalse();
                assertThat(body.get("live").asBoolean()).isTrue();
                String scrape = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(scrape).contains("ganwatch_schema_registry_unavailable 1.0", "ganwatch_schema_registry_failures_total 1.0");

                registry.unavailable(false);
                client.schemaById(id);
                JsonNode after = JSON.readTree(http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).body());
                assertThat(after.get("schema_registry").asText()).isEqualTo("ok");
                assertThat(http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body())
                        .contains("ganwatch_schema_registry_unavailable 0.0");
            } finally {
                ops.close();
            }
        }
    }
}
