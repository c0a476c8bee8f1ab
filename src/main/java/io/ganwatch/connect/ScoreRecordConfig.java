package io.ganwatch.connect;

import io.ganwatch.api.ScorerOptions;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Properties;

/**
 * The settings of {@link ScoreRecord}, parsed and checked once through Connect's {@link ConfigDef}
 * so that a connector with a bad transform setting fails at creation (and in the REST
 * {@code /connector-plugins/.../config/validate} call) with a message naming the setting.
 *
 * @param modelPath   the bundle directory, when the model is loaded from disk
 * @param modelTopic  the model topic, when the model follows a topic (hot swap)
 * @param modelKafka  Kafka client settings for reading {@code modelTopic} (the {@code model.kafka.}
 *                    settings without the prefix); empty with {@code modelPath}
 * @param catchUp     how long to wait for the first model on {@code modelTopic}
 * @param output      where the result goes
 * @param options     how the scorer runs (device, threads, threshold override, model id, trusted keys);
 *                    contributions are not asked for, since the transform does not write them
 */
public record ScoreRecordConfig(Optional<Path> modelPath, Optional<String> modelTopic, Properties modelKafka,
                                Duration catchUp, Output output, ScorerOptions options) {

    /** Where the transform puts its result. */
    public enum Output {
        /** Extra fields in the value (the value schema extended); the record's sinks see them. */
        FIELDS,
        /** Record headers; the value stays as it was. */
        HEADERS
    }

    /** Bundle directory setting. */
    public static final String MODEL_PATH = "model.path";
    /** Model topic setting. */
    public static final String MODEL_TOPIC = "model.topic";
    /** Prefix of the Kafka client settings used to read the model topic. */
    public static final String MODEL_KAFKA_PREFIX = "model.kafka.";
    /** Wait for the first model on the model topic. */
    public static final String MODEL_CATCH_UP_MS = "model.catch.up.ms";
    /** Output setting. */
    public static final String OUTPUT = "output";
    /** Threshold override setting. */
    public static final String THRESHOLD = "threshold";
    /** Device setting. */
    public static final String DEVICE = "device";
    /** Threads setting. */
    public static final String THREADS = "threads";
    /** Model id setting (model topic only). */
    public static final String MODEL_ID = "model.id";
    /** Trusted publisher keys setting (model topic only). */
    public static final String MODEL_TRUSTED_KEYS = "model.trusted.keys";

    /** The definition Connect validates the transform's settings against. */
    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(MODEL_PATH, ConfigDef.Type.STRING, null, new ConfigDef.NonEmptyString(), ConfigDef.Importance.HIGH,
                    "Directory of a trained ganwatch model bundle (the --out of `ganwatch train`), readable by every "
                            + "Connect worker. Give this or " + MODEL_TOPIC + ", not both.")
            .define(MODEL_TOPIC, ConfigDef.Type.STRING, null, new ConfigDef.NonEmptyString(), ConfigDef.Importance.HIGH,
                    "Kafka topic that `ganwatch publish-model` writes bundles to; the transform scores with the newest "
                            + "one and swaps models while running. Needs " + MODEL_KAFKA_PREFIX + "bootstrap.servers. "
                            + "Give this or " + MODEL_PATH + ", not both.")
            .define(MODEL_CATCH_UP_MS, ConfigDef.Type.LONG, 60_000L, ConfigDef.Range.between(1, 3_600_000),
                    ConfigDef.Importance.LOW,
                    "With " + MODEL_TOPIC + ": how long a task waits at start for the first model before it fails.")
            .define(OUTPUT, ConfigDef.Type.STRING, "fields",
                    ConfigDef.CaseInsensitiveValidString.in("fields", "headers"), ConfigDef.Importance.MEDIUM,
                    "fields: add ganwatch_score, ganwatch_anomaly, ganwatch_p_value and ganwatch_model_version to the "
                            + "value (a Struct's schema is extended; a schemaless map gets the same keys). headers: add "
                            + "the headers ganwatch.score, ganwatch.anomaly, ganwatch.p.value and "
                            + "ganwatch.model.version and leave the value unchanged. Either way an anomaly also gets the "
                            + "header ganwatch.alert, for Connect's Filter with the HasHeaderKey predicate.")
            .define(THRESHOLD, ConfigDef.Type.DOUBLE, null, finite(), ConfigDef.Importance.MEDIUM,
                    "Score at or above which a record is an anomaly; default: the bundle's own threshold.")
            .define(DEVICE, ConfigDef.Type.STRING, "cpu", new ConfigDef.NonEmptyString(), ConfigDef.Importance.LOW,
                    "Where ONNX Runtime scores: cpu, cuda or cuda:N (CUDA needs the GPU build of the plugin).")
            .define(THREADS, ConfigDef.Type.INT, 1, ConfigDef.Range.between(1, 256), ConfigDef.Importance.LOW,
                    "ONNX Runtime threads per task; Connect already runs one transform chain per task.")
            .define(MODEL_ID, ConfigDef.Type.STRING, null, new ConfigDef.NonEmptyString(), ConfigDef.Importance.LOW,
                    "With " + MODEL_TOPIC + ": the model id to serve (`publish-model --model-id`); default: the only "
                            + "id on the topic.")
            .define(MODEL_TRUSTED_KEYS, ConfigDef.Type.STRING, null, new ConfigDef.NonEmptyString(),
                    ConfigDef.Importance.LOW,
                    "With " + MODEL_TOPIC + ": a directory of publishers' public keys (`ganwatch keygen`); only "
                            + "bundles signed by one of them are served. Default: any bundle on the topic.");

    /**
     * Validates the settings together: exactly one model source, client settings for a model topic.
     * The components are described at the record.
     */
    public ScoreRecordConfig {
        Objects.requireNonNull(modelPath, "modelPath");
        Objects.requireNonNull(modelTopic, "modelTopic");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(catchUp, "catchUp");
        if (modelPath.isPresent() == modelTopic.isPresent()) {
            throw new ConfigException("set exactly one of " + MODEL_PATH + " (a bundle directory) and " + MODEL_TOPIC
                    + " (a model topic)" + (modelPath.isPresent() ? "; both are set" : "; neither is set"));
        }
        if (modelTopic.isPresent() && (modelKafka == null || !modelKafka.containsKey("bootstrap.servers"))) {
            throw new ConfigException(MODEL_KAFKA_PREFIX + "bootstrap.servers", null,
                    MODEL_TOPIC + " needs the brokers to read it from: set " + MODEL_KAFKA_PREFIX + "bootstrap.servers "
                            + "(and any other client settings, such as security, under the same prefix)");
        }
        if (modelPath.isPresent() && (options.modelId().isPresent() || options.trustedKeys().isPresent())) {
            throw new ConfigException(MODEL_ID + " and " + MODEL_TRUSTED_KEYS + " apply to " + MODEL_TOPIC
                    + " only; remove them, or load the model from a topic instead of " + MODEL_PATH);
        }
        if (catchUp.isNegative() || catchUp.isZero()) {
            throw new ConfigException(MODEL_CATCH_UP_MS, catchUp.toMillis(), "the wait must be positive");
        }
        Properties copy = new Properties();
        if (modelKafka != null) {
            copy.putAll(modelKafka);
        }
        modelKafka = copy;
    }

    /**
     * The client settings as a copy, so that callers cannot change this record's.
     *
     * @return the {@code model.kafka.} settings without the prefix
     */
    @Override
    public Properties modelKafka() {
        Properties copy = new Properties();
        copy.putAll(modelKafka);
        return copy;
    }

    /**
     * Parses the transform's settings (as Connect passes them, already without the
     * {@code transforms.NAME.} prefix).
     *
     * @param settings the transform's settings
     * @return the checked settings
     * @throws ConfigException naming the setting that is wrong and what to put there instead
     */
    public static ScoreRecordConfig parse(Map<String, ?> settings) {
        AbstractConfig c = new AbstractConfig(CONFIG_DEF, settings, false);
        Optional<Path> path = Optional.ofNullable(c.getString(MODEL_PATH)).map(String::strip).map(Path::of);
        if (path.isPresent() && !Files.isDirectory(path.get())) {
            throw new ConfigException(MODEL_PATH, path.get().toString(),
                    "no such directory; point it at a bundle made by `ganwatch train --out DIR` that this worker can read");
        }
        Properties kafka = new Properties();
        kafka.putAll(c.originalsWithPrefix(MODEL_KAFKA_PREFIX));
        String out = c.getString(OUTPUT).toUpperCase(Locale.ROOT);
        Double threshold = c.getDouble(THRESHOLD);
        ScorerOptions options;
        try {
            // No contributions: the transform writes none, and each would cost a graph call per column.
            options = new ScorerOptions(c.getString(DEVICE).strip(), c.getInt(THREADS),
                    threshold == null ? OptionalDouble.empty() : OptionalDouble.of(threshold), 0,
                    Optional.ofNullable(c.getString(MODEL_ID)).map(String::strip),
                    Optional.ofNullable(c.getString(MODEL_TRUSTED_KEYS)).map(String::strip).map(Path::of));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("ganwatch transform setting: " + e.getMessage());
        }
        return new ScoreRecordConfig(path, Optional.ofNullable(c.getString(MODEL_TOPIC)).map(String::strip), kafka,
                Duration.ofMillis(c.getLong(MODEL_CATCH_UP_MS)), Output.valueOf(out), options);
    }

    private static ConfigDef.Validator finite() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value != null && !Double.isFinite((Double) value)) {
                    throw new ConfigException(name, value, "give a finite number, or leave it unset for the bundle's threshold");
                }
            }

            @Override
            public String toString() {
                return "a finite number";
            }
        };
    }
}
