package io.ganwatch.kafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalKafkaSecurityTest {
    @TempDir
    Path dir;

    @Test
    void toStringNamesTheUsersButNoPassword() throws Exception {
        Path store = Files.writeString(dir.resolve("broker.p12"), "not really a store");
        LocalKafkaSecurity s = new LocalKafkaSecurity(store, "store-secret", Map.of("alice", "alice-secret"));
        assertThat(s.toString()).contains("alice", KafkaSecrets.HIDDEN).doesNotContain("store-secret", "alice-secret");
    }

    @Test
    void refusesWhatTheFormatToolCouldNotParseOrAMissingStore() throws Exception {
        Path store = Files.writeString(dir.resolve("broker.p12"), "x");
        assertThatThrownBy(() -> new LocalKafkaSecurity(store, "pw", Map.of("alice", "a,b")))
                .hasMessageContaining("SCRAM user 'alice'");
        assertThatThrownBy(() -> new LocalKafkaSecurity(store, "pw", Map.of())).hasMessageContaining("at least one SCRAM user");
        assertThatThrownBy(() -> new LocalKafkaSecurity(dir.resolve("none.p12"), "pw", Map.of("alice", "x")))
                .hasMessageContaining("is not a file");
    }

    @Test
    void aSecuredBrokerKeepsItsOwnSslAndSaslSettings() throws Exception {
        Path store = Files.writeString(dir.resolve("broker.p12"), "x");
        LocalKafkaConfig secured = LocalKafkaConfig.defaults(dir)
                .withSecurity(new LocalKafkaSecurity(store, "pw", Map.of("alice", "x")));
        assertThatThrownBy(() -> secured.withBrokerProperties(Map.of("ssl.client.auth", "required")))
                .hasMessageContaining("sets the ssl.*, sasl.* and listener.name.*");
        assertThat(secured.withStartupTimeout(java.time.Duration.ofSeconds(5)).security()).isEqualTo(secured.security());
    }
}
