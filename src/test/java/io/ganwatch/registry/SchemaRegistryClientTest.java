package io.ganwatch.registry;

import io.ganwatch.avro.AnomalyAlert;
import io.ganwatch.avro.ScoredRecord;
import io.ganwatch.kafka.KafkaSecrets;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry client against the stand-in registry: caching, errors by kind, retries, outage state, auth. */
class SchemaRegistryClientTest {
    private static SchemaRegistryClient client(String url, String userInfo) {
        Map<String, String> config = userInfo == null ? Map.of(SchemaRegistrySettings.URL, url)
                : Map.of(SchemaRegistrySettings.URL, url, SchemaRegistrySettings.USER_INFO, userInfo);
        return new SchemaRegistryClient(SchemaRegistrySettings.from(config).withRetries(Duration.ofSeconds(2), 3, Duration.ofMillis(10)));
    }

    @Test
    void aSchemaIsFetchedByIdOnceAndThenServedFromTheCache() throws Exception {
        try (StandInRegistry registry = new StandInRegistry()) {
            int id = registry.register("in-value", AnomalyAlert.getClassSchema());
            SchemaRegistryClient c = client(registry.url(), null);
            assertThat(c.schemaById(id)).isEqualTo(AnomalyAlert.getClassSchema());
            assertThat(c.schemaById(id)).isEqualTo(AnomalyAlert.getClassSchema());
            assertThat(registry.requests()).containsExactly("GET /schemas/ids/" + id);
            assertThat(c.requests()).isEqualTo(1);
        }
    }

    @Test
    void registeringIsCachedPerSubjectAndSchemaAndTheRegistryKeepsOneIdPerSchema() throws Exception {
        try (StandInRegistry registry = new StandInRegistry()) {
            SchemaRegistryClient c = client(registry.url(), null);
            int alerts = c.register("alerts-value", AnomalyAlert.getClassSchema());
            assertThat(c.register("alerts-value", AnomalyAlert.getClassSchema())).isEqualTo(alerts);
            int scores = c.register("scores-value", ScoredRecord.getClassSchema());
            int again = c.register("other-value", AnomalyAlert.getClassSchema());
            assertThat(scores).isNotEqualTo(alerts);
            assertThat(again).isEqualTo(alerts);
            assertThat(registry.requests()).containsExactly("POST /subjects/alerts-value/versions",
                    "POST /subjects/scores-value/versions", "POST /subjects/other-value/versions");
            assertThat(registry.versions("alerts-value")).containsExactly(alerts);
            // a registered schema needs no fetch to be read back
            assertThat(c.schemaById(alerts)).isEqualTo(AnomalyAlert.getClassSchema());
            assertThat(registry.requests()).hasSize(3);
        }
    }

    @Test
    void anIdTheRegistryDoesNotKnowIsAnUnknownSchemaNotAnOutage() throws Exception {
        try (StandInRegistry registry = new StandInRegistry()) {
            SchemaRegistryClient c = client(registry.url(), null);
            assertThatThrownBy(() -> c.schemaById(77)).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                assertThat(e.kind()).isEqualTo(SchemaRegistryException.Kind.UNKNOWN_SCHEMA);
                assertThat(e.getMessage()).contains("schema id 77", "40403");
            });
            assertThat(c.problem()).isEmpty();
            assertThat(c.failedCalls()).isZero();
        }
    }

    @Test
    void a503IsRetriedThenReportedAsAnOutageUntilACallSucceeds() throws Exception {
        try (StandInRegistry registry = new StandInRegistry()) {
            int id = registry.register("in-value", AnomalyAlert.getClassSchema());
            SchemaRegistryClient c = client(registry.url(), null);
            registry.unavailable(true);
            assertThatThrownBy(() -> c.schemaById(id)).isInstanceOfSatisfying(SchemaRegistryException.class,
                    e -> assertThat(e.kind()).isEqualTo(SchemaRegistryException.Kind.UNAVAILABLE));
            assertThat(registry.requests()).hasSize(3); // every attempt was made
            assertThat(c.problem()).hasValueSatisfying(p -> {
                assertThat(p.state()).isEqualTo("unreachable");
                assertThat(p.describe()).startsWith("unreachable since ").contains("HTTP 503");
            });
            assertThat(c.failedCalls()).isEqualTo(1);

            registry.unavailable(false);
            assertThat(c.schemaById(id)).isEqualTo(AnomalyAlert.getClassSchema());
            assertThat(c.problem()).isEmpty();
        }
    }

    @Test
    void aRegistryNobodyListensOnIsAnOutage() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        SchemaRegistryClient c = client("http://127.0.0.1:" + port, null);
        assertThatThrownBy(() -> c.register("x-value", AnomalyAlert.getClassSchema()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SchemaRegistryException.Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("unreachable (3 attempts, last: ConnectException", "check that the registry is up");
                });
        assertThat(c.problem()).isPresent();
    }

    @Test
    void basicAuthIsSentAndWrongCredentialsAreARefusalShownInTheProblem() throws Exception {
        try (StandInRegistry registry = new StandInRegistry("ganwatch:s3cret")) {
            int id = registry.register("in-value", AnomalyAlert.getClassSchema());
            assertThat(client(registry.url(), "ganwatch:s3cret").schemaById(id)).isEqualTo(AnomalyAlert.getClassSchema());

            SchemaRegistryClient wrong = client(registry.url(), "ganwatch:wrong");
            assertThatThrownBy(() -> wrong.schemaById(id)).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                assertThat(e.kind()).isEqualTo(SchemaRegistryException.Kind.REFUSED);
                assertThat(e.getMessage()).contains("HTTP 401", SchemaRegistrySettings.USER_INFO).doesNotContain("wrong");
            });
            assertThat(wrong.problem()).hasValueSatisfying(p -> assertThat(p.state()).isEqualTo("refused"));
            // an outage after a refusal is reported as what it is now
            registry.unavailable(true);
            assertThatThrownBy(() -> wrong.schemaById(id)).isInstanceOfSatisfying(SchemaRegistryException.class,
                    e -> assertThat(e.kind()).isEqualTo(SchemaRegistryException.Kind.UNAVAILABLE));
            assertThat(wrong.problem()).hasValueSatisfying(p -> assertThat(p.state()).isEqualTo("unreachable"));
        }
    }

    @Test
    void credentialsInTheUrlAreUsedWhenTheSourceIsUrlAndNeverShown() throws Exception {
        try (StandInRegistry registry = new StandInRegistry("ganwatch:s3cret")) {
            int id = registry.register("in-value", AnomalyAlert.getClassSchema());
            String url = registry.url().replace("http://", "http://ganwatch:s3cret@");
            SchemaRegistrySettings s = SchemaRegistrySettings.from(Map.of(SchemaRegistrySettings.URL, url,
                    SchemaRegistrySettings.CREDENTIALS_SOURCE, "URL"));
            assertThat(s.url().toString()).isEqualTo(registry.url());
            assertThat(new SchemaRegistryClient(s).schemaById(id)).isEqualTo(AnomalyAlert.getClassSchema());
            assertThat(s.toString()).doesNotContain("s3cret").contains(KafkaSecrets.HIDDEN);
        }
    }

    @Test
    void settingsNeverShowPasswordsAndRefuseWhatTheyCannotDo() {
        SchemaRegistrySettings s = SchemaRegistrySettings.from(Map.of(SchemaRegistrySettings.URL, "https://registry:8081",
                SchemaRegistrySettings.USER_INFO, "key:verysecret"));
        assertThat(s.userInfo()).isEqualTo("key:verysecret");
        assertThat(s.toString()).doesNotContain("verysecret");
        assertThat(SchemaRegistrySettings.from(Map.of())).isNull();
        assertThatThrownBy(() -> SchemaRegistrySettings.from(Map.of(SchemaRegistrySettings.URL, "http://a:1,http://b:1")))
                .hasMessageContaining("give one");
        assertThatThrownBy(() -> SchemaRegistrySettings.from(Map.of(SchemaRegistrySettings.URL, "http://a:1",
                SchemaRegistrySettings.CREDENTIALS_SOURCE, "SASL_INHERIT"))).hasMessageContaining("use USER_INFO");
        assertThatThrownBy(() -> SchemaRegistrySettings.from(Map.of(SchemaRegistrySettings.URL, "registry:8081")))
                .hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> SchemaRegistrySettings.from(Map.of(SchemaRegistrySettings.URL, "https://r:1",
                "schema.registry.ssl.truststore.location", "/nonexistent/trust.jks"))).hasMessageContaining("cannot be read");
    }

    @Test
    void a404ThatIsNotTheRegistrysSchemaNotFoundIsAConfigurationProblemNotBadInput() throws Exception {
        // A wrong base path (or a proxy in front) answers 404 to every id: dead-lettering every record
        // as unknown-schema would empty the topic into the dead-letter topic, so it must not be UNKNOWN_SCHEMA.
        try (StandInRegistry registry = new StandInRegistry()) {
            int id = registry.register("in-value", AnomalyAlert.getClassSchema());
            SchemaRegistryClient c = client(registry.url() + "/not-the-registry", null);
            assertThatThrownBy(() -> c.schemaById(id)).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                assertThat(e.kind()).isEqualTo(SchemaRegistryException.Kind.REFUSED);
                assertThat(e.getMessage()).contains("HTTP 404", SchemaRegistrySettings.URL);
            });
            assertThat(c.problem()).hasValueSatisfying(p -> assertThat(p.state()).isEqualTo("refused"));
        }
    }
}
