package io.ganwatch.kafka;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How to start a {@link LocalKafka} broker.
 *
 * <p>Kept separate from {@link LocalKafka} so that the demo and the tests can say what differs from
 * the defaults (a longer timeout on a slow CI machine, an extra broker setting) without LocalKafka
 * growing a constructor per combination. Everything is checked here, before a JVM is spawned, so a
 * mistake is reported in terms of the setting and not as a broker that dies with a cryptic log.
 *
 * @param workDir          directory the broker's files (storage, configuration, log) go under; created
 *                         if missing
 * @param classpath        class path of the child JVM; must contain kafka_2.13 and its dependencies
 * @param maxHeap          the child's {@code -Xmx} value, e.g. {@code 512m}
 * @param startupTimeout   how long to wait for the broker to answer before giving up
 * @param brokerProperties extra {@code server.properties} entries; may not touch the settings
 *                         LocalKafka wires itself (listeners, quorum, node id, storage)
 * @param security         a SASL_SSL client listener, or {@code null} for a PLAINTEXT one
 */
public record LocalKafkaConfig(Path workDir, String classpath, String maxHeap, Duration startupTimeout,
                               Map<String, String> brokerProperties, LocalKafkaSecurity security) {

    /** Settings that LocalKafka derives itself; overriding them would break the single-node wiring. */
    static final Set<String> RESERVED = Set.of("process.roles", "node.id", "listeners", "advertised.listeners",
            "controller.listener.names", "listener.security.protocol.map", "inter.broker.listener.name",
            "controller.quorum.voters", "controller.quorum.bootstrap.servers", "log.dirs", "log.dir",
            "metadata.log.dir");

    private static final Pattern HEAP = Pattern.compile("[1-9][0-9]*[kKmMgG]?");

    /** Generous for a loaded CI machine: the broker is usually ready in 3 to 8 s. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

    /** A PLAINTEXT broker: the configuration without {@link #security()}. */
    public LocalKafkaConfig(Path workDir, String classpath, String maxHeap, Duration startupTimeout,
                            Map<String, String> brokerProperties) {
        this(workDir, classpath, maxHeap, startupTimeout, brokerProperties, null);
    }

    /** Validates and copies. */
    public LocalKafkaConfig {
        if (workDir == null) {
            throw new IllegalArgumentException("a work directory for the local Kafka broker is needed");
        }
        workDir = workDir.toAbsolutePath().normalize();
        if (classpath == null || classpath.isBlank()) {
            throw new IllegalArgumentException("the local Kafka broker needs a class path containing kafka_2.13; "
                    + "run ganwatch from its jar (java -jar ganwatch.jar) or pass the class path explicitly");
        }
        if (maxHeap == null || !HEAP.matcher(maxHeap).matches()) {
            throw new IllegalArgumentException("broker heap size must look like 512m or 1g, was '" + maxHeap + "'");
        }
        if (startupTimeout == null || startupTimeout.isNegative() || startupTimeout.isZero()) {
            throw new IllegalArgumentException("broker startup timeout must be positive, was " + startupTimeout);
        }
        brokerProperties = Map.copyOf(brokerProperties == null ? Map.of() : brokerProperties);
        Set<String> clashes = brokerProperties.keySet().stream().filter(RESERVED::contains)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        if (!clashes.isEmpty()) {
            throw new IllegalArgumentException("broker properties " + clashes + " are set by LocalKafka itself "
                    + "(it binds 127.0.0.1 on free ports and keeps its storage under the work directory); remove them");
        }
        if (security != null && brokerProperties.keySet().stream().anyMatch(k -> k.startsWith("listener.name.")
                || k.startsWith("ssl.") || k.startsWith("sasl."))) {
            throw new IllegalArgumentException("with a SASL_SSL listener, LocalKafka sets the ssl.*, sasl.* and listener.name.* "
                    + "broker properties itself; remove them");
        }
    }

    /**
     * Defaults for a broker whose files go under {@code workDir}: this JVM's own class path, a 512 MiB
     * heap (the broker needs about 400 MB resident) and a 60 s startup timeout.
     *
     * @param workDir directory for the broker's files
     * @return the configuration
     */
    public static LocalKafkaConfig defaults(Path workDir) {
        return new LocalKafkaConfig(workDir, currentClasspath(), "512m", DEFAULT_STARTUP_TIMEOUT, Map.of());
    }

    /**
     * @param newClasspath the child JVM's class path
     * @return a copy with another child class path
     */
    public LocalKafkaConfig withClasspath(String newClasspath) {
        return new LocalKafkaConfig(workDir, newClasspath, maxHeap, startupTimeout, brokerProperties, security);
    }

    /**
     * @param newTimeout how long to wait for the broker
     * @return a copy with another startup timeout
     */
    public LocalKafkaConfig withStartupTimeout(Duration newTimeout) {
        return new LocalKafkaConfig(workDir, classpath, maxHeap, newTimeout, brokerProperties, security);
    }

    /**
     * @param newMaxHeap the child's -Xmx value, e.g. 1g
     * @return a copy with another child heap size
     */
    public LocalKafkaConfig withMaxHeap(String newMaxHeap) {
        return new LocalKafkaConfig(workDir, classpath, newMaxHeap, startupTimeout, brokerProperties, security);
    }

    /**
     * @param newProperties extra server.properties entries
     * @return a copy with these extra {@code server.properties} entries (replacing earlier extras)
     */
    public LocalKafkaConfig withBrokerProperties(Map<String, String> newProperties) {
        return new LocalKafkaConfig(workDir, classpath, maxHeap, startupTimeout, newProperties, security);
    }

    /**
     * @param newSecurity the SASL_SSL client listener's key store and users, or {@code null} for PLAINTEXT
     * @return a copy whose client listener is secured this way
     */
    public LocalKafkaConfig withSecurity(LocalKafkaSecurity newSecurity) {
        return new LocalKafkaConfig(workDir, classpath, maxHeap, startupTimeout, brokerProperties, newSecurity);
    }

    /**
     * This JVM's class path with every entry made absolute, so that the child may run in another
     * directory. Under {@code java -jar ganwatch.jar} that is the fat jar itself; under Maven it is the
     * list of dependency jars. When the property is empty (an embedding launcher), falls back to the
     * jar or directory this class was loaded from.
     *
     * @return the class path, entries separated by {@link File#pathSeparator}
     */
    public static String currentClasspath() {
        String cp = System.getProperty("java.class.path", "");
        if (cp.isBlank()) {
            return ownLocation();
        }
        return Arrays.stream(cp.split(Pattern.quote(File.pathSeparator)))
                .filter(e -> !e.isBlank())
                .map(e -> Path.of(e).toAbsolutePath().normalize().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static String ownLocation() {
        CodeSource source = LocalKafkaConfig.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            return "";
        }
        try {
            return Path.of(source.getLocation().toURI()).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return "";
        }
    }
}
