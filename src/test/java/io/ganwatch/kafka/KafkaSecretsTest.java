package io.ganwatch.kafka;

import io.ganwatch.augment.service.AugmentServiceConfig;
import io.ganwatch.streams.StreamConfig;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every key the Kafka clients themselves type as a password is hidden when the settings of
 * {@code stream} and {@code augment-service} are logged, bare or behind a client prefix.
 */
class KafkaSecretsTest {
    /** Prefixes Kafka Streams routes to one client, and one a third-party serde might use. */
    private static final List<String> PREFIXES = List.of("", StreamsConfig.PRODUCER_PREFIX, StreamsConfig.CONSUMER_PREFIX,
            StreamsConfig.ADMIN_CLIENT_PREFIX, StreamsConfig.MAIN_CONSUMER_PREFIX, StreamsConfig.RESTORE_CONSUMER_PREFIX,
            StreamsConfig.GLOBAL_CONSUMER_PREFIX, "schema.registry.");

    /** Enumerated from the clients' own definitions, so a key added in a later kafka-clients is covered too. */
    private static Set<String> passwordKeys() {
        Set<String> keys = new TreeSet<>();
        Stream.of(ProducerConfig.configDef(), ConsumerConfig.configDef(), AdminClientConfig.configDef(), StreamsConfig.configDef())
                .forEach(def -> def.configKeys().values().stream()
                        .filter(k -> k.type == ConfigDef.Type.PASSWORD).forEach(k -> keys.add(k.name)));
        return keys;
    }

    /** Each password key under each prefix, with a value unique to it. */
    private static Map<String, String> secrets() {
        Map<String, String> out = new HashMap<>();
        int i = 0;
        for (String prefix : PREFIXES) {
            for (String key : passwordKeys()) {
                out.put(prefix + key, "SeCrEt-" + (i++) + "-value");
            }
        }
        return out;
    }

    @Test
    void theClientConfigsDeclareTheKeysThisIsAbout() {
        // Without these two the test below would prove nothing about the keys that leaked.
        assertThat(passwordKeys()).contains("ssl.keystore.key", "sasl.oauthbearer.assertion.private.key.passphrase",
                "ssl.key.password", "sasl.jaas.config");
    }

    @Test
    void everyPasswordKeyIsHiddenInTheStreamServicesSettings() {
        Map<String, String> file = new HashMap<>(secrets());
        file.put("bootstrap.servers", "kafka-1:9093");
        file.put("ganwatch.model", "/models/a");
        file.put("ganwatch.input.topic", "in");
        file.put("ssl.keystore.type", "PEM");
        StreamConfig config = StreamConfig.resolve(file, Map.of(), Map.of());
        assertHiddenOrKeptFromKafka(config.describeKafka(), config.kafka());
    }

    /**
     * Both services keep the registry's keys out of the Kafka settings (they configure the registry
     * client), so those must be absent there; every other password key must be hidden.
     */
    private static void assertHiddenOrKeptFromKafka(Map<String, String> described, Properties kafka) {
        Map<String, String> registryKeys = new HashMap<>();
        secrets().forEach((k, v) -> {
            if (k.startsWith("schema.registry.")) {
                registryKeys.put(k, v);
            }
        });
        assertThat(registryKeys).isNotEmpty();
        assertThat(described).doesNotContainKeys(registryKeys.keySet().toArray(String[]::new));
        assertThat(kafka).doesNotContainKeys(registryKeys.keySet().toArray(Object[]::new));
        Map<String, String> rest = new HashMap<>(secrets());
        rest.keySet().removeAll(registryKeys.keySet());
        assertHidden(described, rest);
    }

    @Test
    void everyPasswordKeyIsHiddenInTheAugmentServicesSettings() {
        Map<String, String> file = new HashMap<>(secrets());
        file.put("bootstrap.servers", "kafka-1:9093");
        file.put("ssl.keystore.type", "PEM");
        AugmentServiceConfig config = AugmentServiceConfig.resolve(file, Map.of(), Map.of());
        assertHiddenOrKeptFromKafka(config.describeKafka(), config.kafka());
    }

    @Test
    void keysNoConfigDefKnowsAreHiddenByName() {
        Map<String, String> described = KafkaSecrets.masked(Map.of(
                "basic.auth.user.info", "u:SeCrEt-a", "schema.registry.auth.token", "SeCrEt-b",
                "some.plugin.client.secret", "SeCrEt-c", "vault.key.passphrase", "SeCrEt-d",
                "linger.ms", "5"));
        assertThat(described.toString()).doesNotContain("SeCrEt");
        assertThat(described).containsEntry("linger.ms", "5").containsEntry("vault.key.passphrase", KafkaSecrets.HIDDEN);
    }

    @Test
    void theSchemaRegistrysSecretsAreHiddenAndItsOtherSettingsShown() {
        Map<String, String> described = KafkaSecrets.masked(Map.of(
                "basic.auth.user.info", "key:SeCrEt-1",
                "schema.registry.ssl.truststore.password", "SeCrEt-2",
                "schema.registry.ssl.keystore.password", "SeCrEt-3",
                "schema.registry.ssl.key.password", "SeCrEt-4",
                "schema.registry.ssl.truststore.location", "/etc/ganwatch/trust.jks",
                "basic.auth.credentials.source", "USER_INFO",
                "schema.registry.url", "https://registry:8081"));
        assertThat(described.toString()).doesNotContain("SeCrEt");
        assertThat(described).containsEntry("schema.registry.ssl.truststore.location", "/etc/ganwatch/trust.jks")
                .containsEntry("basic.auth.credentials.source", "USER_INFO")
                .containsEntry("schema.registry.url", "https://registry:8081");
    }

    @Test
    void credentialsInsideAnAddressAreHiddenAndTheAddressShown() {
        // basic.auth.credentials.source=URL puts user:password into schema.registry.url itself
        Map<String, String> described = KafkaSecrets.masked(Map.of(
                "schema.registry.url", "https://key:SeCrEt-5@registry:8081/path"));
        assertThat(described.toString()).doesNotContain("SeCrEt");
        assertThat(described).containsEntry("schema.registry.url", "https://" + KafkaSecrets.HIDDEN + "@registry:8081/path");
    }

    private static void assertHidden(Map<String, String> described) {
        assertHidden(described, secrets());
    }

    private static void assertHidden(Map<String, String> described, Map<String, String> secrets) {
        String rendered = described.toString();
        secrets.forEach((key, value) -> {
            assertThat(rendered).as(key).doesNotContain(value);
            assertThat(described).as(key).containsEntry(key, KafkaSecrets.HIDDEN);
        });
        // Only secrets are hidden: the rest must stay readable, or the log line is useless.
        assertThat(described).containsEntry("bootstrap.servers", "kafka-1:9093").containsEntry("ssl.keystore.type", "PEM");
    }
}
