package io.ganwatch.streams;

import io.ganwatch.drift.DriftWindowConfig;
import io.ganwatch.kafka.KafkaSecrets;
import io.ganwatch.registry.SchemaRegistrySettings;
import io.ganwatch.scoring.Device;
import io.ganwatch.scoring.ScoringThreshold;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Everything the stream service needs, resolved from three layers, later ones winning: the
 * properties file, {@code GANWATCH_*} environment variables, command-line flags.
 *
 * <p>Keys starting with {@code ganwatch.} configure ganwatch; every other key is passed to Kafka
 * Streams and its clients unchanged, so TLS, SASL and any client tuning work as in any Kafka
 * application. In the environment, {@code GANWATCH_INPUT_TOPIC} sets {@code ganwatch.input.topic}
 * and {@code GANWATCH_KAFKA_SASL_JAAS_CONFIG} sets {@code sasl.jaas.config}. The schema registry's
 * keys ({@code schema.registry.*}, {@code basic.auth.*}, as Confluent's clients name them) are the
 * exception: they go to {@link #registry()} and not to Kafka, whose clients would warn about each.
 *
 * @param kafka    Kafka Streams settings (with ganwatch's defaults applied)
 * @param settings topics and output options
 * @param model    model bundle directory, or {@code null} when the model comes from the model topic
 * @param modelTopic compacted topic the service follows for new models (hot swap), or {@code null}
 * @param schemas  extra {@code .avsc} files for the input records
 * @param httpBind address of the operations endpoint
 * @param httpPort port of the operations endpoint (0 = any free port)
 * @param device   where ONNX Runtime runs
 * @param modelId  the model id to serve from the model topic, or {@code null} for the id of {@code model}
 *                 (or, without it, the only id the topic holds)
 * @param trustedKeys directory of publishers' public keys ({@code *.pub.pem}): only bundles they signed are
 *                 served from the model topic; {@code null} to serve any bundle
 * @param threshold the alert threshold of every model served: each bundle's own, or recomputed at
 *                 {@code ganwatch.target.fpr} from that bundle's calibration scores
 * @param registry the schema registry, or {@code null} when {@code schema.registry.url} is not set
 *                 (required by the {@code confluent-avro} wire format)
 * @param modelMaxBytes the most bytes a message on the model topic may have; a larger one is refused
 *                 before it is parsed ({@code ganwatch.model.max.bytes}, default {@link ModelMessages#DEFAULT_MAX_BYTES})
 * @param drift    the drift watch ({@code ganwatch.drift.*}); {@code null} for the defaults
 * @param feedback the analyst feedback join ({@code ganwatch.feedback.*}); {@code null} for none
 * @param shadow   the shadow models ({@code ganwatch.shadow.*}); {@code null} for the defaults
 */
public record StreamConfig(Properties kafka, StreamSettings settings, Path model, String modelTopic, List<Path> schemas,
                           String httpBind, int httpPort, Device device, String modelId, Path trustedKeys,
                           ScoringThreshold threshold, SchemaRegistrySettings registry,
                           long modelMaxBytes, DriftSettings drift, FeedbackSettings feedback, ShadowSettings shadow) {

    private static final String PREFIX = "ganwatch.";

    /** Copies the mutable parts. */
    public StreamConfig {
        Properties copy = new Properties();
        copy.putAll(kafka);
        kafka = copy;
        schemas = List.copyOf(schemas);
        if (model == null && modelTopic == null) {
            throw new IllegalArgumentException("no model: set ganwatch.model (or --model) to a bundle directory,"
                    + " or ganwatch.model.topic (or --model-topic) to a topic written by `ganwatch publish-model`");
        }
        if (modelId != null && modelId.isBlank()) {
            throw new IllegalArgumentException("ganwatch.model.id is empty; name the model id to serve, or leave it unset");
        }
        if (threshold == null) {
            threshold = ScoringThreshold.BUNDLE;
        }
        if (drift == null) {
            drift = DriftSettings.DEFAULT;
        }
        if (feedback == null) {
            feedback = FeedbackSettings.NONE;
        }
        if (feedback.enabled() && java.util.Arrays.asList(settings.inputTopic(), settings.alertsTopic(), settings.scoresTopic(),
                settings.deadLetterTopic()).contains(feedback.topic())) {
            throw new IllegalArgumentException("ganwatch.feedback.topic '" + feedback.topic() + "' is also the input, alerts, scores"
                    + " or dead-letter topic; give the verdicts a topic of their own");
        }
        if (shadow == null) {
            shadow = ShadowSettings.defaultFor(settings.alertsTopic());
        }
        if (java.util.Arrays.asList(settings.inputTopic(), settings.alertsTopic(), settings.scoresTopic(), settings.deadLetterTopic(),
                feedback.topic(), drift.topic(), modelTopic).contains(shadow.alertsTopic())) {
            throw new IllegalArgumentException("ganwatch.shadow.alerts.topic '" + shadow.alertsTopic() + "' is also another topic of"
                    + " the stream (input, alerts, scores, dead-letter, feedback, drift or model); give shadow alerts a topic of their own");
        }
        if (settings.format() == WireFormat.CONFLUENT_AVRO && registry == null) {
            throw new IllegalArgumentException("ganwatch.format is confluent-avro but " + SchemaRegistrySettings.URL
                    + " is not set; set it (or --schema-registry-url) to the schema registry's address, e.g. http://registry:8081");
        }
        if (modelMaxBytes < 1) {
            throw new IllegalArgumentException("ganwatch.model.max.bytes must be at least 1, was " + modelMaxBytes);
        }
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("ganwatch.http.port must be 0..65535, was " + httpPort);
        }
    }

    /** Kafka settings as a fresh copy (Kafka Streams keeps a reference). */
    @Override
    public Properties kafka() {
        Properties copy = new Properties();
        copy.putAll(kafka);
        return copy;
    }

    /** Resolves the three layers. */
    public static StreamConfig resolve(Map<String, String> file, Map<String, String> environment, Map<String, String> flags) {
        Map<String, String> all = new HashMap<>(file);
        all.putAll(fromEnvironment(environment));
        all.putAll(flags);

        Properties kafka = new Properties();
        kafka.put("application.id", "ganwatch");
        kafka.put("processing.guarantee", "exactly_once_v2");
        all.forEach((k, v) -> {
            if (!k.startsWith(PREFIX) && !SchemaRegistrySettings.isRegistryKey(k)) {
                kafka.put(k, v);
            }
        });
        if (!kafka.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException("no Kafka cluster: set bootstrap.servers (or --bootstrap-servers)");
        }
        String input = all.get("ganwatch.input.topic");
        if (input == null) {
            throw new IllegalArgumentException("no input topic: set ganwatch.input.topic (or --input-topic)");
        }
        StreamSettings settings = new StreamSettings(input,
                all.getOrDefault("ganwatch.alerts.topic", "ganwatch-alerts"),
                all.get("ganwatch.scores.topic"),
                all.getOrDefault("ganwatch.dead.letter.topic", "ganwatch-dead-letters"),
                WireFormat.parse(all.getOrDefault("ganwatch.format", "avro")),
                integer(all, "ganwatch.top.k", 3),
                integer(all, "ganwatch.batch.max.records", StreamSettings.DEFAULT_BATCH_MAX_RECORDS),
                integer(all, "ganwatch.batch.max.wait.ms", (int) StreamSettings.DEFAULT_BATCH_MAX_WAIT_MS));
        List<Path> schemas = new ArrayList<>();
        String list = all.get("ganwatch.schemas");
        if (list != null && !list.isBlank()) {
            Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Path::of).forEach(schemas::add);
        }
        String model = all.get("ganwatch.model");
        return new StreamConfig(kafka, settings, model == null ? null : Path.of(model), all.get("ganwatch.model.topic"), schemas,
                all.getOrDefault("ganwatch.http.bind", "127.0.0.1"), integer(all, "ganwatch.http.port", 8080),
                Device.parse(all.getOrDefault("ganwatch.device", "cpu")), all.get("ganwatch.model.id"),
                all.containsKey("ganwatch.model.trusted.keys") ? Path.of(all.get("ganwatch.model.trusted.keys")) : null,
                threshold(all.get("ganwatch.target.fpr")), SchemaRegistrySettings.from(all),
                longNumber(all, "ganwatch.model.max.bytes", ModelMessages.DEFAULT_MAX_BYTES), drift(all), feedback(all),
                all.containsKey("ganwatch.shadow.alerts.topic") ? new ShadowSettings(all.get("ganwatch.shadow.alerts.topic")) : null);
    }

    /** The {@code ganwatch.drift.*} settings: a window of records (default) or of seconds, never both. */
    private static DriftSettings drift(Map<String, String> all) {
        String records = all.get("ganwatch.drift.window.records");
        String seconds = all.get("ganwatch.drift.window.seconds");
        if (records != null && seconds != null) {
            throw new IllegalArgumentException("set ganwatch.drift.window.records or ganwatch.drift.window.seconds, not both");
        }
        DriftWindowConfig window = seconds != null
                ? DriftWindowConfig.ofDuration(Duration.ofSeconds(longNumber(all, "ganwatch.drift.window.seconds", 0)))
                : DriftWindowConfig.ofRows(integer(all, "ganwatch.drift.window.records", DriftWindowConfig.DEFAULT_ROWS));
        String topic = all.get("ganwatch.drift.topic");
        return new DriftSettings(topic == null || topic.isBlank() ? null : topic.trim(), window,
                Duration.ofMillis(Math.round(1000 * decimal(all, "ganwatch.drift.interval.seconds",
                        DriftSettings.DEFAULT_INTERVAL.toSeconds()))),
                decimal(all, "ganwatch.drift.psi.limit", DriftSettings.DEFAULT_PSI_LIMIT),
                Arrays.stream(all.getOrDefault("ganwatch.drift.ignore.columns", "").split(",")).map(String::trim)
                        .filter(c -> !c.isEmpty()).collect(java.util.stream.Collectors.toSet()));
    }

    /** The {@code ganwatch.feedback.*} settings. */
    private static FeedbackSettings feedback(Map<String, String> all) {
        String topic = all.get("ganwatch.feedback.topic");
        return new FeedbackSettings(topic == null || topic.isBlank() ? null : topic.trim(),
                Duration.ofMillis(Math.round(1000 * decimal(all, "ganwatch.feedback.retention.seconds",
                        FeedbackSettings.DEFAULT_RETENTION.toSeconds()))),
                integer(all, "ganwatch.feedback.precision.verdicts", FeedbackSettings.DEFAULT_WINDOW));
    }

    private static double decimal(Map<String, String> all, String key, double fallback) {
        String v = all.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, was '" + v + "'");
        }
    }

    private static ScoringThreshold threshold(String targetFpr) {
        if (targetFpr == null || targetFpr.isBlank()) {
            return ScoringThreshold.BUNDLE;
        }
        double rate;
        try {
            rate = Double.parseDouble(targetFpr.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ganwatch.target.fpr must be a number in (0, 0.5), was '" + targetFpr + "'");
        }
        if (!(rate > 0 && rate < 0.5)) {
            throw new IllegalArgumentException("ganwatch.target.fpr must be in (0, 0.5), was " + targetFpr);
        }
        return new ScoringThreshold(null, rate);
    }

    /**
     * {@code GANWATCH_X_Y} → {@code ganwatch.x.y}; {@code GANWATCH_KAFKA_X_Y} → {@code x.y}. Shared with
     * {@code augment-service}, so that both services read the environment by the same rule.
     */
    public static Map<String, String> fromEnvironment(Map<String, String> environment) {
        Map<String, String> out = new HashMap<>();
        environment.forEach((k, v) -> {
            if (k.startsWith("GANWATCH_KAFKA_")) {
                out.put(k.substring("GANWATCH_KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), v);
            } else if (k.startsWith("GANWATCH_") && !k.equals("GANWATCH_LOG_LEVEL")) {
                out.put(PREFIX + k.substring("GANWATCH_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), v);
            }
        });
        return out;
    }

    private static int integer(Map<String, String> all, String key, int fallback) {
        String v = all.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + v + "'");
        }
    }

    private static long longNumber(Map<String, String> all, String key, long fallback) {
        String v = all.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + v + "'");
        }
    }

    /** The Kafka settings for logging, sorted, with every secret replaced by {@link KafkaSecrets#HIDDEN}. */
    public Map<String, String> describeKafka() {
        return KafkaSecrets.masked(kafka);
    }
}
