package io.ganwatch.streams;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The snapshot settings refuse, in a line that says what to do, what cannot be read. */
class TopicSnapshotSettingsTest {
    private static final Map<String, String> CLIENT = Map.of("bootstrap.servers", "localhost:9092");

    private static TopicSnapshotSettings settings(Map<String, String> client, WireFormat format, long max, String alerts,
                                                  String feedback) {
        return new TopicSnapshotSettings("in", client, format, List.of(), max, alerts, feedback, Duration.ofSeconds(5));
    }

    @Test
    void acceptsAJsonTopicWithItsAlertsAndVerdicts() {
        TopicSnapshotSettings s = settings(CLIENT, WireFormat.JSON, 100, "alerts", "feedback");
        assertThat(s.readsFeedback()).isTrue();
        assertThat(settings(CLIENT, WireFormat.AVRO, TopicSnapshotSettings.ALL_RECORDS, null, null).readsFeedback()).isFalse();
    }

    @Test
    void refusesWhatCannotBeRead() {
        assertThatThrownBy(() -> settings(Map.of(), WireFormat.JSON, 10, null, null))
                .hasMessageContaining("--bootstrap-servers");
        assertThatThrownBy(() -> settings(CLIENT, WireFormat.CONFLUENT_AVRO, 10, null, null))
                .hasMessageContaining("not confluent-avro");
        assertThatThrownBy(() -> settings(CLIENT, WireFormat.JSON, 0, null, null)).hasMessageContaining("--max-records");
        assertThatThrownBy(() -> settings(CLIENT, WireFormat.JSON, 10, "alerts", null))
                .hasMessageContaining("--alerts-topic and --feedback-topic go together");
        assertThatThrownBy(() -> settings(CLIENT, WireFormat.JSON, 10, null, "feedback"))
                .hasMessageContaining("go together");
        assertThatThrownBy(() -> new TopicSnapshotSettings(" ", CLIENT, WireFormat.JSON, List.of(), 10, null, null,
                Duration.ofSeconds(1))).hasMessageContaining("--input-topic is empty");
    }
}
