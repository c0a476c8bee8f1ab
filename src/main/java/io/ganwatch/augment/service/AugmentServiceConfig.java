package io.ganwatch.augment.service;

import io.ganwatch.kafka.KafkaSecrets;
import io.ganwatch.registry.SchemaRegistrySettings;
import io.ganwatch.streams.StreamConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Everything {@code augment-service} needs, resolved like the stream processor's settings from three
 * layers, later ones winning: the properties file, {@code GANWATCH_*} environment variables, flags.
 * Keys starting with {@code ganwatch.} configure the service; the schema registry's keys
 * ({@code schema.registry.*}, {@code basic.auth.*}) go to {@link #registry()}; every other key goes to
 * the Kafka clients unchanged (TLS, SASL, tuning).
 *
 * @param kafka         Kafka client settings, {@code bootstrap.servers} and {@code group.id} included
 * @param requestsTopic topic of {@code AugmentationRequest}s
 * @param resultsTopic  compacted topic of {@code AugmentationResult}s, keyed by request id
 * @param limits        what one request may ask for
 * @param fileRoots     directories requests may read and write files in
 * @param schemas       extra {@code .avsc} files for Avro records on source topics
 * @param registry      the schema registry for topics in its wire format, or {@code null} without {@code schema.registry.url}
 */
public record AugmentServiceConfig(Properties kafka, String requestsTopic, String resultsTopic, Limits limits,
                                   FileRoots fileRoots, List<Path> schemas, SchemaRegistrySettings registry) {
    /** Default requests topic. */
    public static final String DEFAULT_REQUESTS_TOPIC = "ganwatch-augment-requests";
    /** Default results topic. */
    public static final String DEFAULT_RESULTS_TOPIC = "ganwatch-augment-results";
    /** Default consumer group. */
    public static final String DEFAULT_GROUP_ID = "ganwatch-augment";

    private static final String PREFIX = "ganwatch.";

    /** Validates and copies. */
    public AugmentServiceConfig {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(fileRoots, "fileRoots");
        Properties copy = new Properties();
        copy.putAll(kafka);
        kafka = copy;
        if (!kafka.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException("no Kafka cluster: set bootstrap.servers (or --bootstrap-servers)");
        }
        if (kafka.getProperty("group.id", "").isBlank()) {
            throw new IllegalArgumentException("group.id must not be empty; set --group-id");
        }
        Topics.requireValid("requests", requestsTopic);
        Topics.requireValid("results", resultsTopic);
        if (requestsTopic.equals(resultsTopic)) {
            throw new IllegalArgumentException("the requests and results topics must differ, or results would be read as requests");
        }
        schemas = List.copyOf(schemas);
    }

    /** Kafka settings as a fresh copy. */
    @Override
    public Properties kafka() {
        Properties copy = new Properties();
        copy.putAll(kafka);
        return copy;
    }

    /** The consumer group of the requests consumer. */
    public String groupId() {
        return kafka.getProperty("group.id");
    }

    /** The Kafka settings for logging, sorted, with every secret replaced by {@link KafkaSecrets#HIDDEN}. */
    public Map<String, String> describeKafka() {
        return KafkaSecrets.masked(kafka);
    }

    /**
     * Resolves the three layers.
     *
     * @throws IllegalArgumentException naming the setting that is missing or malformed
     */
    public static AugmentServiceConfig resolve(Map<String, String> file, Map<String, String> environment,
                                               Map<String, String> flags) {
        Map<String, String> all = new HashMap<>(file);
        all.putAll(StreamConfig.fromEnvironment(environment));
        all.putAll(flags);

        Properties kafka = new Properties();
        kafka.put("group.id", DEFAULT_GROUP_ID);
        all.forEach((k, v) -> {
            if (!k.startsWith(PREFIX) && !SchemaRegistrySettings.isRegistryKey(k)) {
                kafka.put(k, v);
            }
        });
        Limits limits = new Limits(
                number(all, "ganwatch.augment.max.rows", Limits.DEFAULTS.maxRows()),
                (int) Math.min(Integer.MAX_VALUE, number(all, "ganwatch.augment.max.count", Limits.DEFAULTS.maxCount())),
                Duration.ofSeconds(number(all, "ganwatch.augment.max.time.budget.seconds", Limits.DEFAULTS.maxTimeBudget().toSeconds())),
                (int) Math.min(Integer.MAX_VALUE, number(all, "ganwatch.augment.max.columns", Limits.DEFAULTS.maxColumns())),
                number(all, "ganwatch.augment.max.source.bytes", Limits.DEFAULTS.maxSourceBytes()));
        return new AugmentServiceConfig(kafka,
                all.getOrDefault("ganwatch.augment.requests.topic", DEFAULT_REQUESTS_TOPIC),
                all.getOrDefault("ganwatch.augment.results.topic", DEFAULT_RESULTS_TOPIC),
                limits, FileRoots.of(paths(all.get("ganwatch.augment.file.roots"))), paths(all.get("ganwatch.schemas")),
                SchemaRegistrySettings.from(all));
    }

    private static List<Path> paths(String list) {
        List<Path> out = new ArrayList<>();
        if (list != null && !list.isBlank()) {
            Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Path::of).forEach(out::add);
        }
        return out;
    }

    private static long number(Map<String, String> all, String key, long fallback) {
        String v = all.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.trim().replace("_", ""));
            if (n < 1) {
                throw new IllegalArgumentException(key + " must be at least 1, was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + v + "'");
        }
    }
}
