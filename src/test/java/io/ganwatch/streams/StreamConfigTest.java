package io.ganwatch.streams;

import io.ganwatch.scoring.ScoringThreshold;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamConfigTest {
    private static final Map<String, String> FILE = Map.of(
            "bootstrap.servers", "file:9092",
            "ganwatch.model", "/models/a",
            "ganwatch.input.topic", "from-file",
            "security.protocol", "SASL_SSL",
            "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"s3cret\";",
            "ssl.truststore.password", "changeit");

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFile() {
        StreamConfig c = StreamConfig.resolve(FILE,
                Map.of("GANWATCH_INPUT_TOPIC", "from-env", "GANWATCH_KAFKA_BOOTSTRAP_SERVERS", "env:9092", "PATH", "/bin"),
                Map.of("bootstrap.servers", "flag:9092"));
        assertThat(c.settings().inputTopic()).isEqualTo("from-env");
        assertThat(c.kafka().getProperty("bootstrap.servers")).isEqualTo("flag:9092");
        assertThat(c.model()).isEqualTo(Path.of("/models/a"));
    }

    @Test
    void defaultsAreExactlyOnceAndLocalhostOnly() {
        StreamConfig c = StreamConfig.resolve(FILE, Map.of(), Map.of());
        assertThat(c.kafka().getProperty("processing.guarantee")).isEqualTo("exactly_once_v2");
        assertThat(c.kafka().getProperty("application.id")).isEqualTo("ganwatch");
        assertThat(c.httpBind()).isEqualTo("127.0.0.1");
        assertThat(c.settings().alertsTopic()).isEqualTo("ganwatch-alerts");
        assertThat(c.settings().scoresTopic()).isNull();
        assertThat(c.settings().format()).isEqualTo(WireFormat.AVRO);
    }

    @Test
    void shadowAlertsGoToTheAlertsTopicWithShadowByDefaultAndNeverToAnotherTopicOfTheStream() {
        assertThat(StreamConfig.resolve(FILE, Map.of(), Map.of()).shadow().alertsTopic()).isEqualTo("ganwatch-alerts.shadow");
        assertThat(StreamConfig.resolve(FILE, Map.of(), Map.of("ganwatch.alerts.topic", "a", "ganwatch.shadow.alerts.topic", "cand"))
                .shadow().alertsTopic()).isEqualTo("cand");
        assertThatThrownBy(() -> StreamConfig.resolve(FILE, Map.of(), Map.of("ganwatch.shadow.alerts.topic", "ganwatch-alerts")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ganwatch.shadow.alerts.topic 'ganwatch-alerts' is also another topic of the stream (input, alerts, scores,"
                        + " dead-letter, feedback, drift or model); give shadow alerts a topic of their own");
        assertThatThrownBy(() -> StreamConfig.resolve(FILE, Map.of(), Map.of("ganwatch.shadow.alerts.topic", "no way")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("invalid shadow alerts topic name 'no way'");
    }

    @Test
    void kafkaSettingsPassThroughAndSecretsNeverAppearInTheDescription() {
        StreamConfig c = StreamConfig.resolve(FILE, Map.of("GANWATCH_KAFKA_SASL_MECHANISM", "PLAIN"), Map.of());
        assertThat(c.kafka().getProperty("sasl.jaas.config")).contains("s3cret");
        assertThat(c.kafka().getProperty("sasl.mechanism")).isEqualTo("PLAIN");
        assertThat(c.kafka().getProperty("ganwatch.model")).isNull();
        String described = c.describeKafka().toString();
        assertThat(described).doesNotContain("s3cret", "changeit").contains("SASL_SSL", "[hidden]");
    }

    @Test
    void theModelMessageSizeLimitDefaultsTo256MibAndIsValidated() {
        assertThat(StreamConfig.resolve(FILE, Map.of(), Map.of()).modelMaxBytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(StreamConfig.resolve(FILE, Map.of("GANWATCH_MODEL_MAX_BYTES", "1_000_000"), Map.of()).modelMaxBytes())
                .isEqualTo(1_000_000L);
        assertThatThrownBy(() -> StreamConfig.resolve(FILE, Map.of(), Map.of("ganwatch.model.max.bytes", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ganwatch.model.max.bytes must be at least 1, was 0");
        assertThatThrownBy(() -> StreamConfig.resolve(FILE, Map.of(), Map.of("ganwatch.model.max.bytes", "1GB")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ganwatch.model.max.bytes must be a whole number");
    }

    @Test
    void aTargetFprForScoringIsOptionalAndComesFromAnyLayer() {
        assertThat(StreamConfig.resolve(FILE, Map.of(), Map.of()).threshold()).isEqualTo(ScoringThreshold.BUNDLE);
        assertThat(StreamConfig.resolve(FILE, Map.of("GANWATCH_TARGET_FPR", "0.05"), Map.of()).threshold())
                .isEqualTo(new ScoringThreshold(null, 0.05));
        assertThat(StreamConfig.resolve(FILE, Map.of(), Map.of("ganwatch.target.fpr", "0.002")).threshold().targetFpr())
                .isEqualTo(0.002);
    }

    @Test
    void aBadTargetFprIsNamedAndOneWithTheModelTopicApplies() {
        assertThatThrownBy(() -> StreamConfig.resolve(FILE, Map.of(), Map.of("ganwatch.target.fpr", "five")))
                .hasMessageContaining("ganwatch.target.fpr").hasMessageContaining("five");
        assertThatThrownBy(() -> StreamConfig.resolve(FILE, Map.of(), Map.of("ganwatch.target.fpr", "0.7")))
                .hasMessageContaining("ganwatch.target.fpr").hasMessageContaining("(0, 0.5)");
        // Models published later are served at the same target rate, from their own calibration scores.
        assertThat(StreamConfig.resolve(FILE, Map.of(), Map.of("ganwatch.target.fpr", "0.05", "ganwatch.model.topic", "models"))
                .threshold().targetFpr()).isEqualTo(0.05);
    }

    @Test
    void driftSettingsDefaultToTenThousandRecordsAMinuteAndNoTopic() {
        DriftSettings d = StreamConfig.resolve(FILE, Map.of(), Map.of()).drift();
        assertThat(d.topic()).isNull();
        assertThat(d.window().rows()).isEqualTo(10_000);
        assertThat(d.interval()).isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(d.psiLimit()).isEqualTo(0.2);
        assertThat(d.ignored()).isEmpty();
        DriftSettings set = StreamConfig.resolve(FILE, Map.of("GANWATCH_DRIFT_TOPIC", "drift"), Map.of(
                "ganwatch.drift.window.seconds", "600", "ganwatch.drift.interval.seconds", "0.5", "ganwatch.drift.psi.limit", "0.1",
                "ganwatch.drift.ignore.columns", "day_of_week, hour_of_day"))
                .drift();
        assertThat(set.topic()).isEqualTo("drift");
        assertThat(set.window().duration()).isEqualTo(java.time.Duration.ofMinutes(10));
        assertThat(set.interval()).isEqualTo(java.time.Duration.ofMillis(500));
        assertThat(set.psiLimit()).isEqualTo(0.1);
        assertThat(set.ignored()).containsExactlyInAnyOrder("day_of_week", "hour_of_day");
    }

    @Test
    void badDriftSettingsAreNamed() {
        assertThatThrownBy(() -> StreamConfig.resolve(FILE, Map.of(), Map.of("ganwatch.drift.window.records", "100",
                "ganwatch.drift.window.seconds", "60"))).hasMessageContaining("not both");
        assertThatThrownBy(() -> StreamConfig.resolve(FILE, Map.of(), Map.of("ganwatch.drift.psi.limit", "high")))
                .hasMessageContaining("ganwatch.drift.psi.limit");
        assertThatThrownBy(() -> StreamConfig.resolve(FILE, Map.of(), Map.of("ganwatch.drift.psi.limit", "0")))
                .hasMessageContaining("ganwatch.drift.psi.limit");
        assertThatThrownBy(() -> StreamConfig.resolve(FILE, Map.of(), Map.of("ganwatch.drift.topic", "bad topic")))
                .hasMessageContaining("ganwatch.drift.topic");
    }

    @Test
    void feedbackIsOffByDefaultAndItsKeysResolveLikeTheOthers() {
        FeedbackSettings off = StreamConfig.resolve(FILE, Map.of(), Map.of()).feedback();
        assertThat(off.enabled()).isFalse();
        assertThat(off.retention()).isEqualTo(java.time.Duration.ofDays(7));
        assertThat(off.window()).isEqualTo(500);
        FeedbackSettings on = StreamConfig.resolve(FILE, Map.of("GANWATCH_FEEDBACK_TOPIC", "verdicts"), Map.of(
                "ganwatch.feedback.retention.seconds", "90.5", "ganwatch.feedback.precision.verdicts", "20")).feedback();
        assertThat(on.topic()).isEqualTo("verdicts");
        assertThat(on.retention()).isEqualTo(java.time.Duration.ofMillis(90_500));
        assertThat(on.window()).isEqualTo(20);
    }

    @Test
    void badFeedbackSettingsAreNamed() {
        assertThatThrownBy(() -> StreamConfig.resolve(FILE, Map.of(), Map.of("ganwatch.feedback.topic", "bad topic")))
                .hasMessageContaining("ganwatch.feedback.topic");
        assertThatThrownBy(() -> StreamConfig.resolve(FILE, Map.of(), Map.of("ganwatch.feedback.topic", "from-file")))
                .hasMessageContaining("ganwatch.feedback.topic 'from-file' is also the input");
        assertThatThrownBy(() -> StreamConfig.resolve(FILE, Map.of(), Map.of("ganwatch.feedback.precision.verdicts", "0")))
                .hasMessageContaining("ganwatch.feedback.precision.verdicts");
        assertThatThrownBy(() -> StreamConfig.resolve(FILE, Map.of(), Map.of("ganwatch.feedback.retention.seconds", "a week")))
                .hasMessageContaining("ganwatch.feedback.retention.seconds");
        assertThatThrownBy(() -> StreamConfig.resolve(FILE, Map.of(), Map.of("ganwatch.feedback.retention.seconds", "0")))
                .hasMessageContaining("ganwatch.feedback.retention.seconds");
    }

    @Test
    void missingEssentialsAreNamed() {
        assertThatThrownBy(() -> StreamConfig.resolve(Map.of("ganwatch.input.topic", "t", "ganwatch.model", "m"), Map.of(), Map.of()))
                .hasMessageContaining("bootstrap.servers");
        assertThatThrownBy(() -> StreamConfig.resolve(Map.of("bootstrap.servers", "b", "ganwatch.model", "m"), Map.of(), Map.of()))
                .hasMessageContaining("ganwatch.input.topic");
        assertThatThrownBy(() -> StreamConfig.resolve(Map.of("bootstrap.servers", "b", "ganwatch.input.topic", "t"), Map.of(), Map.of()))
                .hasMessageContaining("ganwatch.model");
        assertThatThrownBy(() -> StreamConfig.resolve(FILE, Map.of(), Map.of("ganwatch.http.port", "eighty")))
                .hasMessageContaining("ganwatch.http.port");
        assertThatThrownBy(() -> StreamConfig.resolve(FILE, Map.of(), Map.of("ganwatch.alerts.topic", "from-file")))
                .hasMessageContaining("loop");
    }

    @Test
    void theConfluentFormatReadsTheRegistrysKeysAndKeepsThemFromKafka() {
        Map<String, String> file = new java.util.HashMap<>(FILE);
        file.put("ganwatch.format", "confluent-avro");
        file.put("schema.registry.url", "https://registry:8081");
        file.put("basic.auth.credentials.source", "USER_INFO");
        file.put("basic.auth.user.info", "key:reg-s3cret");
        StreamConfig c = StreamConfig.resolve(file, Map.of(), Map.of());
        assertThat(c.settings().format()).isEqualTo(WireFormat.CONFLUENT_AVRO);
        assertThat(c.registry().url()).hasToString("https://registry:8081");
        assertThat(c.registry().userInfo()).isEqualTo("key:reg-s3cret");
        // Kafka's clients would warn about each of these keys; they belong to the registry client alone
        assertThat(c.kafka()).doesNotContainKeys("schema.registry.url", "basic.auth.user.info", "basic.auth.credentials.source");
        assertThat(c.describeKafka().toString() + c.registry()).doesNotContain("reg-s3cret");
    }

    @Test
    void theConfluentFormatWithoutARegistryIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> StreamConfig.resolve(FILE, Map.of("GANWATCH_FORMAT", "confluent-avro"), Map.of()))
                .hasMessageContaining("schema.registry.url").hasMessageContaining("confluent-avro");
        assertThat(WireFormat.parse("Confluent-Avro")).isEqualTo(WireFormat.CONFLUENT_AVRO);
        assertThatThrownBy(() -> WireFormat.parse("protobuf")).hasMessageContaining("confluent-avro");
    }
}
