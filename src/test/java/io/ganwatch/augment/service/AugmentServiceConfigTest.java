package io.ganwatch.augment.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AugmentServiceConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsNeedOnlyTheCluster() {
        AugmentServiceConfig c = AugmentServiceConfig.resolve(Map.of("bootstrap.servers", "k:9092"), Map.of(), Map.of());
        assertThat(c.requestsTopic()).isEqualTo("ganwatch-augment-requests");
        assertThat(c.resultsTopic()).isEqualTo("ganwatch-augment-results");
        assertThat(c.groupId()).isEqualTo("ganwatch-augment");
        assertThat(c.limits()).isEqualTo(Limits.DEFAULTS);
        assertThat(c.fileRoots().roots()).isEmpty(); // files are off until the operator names directories
        assertThat(c.schemas()).isEmpty();
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFileAndKafkaKeysPassThroughWithSecretsHidden() throws Exception {
        AugmentServiceConfig c = AugmentServiceConfig.resolve(
                Map.of("bootstrap.servers", "file:9092", "ganwatch.augment.max.count", "10", "sasl.jaas.config", "password=\"s3cret\""),
                Map.of("GANWATCH_AUGMENT_MAX_COUNT", "20", "GANWATCH_AUGMENT_MAX_ROWS", "5000", "GANWATCH_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"),
                Map.of("ganwatch.augment.max.count", "30", "ganwatch.augment.file.roots", dir.toString(),
                        "ganwatch.augment.max.time.budget.seconds", "90", "ganwatch.augment.max.columns", "40", "group.id", "aug-2",
                        "ganwatch.augment.max.source.bytes", "1_000_000"));
        assertThat(c.limits()).isEqualTo(new Limits(5000, 30, Duration.ofSeconds(90), 40, 1_000_000));
        assertThat(c.kafka().getProperty("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(c.kafka().getProperty("ganwatch.augment.max.count")).isNull();
        assertThat(c.groupId()).isEqualTo("aug-2");
        assertThat(c.fileRoots().roots()).containsExactly(dir.toRealPath());
        assertThat(c.describeKafka().toString()).doesNotContain("s3cret").contains("[hidden]");
    }

    @Test
    void badSettingsAreNamed() {
        Map<String, String> k = Map.of("bootstrap.servers", "k:9092");
        assertThatThrownBy(() -> AugmentServiceConfig.resolve(Map.of(), Map.of(), Map.of())).hasMessageContaining("bootstrap.servers");
        assertThatThrownBy(() -> AugmentServiceConfig.resolve(k, Map.of(), Map.of("ganwatch.augment.max.rows", "lots")))
                .hasMessageContaining("ganwatch.augment.max.rows must be a whole number");
        assertThatThrownBy(() -> AugmentServiceConfig.resolve(k, Map.of(), Map.of("ganwatch.augment.max.count", "0")))
                .hasMessageContaining("ganwatch.augment.max.count must be at least 1");
        assertThatThrownBy(() -> AugmentServiceConfig.resolve(k, Map.of(), Map.of("ganwatch.augment.results.topic", "ganwatch-augment-requests")))
                .hasMessageContaining("must differ");
        assertThatThrownBy(() -> AugmentServiceConfig.resolve(k, Map.of(), Map.of("ganwatch.augment.requests.topic", "a b")))
                .hasMessageContaining("invalid requests topic name");
        assertThatThrownBy(() -> AugmentServiceConfig.resolve(k, Map.of(), Map.of("ganwatch.augment.file.roots", dir.resolve("nope").toString())))
                .hasMessageContaining("is not a directory");
    }

    @Test
    void theSchemaRegistrysKeysConfigureItsClientAndStayOutOfKafka() {
        AugmentServiceConfig c = AugmentServiceConfig.resolve(Map.of("bootstrap.servers", "k:9092",
                "schema.registry.url", "http://registry:8081", "basic.auth.user.info", "u:reg-s3cret"), Map.of(), Map.of());
        assertThat(c.registry().url()).hasToString("http://registry:8081");
        assertThat(c.registry().userInfo()).isEqualTo("u:reg-s3cret");
        assertThat(c.kafka()).doesNotContainKeys("schema.registry.url", "basic.auth.user.info");
        assertThat(c.registry().toString()).doesNotContain("reg-s3cret");
        assertThat(AugmentServiceConfig.resolve(Map.of("bootstrap.servers", "k:9092"), Map.of(), Map.of()).registry()).isNull();
    }
}
