package io.ganwatch.registry;

import io.ganwatch.kafka.KafkaSecrets;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where the schema registry is and how to talk to it, under the key names Confluent's own clients
 * use, so that an existing client configuration file works unchanged: {@value #URL},
 * {@value #USER_INFO} with {@value #CREDENTIALS_SOURCE}, and {@code schema.registry.ssl.*}.
 *
 * @param url                the registry's base address (http or https)
 * @param userInfo           {@code user:password} for HTTP basic auth, or {@code null}
 * @param truststore         the TLS trust store, or {@code null} for the JDK's default trust
 * @param keystore           the TLS key store for client certificates, or {@code null}
 * @param keyPassword        password of the key inside {@code keystore} ({@code null}: the store's password)
 * @param requestTimeout     the longest one HTTP call may take
 * @param attempts           calls made before an unreachable registry counts as an outage (at least 1)
 * @param backoff            pause after the first failed call; doubled after each further one
 */
public record SchemaRegistrySettings(URI url, String userInfo, Store truststore, Store keystore, String keyPassword,
                                     Duration requestTimeout, int attempts, Duration backoff) {
    /** The registry address. */
    public static final String URL = "schema.registry.url";
    /** {@code user:password} for basic auth. */
    public static final String USER_INFO = "basic.auth.user.info";
    /** Where basic-auth credentials come from: {@code USER_INFO} or {@code URL}. */
    public static final String CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    private static final String SSL = "schema.registry.ssl.";

    /**
     * A key or trust store file.
     *
     * @param location the file
     * @param password its password, or {@code null}
     * @param type     {@code JKS} or {@code PKCS12}
     */
    public record Store(Path location, String password, String type) {
        /** Requires a readable file and a known type. */
        public Store {
            Objects.requireNonNull(location, "location");
            if (!Files.isReadable(location)) {
                throw new IllegalArgumentException("schema registry TLS store " + location + " cannot be read; check the "
                        + SSL + "*.location setting");
            }
            type = type == null ? "JKS" : type.trim().toUpperCase(Locale.ROOT);
            if (!type.equals("JKS") && !type.equals("PKCS12")) {
                throw new IllegalArgumentException("schema registry TLS store type '" + type + "' is not supported; use JKS or PKCS12");
            }
        }

        @Override
        public String toString() {
            return "Store[location=" + location + ", type=" + type + (password == null ? "" : ", password=" + KafkaSecrets.HIDDEN) + "]";
        }
    }

    /** Validates the address and the retry settings. */
    public SchemaRegistrySettings {
        Objects.requireNonNull(url, "url");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException(URL + " must be an http:// or https:// address, was '" + withoutUserInfo(url) + "'");
        }
        if (userInfo != null && !userInfo.contains(":")) {
            throw new IllegalArgumentException(USER_INFO + " must be user:password");
        }
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("the schema registry request timeout must be positive");
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("the schema registry needs at least one attempt per call, was " + attempts);
        }
        if (backoff == null || backoff.isNegative()) {
            throw new IllegalArgumentException("the schema registry back-off must not be negative");
        }
    }

    /** Whether a configuration key belongs to the registry rather than to the Kafka clients. */
    public static boolean isRegistryKey(String key) {
        return key.startsWith("schema.registry.") || key.startsWith("basic.auth.");
    }

    /**
     * The settings from a configuration map, or {@code null} when it has no {@value #URL}.
     * Calls get 10 s each, 4 attempts and a back-off from 250 ms.
     */
    public static SchemaRegistrySettings from(Map<String, String> config) {
        String url = config.get(URL);
        if (url == null || url.isBlank()) {
            return null;
        }
        if (url.contains(",")) {
            throw new IllegalArgumentException(URL + " lists several addresses; give one (a load balancer in front of"
                    + " the registry nodes)");
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(URL + " is not a valid address; give e.g. http://registry:8081", e);
        }
        String source = config.getOrDefault(CREDENTIALS_SOURCE, "USER_INFO").trim().toUpperCase(Locale.ROOT);
        String userInfo = switch (source) {
            case "USER_INFO" -> config.get(USER_INFO);
            case "URL" -> uri.getRawUserInfo();
            default -> throw new IllegalArgumentException(CREDENTIALS_SOURCE + " '" + source + "' is not supported; use USER_INFO"
                    + " (with " + USER_INFO + ") or URL (user:password@ in " + URL + ")");
        };
        if (userInfo != null && userInfo.isBlank()) {
            userInfo = null;
        }
        return new SchemaRegistrySettings(withoutUserInfo(uri), userInfo, store(config, "truststore"), store(config, "keystore"),
                config.get(SSL + "key.password"), Duration.ofSeconds(10), 4, Duration.ofMillis(250));
    }

    /** The same with other retry settings (tests wait less). */
    public SchemaRegistrySettings withRetries(Duration timeout, int attempts, Duration backoff) {
        return new SchemaRegistrySettings(url, userInfo, truststore, keystore, keyPassword, timeout, attempts, backoff);
    }

    private static Store store(Map<String, String> config, String which) {
        String location = config.get(SSL + which + ".location");
        if (location == null || location.isBlank()) {
            return null;
        }
        return new Store(Path.of(location.trim()), config.get(SSL + which + ".password"), config.get(SSL + which + ".type"));
    }

    private static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority().substring(uri.getRawAuthority().indexOf('@') + 1)
                + (uri.getRawPath() == null ? "" : uri.getRawPath()));
    }

    /** Never shows a password. */
    @Override
    public String toString() {
        return "SchemaRegistrySettings[url=" + url + ", basic auth=" + (userInfo == null ? "none" : KafkaSecrets.HIDDEN)
                + ", truststore=" + truststore + ", keystore=" + keystore + ", timeout=" + requestTimeout + ", attempts=" + attempts + "]";
    }
}
