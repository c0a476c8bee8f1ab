package io.ganwatch.kafka;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.StreamsConfig;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Kafka client settings made fit for a log line: every secret value replaced by {@link #HIDDEN}.
 * The one masking rule of {@code stream} and {@code augment-service}.
 *
 * <p>A key is secret when the Kafka clients themselves type it {@link ConfigDef.Type#PASSWORD}
 * (producer, consumer, admin and Streams definitions), bare or behind any prefix such as
 * {@code producer.} or {@code main.consumer.}; or, for keys no definition knows (serdes, plugins),
 * when its name looks like a secret. Asking the client definitions keeps up with keys a new
 * kafka-clients adds ({@code ssl.keystore.key}, a PEM private key, was missed by the name rule).
 */
public final class KafkaSecrets {
    /** What a secret value is replaced by. */
    public static final String HIDDEN = "[hidden]";

    /** For keys no client definition knows: names that usually hold secrets. */
    private static final Pattern SECRET = Pattern.compile(
            "(?i).*(password|passphrase|secret|jaas|token|credential|user\\.info|private\\.key).*");

    /** Keys the name rule would catch that hold no secret (the schema registry's credential source: USER_INFO, URL). */
    private static final Set<String> NOT_SECRET = Set.of("basic.auth.credentials.source",
            "schema.registry.basic.auth.credentials.source");

    /** {@code user:password@} inside an address ({@code basic.auth.credentials.source=URL} puts it there). */
    private static final Pattern USER_INFO_IN_ADDRESS = Pattern.compile("(?<=://)[^/@\\s]+@");

    private static final Set<String> PASSWORD_KEYS = Stream.of(ProducerConfig.configDef(), ConsumerConfig.configDef(),
                    AdminClientConfig.configDef(), StreamsConfig.configDef())
            .flatMap(def -> def.configKeys().values().stream())
            .filter(key -> key.type == ConfigDef.Type.PASSWORD)
            .map(key -> key.name)
            .collect(Collectors.toUnmodifiableSet());

    private KafkaSecrets() {
    }

    /** True when the value of {@code key} must never be logged. */
    public static boolean isSecret(String key) {
        if (NOT_SECRET.contains(key)) {
            return false;
        }
        if (PASSWORD_KEYS.contains(key) || SECRET.matcher(key).matches()) {
            return true;
        }
        // Streams routes "producer.x", "main.consumer.x" etc. to one client as "x"; serdes and
        // listeners use prefixes of their own, so any dotted prefix counts.
        for (int dot = key.indexOf('.'); dot >= 0; dot = key.indexOf('.', dot + 1)) {
            if (PASSWORD_KEYS.contains(key.substring(dot + 1))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The settings, sorted by key, with every secret value replaced by {@link #HIDDEN}, and the
     * credentials inside any address ({@code https://user:password@host}) too.
     */
    public static Map<String, String> masked(Map<?, ?> settings) {
        Map<String, String> out = new TreeMap<>();
        settings.forEach((k, v) -> out.put(k.toString(), isSecret(k.toString()) ? HIDDEN
                : USER_INFO_IN_ADDRESS.matcher(String.valueOf(v)).replaceAll(HIDDEN + "@")));
        return out;
    }
}
