package io.ganwatch.kafka;

import org.apache.commons.io.FileUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real single-node Kafka broker (KRaft: broker and controller in one process) running as a child
 * JVM, for {@code ganwatch demo} and the integration tests.
 *
 * <p>Why a child JVM and not an in-process broker: the broker's threads, Scala runtime, log4j setup
 * and ~400 MB of memory stay out of ganwatch's process; a test can prove that the broker is really gone
 * after {@link #close()}; and outside clients (kcat, librdkafka) see exactly what they would see
 * against a production broker. The child is started from the jars ganwatch already has on its class
 * path, so nothing has to be downloaded.
 *
 * <p>The broker binds only 127.0.0.1, on free ports, with its storage in a fresh directory under the
 * work directory; nothing outside this machine can reach it. Its stdout and stderr (including its own
 * log4j output at INFO) go to {@link #logFile()}, whose tail is quoted in every startup error.
 *
 * <p>The child's class path is passed through an {@code @argfile}: the class path of a Maven test run
 * is several kilobytes, and ONNX Runtime crashes processes whose command line reaches 4096 bytes, so
 * every command line LocalKafka spawns stays short.
 *
 * <p>A JVM shutdown hook stops the broker if the caller never closes it (a crashed test, Ctrl-C in
 * the demo), so no broker outlives the process that started it.
 */
public final class LocalKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);

    private static final String LOOPBACK = "127.0.0.1";
    private static final int MAX_ATTEMPTS = 3;
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_TAIL_LINES = 40;

    private final Path dir;
    private final Path dataDir;
    private final Path logFile;
    private final int port;
    // The PLAINTEXT port of the probe and newAdmin(): the client port itself, or a second one beside a SASL_SSL listener.
    private final int adminPort;
    private final String clusterId;
    private final Duration startupTimeout;
    private final Duration startupTime;
    private final AtomicBoolean closed = new AtomicBoolean();
    // Replaced by restart(); guarded by this.
    private Process process;
    private Thread shutdownHook;

    private LocalKafka(Path dir, Path dataDir, Path logFile, int port, int adminPort, String clusterId, Duration startupTimeout,
                       Process process, Thread shutdownHook, Duration startupTime) {
        this.dir = dir;
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.port = port;
        this.adminPort = adminPort;
        this.clusterId = clusterId;
        this.startupTimeout = startupTimeout;
        this.process = process;
        this.shutdownHook = shutdownHook;
        this.startupTime = startupTime;
    }

    /**
     * Starts a broker with the {@link LocalKafkaConfig#defaults(Path) defaults} and waits until it
     * answers.
     *
     * @param workDir directory the broker's files go under
     * @return the running broker; close it to stop it
     * @throws LocalKafkaException when the broker cannot be started; the message quotes its log
     */
    public static LocalKafka start(Path workDir) {
        return start(LocalKafkaConfig.defaults(workDir));
    }

    /**
     * Starts a broker and waits until it answers. A port taken between choosing it and the broker
     * binding it is retried with fresh ports.
     *
     * @param config how to start it
     * @return the running broker; close it to stop it
     * @throws LocalKafkaException when the broker cannot be started; the message quotes its log
     */
    public static LocalKafka start(LocalKafkaConfig config) {
        try {
            Files.createDirectories(config.workDir());
        } catch (IOException e) {
            throw new LocalKafkaException("cannot create the Kafka work directory " + config.workDir()
                    + ": " + e.getMessage() + "; choose a writable directory", e);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(config);
            } catch (PortTakenException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new LocalKafkaException("the local Kafka broker could not bind a free loopback port in "
                            + MAX_ATTEMPTS + " attempts; something is grabbing ports on 127.0.0.1. Broker log "
                            + e.logFile + ":\n" + e.tail);
                }
                LOG.info("Kafka port was taken before the broker could bind it; retrying with new ports");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalKafkaException("interrupted while starting the local Kafka broker", e);
            } catch (IOException e) {
                throw new LocalKafkaException("cannot prepare the local Kafka broker under " + config.workDir()
                        + ": " + e.getMessage() + "; check that the directory is writable and has free space", e);
            }
        }
    }

    private static LocalKafka startOnce(LocalKafkaConfig config) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Path dir = Files.createTempDirectory(config.workDir(), "kafka-");
        Path dataDir = dir.resolve("data");
        Path logFile = dir.resolve("broker.log");
        int[] ports = freeLoopbackPorts(config.security() == null ? 2 : 3);
        int port = ports[0];
        int controllerPort = ports[1];
        int adminPort = config.security() == null ? port : ports[2];
        String clusterId = Uuid.randomUuid().toString();

        Path serverProperties = dir.resolve("server.properties");
        writeServerProperties(serverProperties, config, dataDir, port, controllerPort, adminPort);
        Path log4j = dir.resolve("log4j2-broker.properties");
        Files.writeString(log4j, LOG4J_CONFIG, StandardCharsets.UTF_8);
        Path argFile = dir.resolve("jvm.args");
        writeArgFile(argFile, config, log4j);

        format(config, dir, argFile, serverProperties, clusterId, logFile);

        Process process = launch(dir, logFile);
        Thread hook = stopOnExit(process);
        LOG.info("Starting Kafka broker (pid {}) on {}:{} ({}), log {}", process.pid(), LOOPBACK, port,
                config.security() == null ? "PLAINTEXT" : "SASL_SSL", logFile);

        boolean ready = false;
        try {
            awaitReady(process, adminPort, t0 + config.startupTimeout().toNanos(), config.startupTimeout(), logFile);
            ready = true;
        } finally {
            if (!ready) {
                stop(process);
                removeHook(hook);
                deleteRecursively(dataDir);
            }
        }
        Duration startupTime = Duration.ofNanos(System.nanoTime() - t0);
        LOG.info("Kafka broker ready at {}:{} in {} ms", LOOPBACK, port, startupTime.toMillis());
        return new LocalKafka(dir, dataDir, logFile, port, adminPort, clusterId, config.startupTimeout(), process, hook, startupTime);
    }

    /** Starts the broker process on the configuration (ports, storage) under {@code dir}. */
    private static Process launch(Path dir, Path logFile) throws IOException {
        List<String> command = List.of(javaExecutable(), "@" + dir.resolve("jvm.args"), "kafka.Kafka",
                dir.resolve("server.properties").toString());
        return new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
    }

    private static Thread stopOnExit(Process process) {
        Thread hook = new Thread(() -> stop(process), "ganwatch-kafka-shutdown-" + process.pid());
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /**
     * Stops the broker process as {@link #close()} does, but keeps its storage, ports and log, so that
     * {@link #restart()} brings the same broker back: for tests of how clients live through an outage.
     *
     * @throws IllegalStateException when the broker was closed
     */
    public synchronized void stopKeepingData() {
        requireOpen();
        long t0 = System.nanoTime();
        stop(process);
        LOG.info("Kafka broker (pid {}) stopped for a restart in {} ms", process.pid(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    /**
     * Starts the broker again after {@link #stopKeepingData()}, on the same port and storage (topics,
     * committed offsets and transactions survive), and waits until it answers.
     *
     * @throws IllegalStateException when the broker is still running or was closed
     * @throws LocalKafkaException   when it does not come back; the message quotes its log
     */
    public synchronized void restart() {
        requireOpen();
        if (process.isAlive()) {
            throw new IllegalStateException("the local Kafka broker is running; stop it with stopKeepingData() first");
        }
        long t0 = System.nanoTime();
        Process next;
        try {
            next = launch(dir, logFile);
        } catch (IOException e) {
            throw new LocalKafkaException("cannot restart the local Kafka broker: " + e.getMessage(), e);
        }
        removeHook(shutdownHook);
        process = next;
        shutdownHook = stopOnExit(next);
        try {
            awaitReady(next, adminPort, t0 + startupTimeout.toNanos(), startupTimeout, logFile);
        } catch (PortTakenException e) {
            stop(next);
            throw new LocalKafkaException("the local Kafka broker could not restart: its port " + port
                    + " was taken while it was stopped. Log " + logFile + ":\n" + e.tail);
        } catch (InterruptedException e) {
            stop(next);
            Thread.currentThread().interrupt();
            throw new LocalKafkaException("interrupted while restarting the local Kafka broker", e);
        } catch (RuntimeException e) {
            stop(next);
            throw e;
        }
        LOG.info("Kafka broker restarted (pid {}) at {}:{} in {} ms", next.pid(), LOOPBACK, port,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the local Kafka broker was already closed; start a new one");
        }
    }

    /** KRaft storage must be formatted with a cluster id before the first start; a short child JVM does it. */
    private static void format(LocalKafkaConfig config, Path dir, Path argFile, Path serverProperties,
                               String clusterId, Path logFile) throws IOException, InterruptedException {
        // A static quorum (controller.quorum.voters) needs no --standalone / --initial-controllers flag.
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "@" + argFile, "kafka.tools.StorageTool", "format",
                "-t", clusterId, "-c", serverProperties.toString()));
        // KRaft checks SCRAM logins against metadata records, so the users must exist before the first start.
        if (config.security() != null) {
            config.security().scramUsers().forEach((name, password) -> command.addAll(List.of("--add-scram",
                    LocalKafkaSecurity.MECHANISM + "=[name=" + name + ",password=" + password + "]")));
        }
        Process format = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        if (!format.waitFor(FORMAT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            stop(format);
            throw new LocalKafkaException("formatting the local Kafka broker's storage did not finish in "
                    + FORMAT_TIMEOUT.toSeconds() + " s; the machine may be overloaded. Log " + logFile + ":\n"
                    + tail(logFile));
        }
        if (format.exitValue() != 0) {
            String tail = tail(logFile);
            String hint = tail.contains("Could not find or load main class")
                    ? "the class path (" + shorten(config.classpath()) + ") lacks kafka_2.13 or its dependencies; "
                    + "run ganwatch from its jar or add kafka_2.13 to the class path"
                    : tail.contains("ConfigException")
                    ? "a broker property is invalid; fix or remove it"
                    : "the log below says why";
            throw new LocalKafkaException("formatting the local Kafka broker's storage failed (exit code "
                    + format.exitValue() + "): " + hint + ". Log " + logFile + ":\n" + tail);
        }
    }

    private static void awaitReady(Process process, int port, long deadlineNanos, Duration timeout, Path logFile)
            throws InterruptedException {
        Admin admin = null;
        try {
            while (true) {
                if (!process.isAlive()) {
                    String tail = tail(logFile);
                    if (tail.contains("Address already in use")) {
                        throw new PortTakenException(logFile, tail);
                    }
                    throw new LocalKafkaException("the local Kafka broker exited with code " + process.exitValue()
                            + " before it was ready; see its log " + logFile + ":\n" + tail);
                }
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    throw new LocalKafkaException("the local Kafka broker did not answer within "
                            + timeout.toSeconds() + " s and was stopped; on a slow machine raise the startup "
                            + "timeout. Log " + logFile + ":\n" + tail(logFile));
                }
                // Waiting for the port first keeps the admin client from logging a warning per refused connect.
                if (admin == null && accepts(port)) {
                    admin = Admin.create(adminProperties(LOOPBACK + ":" + port, "ganwatch-localkafka-probe"));
                }
                if (admin != null && answers(admin, Math.min(TimeUnit.NANOSECONDS.toMillis(remaining), 5_000))) {
                    return;
                }
                Thread.sleep(100);
            }
        } finally {
            if (admin != null) {
                admin.close(Duration.ofSeconds(2));
            }
        }
    }

    private static boolean answers(Admin admin, long timeoutMillis) throws InterruptedException {
        try {
            Collection<Node> nodes = admin.describeCluster().nodes().get(Math.max(timeoutMillis, 1),
                    TimeUnit.MILLISECONDS);
            return !nodes.isEmpty();
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** @return {@code host:port} for the {@code bootstrap.servers} of clients */
    public String bootstrapServers() {
        return LOOPBACK + ":" + port;
    }

    /** @return the broker's client port on 127.0.0.1 */
    public int port() {
        return port;
    }

    /** @return the KRaft cluster id the storage was formatted with */
    public String clusterId() {
        return clusterId;
    }

    /** @return the broker's (current) process, so that callers (and tests) can check it is gone after {@link #close()} */
    public synchronized ProcessHandle process() {
        return process.toHandle();
    }

    /** @return the file the broker's stdout, stderr and log4j output go to; kept after {@link #close()} */
    public Path logFile() {
        return logFile;
    }

    /** @return the directory this broker's configuration, storage and log are under */
    public Path directory() {
        return dir;
    }

    /** @return wall-clock time from {@link #start} until the broker first answered */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * A new admin client for this broker; the caller closes it. Beside a SASL_SSL client listener it
     * connects to the broker's loopback-only PLAINTEXT admin listener, so it needs no credentials.
     *
     * @return the client
     */
    public Admin newAdmin() {
        return Admin.create(adminProperties(LOOPBACK + ":" + adminPort, "ganwatch-localkafka-admin"));
    }

    /**
     * Creates topics with replication factor 1 and waits until they exist. Topics that already exist are
     * left as they are, so the demo can be re-run against the same broker.
     *
     * @param partitionsByName partition count per topic name
     * @throws LocalKafkaException when the broker refuses a topic
     */
    public void createTopics(Map<String, Integer> partitionsByName) {
        List<NewTopic> topics = new ArrayList<>();
        for (Map.Entry<String, Integer> e : partitionsByName.entrySet()) {
            if (e.getValue() == null || e.getValue() < 1) {
                throw new IllegalArgumentException("topic '" + e.getKey() + "' needs at least 1 partition, was "
                        + e.getValue());
            }
            topics.add(new NewTopic(e.getKey(), e.getValue(), (short) 1));
        }
        create(topics);
    }

    /**
     * Creates a log-compacted topic (replication factor 1), e.g. for a changelog or a model-registry
     * topic where only the latest value per key matters. An existing topic is left as it is.
     *
     * @param name       topic name
     * @param partitions partition count
     * @throws LocalKafkaException when the broker refuses the topic
     */
    public void createCompactedTopic(String name, int partitions) {
        createCompactedTopic(name, partitions, Map.of());
    }

    /**
     * Creates a log-compacted topic (replication factor 1) with further topic configs, e.g. a model
     * topic with {@code max.message.bytes} ({@link io.ganwatch.streams.ModelMessages#topicConfigs()}). An
     * existing topic is left as it is.
     *
     * @param name       topic name
     * @param partitions partition count
     * @param configs    topic configs besides {@code cleanup.policy=compact}, which they may not change
     * @throws LocalKafkaException when the broker refuses the topic
     */
    public void createCompactedTopic(String name, int partitions, Map<String, String> configs) {
        if (partitions < 1) {
            throw new IllegalArgumentException("topic '" + name + "' needs at least 1 partition, was " + partitions);
        }
        String policy = configs.getOrDefault(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        if (!policy.equals(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            throw new IllegalArgumentException("a compacted topic cannot have " + TopicConfig.CLEANUP_POLICY_CONFIG + "=" + policy);
        }
        Map<String, String> all = new LinkedHashMap<>(configs);
        all.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        create(List.of(new NewTopic(name, partitions, (short) 1).configs(all)));
    }

    /**
     * Waits until every partition of the topics has a leader in the broker's metadata. A producer
     * that writes to a partition before that gets NotLeaderOrFollower, and an idempotent producer
     * can then stay stuck retrying OUT_OF_ORDER_SEQUENCE_NUMBER (seen in the stream benchmark).
     */
    private void awaitLeaders(Admin admin, java.util.Collection<String> names) throws InterruptedException {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (true) {
            try {
                boolean ready = admin.describeTopics(names).allTopicNames().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                        .values().stream().allMatch(d -> d.partitions().stream().allMatch(pi -> pi.leader() != null));
                if (ready) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                // not in the metadata yet; try again below
            }
            if (System.nanoTime() > deadline) {
                throw new LocalKafkaException("topics " + names + " have no partition leader after "
                        + ADMIN_TIMEOUT.toSeconds() + " s; check the broker log " + logFile);
            }
            Thread.sleep(50);
        }
    }

    private void create(List<NewTopic> topics) {
        if (closed.get()) {
            throw new IllegalStateException("the local Kafka broker was already closed; start a new one");
        }
        try (Admin admin = newAdmin()) {
            Map<String, KafkaFuture<Void>> results = new LinkedHashMap<>(admin.createTopics(topics).values());
            for (Map.Entry<String, KafkaFuture<Void>> r : results.entrySet()) {
                try {
                    r.getValue().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    LOG.debug("Created topic {}", r.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new LocalKafkaException("the local Kafka broker refused to create topic '"
                                + r.getKey() + "': " + e.getCause().getMessage() + "; see " + logFile, e.getCause());
                    }
                } catch (TimeoutException e) {
                    throw new LocalKafkaException("creating topic '" + r.getKey() + "' took over "
                            + ADMIN_TIMEOUT.toSeconds() + " s; check the broker log " + logFile, e);
                }
            }
            awaitLeaders(admin, results.keySet());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalKafkaException("interrupted while creating topics", e);
        }
    }

    /**
     * Stops the broker: SIGTERM, up to 10 s for a clean shutdown, then SIGKILL; then deletes its storage.
     * The log file is kept for post-mortems. Safe to call more than once.
     */
    @Override
    public synchronized void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long t0 = System.nanoTime();
        stop(process);
        removeHook(shutdownHook);
        deleteRecursively(dataDir);
        LOG.info("Kafka broker (pid {}) stopped in {} ms", process.pid(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    private static void stop(Process p) {
        if (!p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("Kafka child (pid {}) did not stop within {} s of SIGTERM; killing it",
                        p.pid(), STOP_GRACE.toSeconds());
                p.destroyForcibly();
                p.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook itself stops the broker.
        }
    }

    private static Properties adminProperties(String bootstrap, String clientId) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return p;
    }

    private static void writeServerProperties(Path file, LocalKafkaConfig config, Path dataDir, int port,
                                              int controllerPort, int adminPort) throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@" + LOOPBACK + ":" + controllerPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        LocalKafkaSecurity security = config.security();
        if (security == null) {
            p.setProperty("listeners", "PLAINTEXT://" + LOOPBACK + ":" + port + ",CONTROLLER://" + LOOPBACK + ":"
                    + controllerPort);
            p.setProperty("advertised.listeners", "PLAINTEXT://" + LOOPBACK + ":" + port);
            p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        } else {
            p.setProperty("listeners", "SASL_SSL://" + LOOPBACK + ":" + port + ",PLAINTEXT://" + LOOPBACK + ":" + adminPort
                    + ",CONTROLLER://" + LOOPBACK + ":" + controllerPort);
            p.setProperty("advertised.listeners", "SASL_SSL://" + LOOPBACK + ":" + port + ",PLAINTEXT://" + LOOPBACK + ":"
                    + adminPort);
            p.setProperty("listener.security.protocol.map", "SASL_SSL:SASL_SSL,PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.setProperty("sasl.enabled.mechanisms", LocalKafkaSecurity.MECHANISM);
            p.setProperty("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            p.setProperty("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
            p.setProperty("listener.name.sasl_ssl.ssl.keystore.location", security.keyStore().toString());
            p.setProperty("listener.name.sasl_ssl.ssl.keystore.password", security.keyStorePassword());
            p.setProperty("listener.name.sasl_ssl.ssl.key.password", security.keyStorePassword());
        }
        p.setProperty("log.dirs", dataDir.toString());
        // One node: every internal topic must fit on it.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "3");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("num.partitions", "1");
        p.setProperty("default.replication.factor", "1");
        // Consumers in tests and the demo should get partitions at once, not after 3 s.
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        config.brokerProperties().forEach(p::setProperty);
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(out, "written by ganwatch LocalKafka; single-node KRaft, loopback only");
        }
    }

    private static void writeArgFile(Path file, LocalKafkaConfig config, Path log4j) throws IOException {
        List<String> lines = List.of(
                "-Xmx" + config.maxHeap(),
                "-XX:+ExitOnOutOfMemoryError",
                "-Djava.awt.headless=true",
                quote("-Dlog4j2.configurationFile=" + log4j),
                "-cp",
                quote(config.classpath()));
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** Quotes one argfile token; inside quotes the launcher treats backslash as an escape. */
    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int[] freeLoopbackPorts(int n) throws IOException {
        InetAddress loopback = InetAddress.getByName(LOOPBACK);
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, loopback);
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(LOOPBACK, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log not readable: " + e.getMessage() + ")";
        }
    }

    private static String shorten(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    private static void deleteRecursively(Path root) {
        if (!FileUtils.deleteQuietly(root.toFile())) {
            LOG.warn("Could not delete Kafka storage {} completely; remove it by hand", root);
        }
    }

    /** Startup lost a race for a port; {@link #start} retries with new ones. */
    private static final class PortTakenException extends RuntimeException {
        private final transient Path logFile;
        private final String tail;

        PortTakenException(Path logFile, String tail) {
            super("port taken", null, false, false);
            this.logFile = logFile;
            this.tail = tail;
        }
    }

    /**
     * The child's log4j2 configuration: INFO to stdout (which is redirected to the log file), with the
     * per-setting config dumps and per-partition log lines turned down so that the tail quoted in an
     * error shows what went wrong.
     */
    private static final String LOG4J_CONFIG = String.join("\n",
            "status = warn",
            "appender.out.type = Console",
            "appender.out.name = out",
            "appender.out.target = SYSTEM_OUT",
            "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.out.ref = out",
            "logger.config.name = org.apache.kafka.common.config.AbstractConfig",
            "logger.config.level = WARN",
            "logger.appinfo.name = org.apache.kafka.common.utils.AppInfoParser",
            "logger.appinfo.level = WARN",
            "logger.storage.name = org.apache.kafka.storage.internals.log",
            "logger.storage.level = WARN",
            "");
}
