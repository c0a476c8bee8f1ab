package io.ganwatch.benchmark;

import io.ganwatch.streams.WireFormat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stream benchmark's options refuse the schema-registry format without a registry, naming the flag. */
class StreamBenchmarkOptionsTest {
    @Test
    void confluentAvroWithoutARegistryIsRefusedNamingTheFlag() {
        assertThatThrownBy(() -> new StreamBenchmark.Options(1000, WireFormat.CONFLUENT_AVRO, 256, 20, false, 2000, 3, null, null,
                1, null)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--format confluent-avro needs --schema-registry-url URL")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(new StreamBenchmark.Options(1000, WireFormat.CONFLUENT_AVRO, 256, 20, false, 2000, 3, null, null, 1,
                "http://localhost:8081").schemaRegistryUrl()).isEqualTo("http://localhost:8081");
        assertThat(new StreamBenchmark.Options(1000, WireFormat.AVRO, 256, 20, false, 2000, 3, null, null, 1, null).format())
                .isEqualTo(WireFormat.AVRO);
    }
}
