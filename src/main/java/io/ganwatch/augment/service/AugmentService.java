package io.ganwatch.augment.service;

import io.ganwatch.avro.AugmentationStatus;
import io.ganwatch.registry.SchemaRegistryClient;
import io.ganwatch.streams.SchemaCatalog;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code augment-service}: consumes {@code AugmentationRequest}s, makes synthetic records, and
 * answers each request with one {@code AugmentationResult}, exactly once.
 *
 * <p>One thread, one request at a time (training is CPU-bound; run more instances in the same group
 * to serve partitions in parallel). For each request, in ONE Kafka transaction: the synthetic
 * records (for a topic destination), the result (keyed by request id, on the compacted results
 * topic) and the request's consumer offset. So either all of them become visible to
 * {@code read_committed} consumers or none does, and a crash at any point makes the request be
 * served again from scratch without leaving half an answer behind. The job itself runs outside the
 * transaction (it can take minutes; transactions should not).
 *
 * <p>Replays: the service knows the last status of every request id from the results topic
 * ({@link FinishedRequests}), read at start and again before each request. A request whose id
 * already has an OK or REJECTED result adds nothing: only its offset is committed. A FAILED id is
 * served again. Requests should be keyed by request id, so that all copies of one id land on one
 * partition and are handled in order by one instance.
 *
 * <p>File destinations are written (temporary file, atomic move) before the transaction commits; if
 * the service dies between the two, the replay writes the same file again.
 *
 * <p>A cluster that stops answering while a transaction ends (a broker restart) is waited out: a
 * commit or abort that times out is retried until it goes through ({@link Transactions}), as the
 * producer requires, instead of stopping the service.
 */
public final class AugmentService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AugmentService.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(60);

    private final AugmentServiceConfig config;
    private final KafkaConsumer<byte[], byte[]> requests;
    private final KafkaConsumer<String, byte[]> results;
    private final KafkaProducer<String, byte[]> producer;
    private final Admin admin;
    private final String transactionalId;
    private final FinishedRequests finished = new FinishedRequests();
    private final RequestHandler handler;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    private AugmentService(AugmentServiceConfig config, AugmentationJob job) {
        this.config = config;
        Properties kafka = config.kafka();
        Properties producerSettings = producerSettings(config);
        Properties reader = readerSettings(kafka);
        transactionalId = producerSettings.getProperty(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        SchemaCatalog schemas = SchemaCatalog.of(config.schemas()); // before any client: a bad .avsc must not leak them
        // Only topics in the registry's wire format call it; its toString hides the passwords.
        SchemaRegistryClient schemaRegistry = config.registry() == null ? null : new SchemaRegistryClient(config.registry());
        if (schemaRegistry != null) {
            LOG.info("schema registry: {}", config.registry());
        }
        // Fields are assigned in order; a client whose settings Kafka refuses must not leak the ones made before it.
        try {
            admin = Admin.create(only(kafka, AdminClientConfig.configNames()));
            producer = new KafkaProducer<>(producerSettings, new StringSerializer(), new ByteArraySerializer());
            requests = new KafkaConsumer<>(requestConsumerSettings(config), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            results = new KafkaConsumer<>(reader, new StringDeserializer(), new ByteArrayDeserializer());
        } catch (KafkaException e) {
            closeClients();
            throw new IllegalArgumentException("the Kafka settings are not usable: " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")") + "; fix the --set or config file value", e);
        }
        handler = new RequestHandler(
                new RequestValidator(config.limits(), config.fileRoots(), Set.of(config.requestsTopic(), config.resultsTopic())),
                config.limits(),
                new SourceReader(new TopicTableReader(reader, schemas, schemaRegistry, Duration.ofMinutes(5))),
                this::topicExists, job, schemaRegistry);
        thread = new Thread(this::loop, "ganwatch-augment-service");
    }

    /**
     * Connects, makes sure the requests and results topics exist, reads the results so far, and
     * starts serving requests on a thread of its own.
     *
     * @param config settings
     * @param job    makes the rows ({@link AugmentationJob#augmenter()} in production)
     * @throws IllegalStateException when the cluster cannot be reached or refuses the set-up
     */
    public static AugmentService start(AugmentServiceConfig config, AugmentationJob job) {
        AugmentService s = new AugmentService(config, job);
        try {
            s.ensureTopics();
            s.producer.initTransactions(); // also aborts what a previous instance with this transactional.id left open
            s.results.assign(partitions(s.results, config.resultsTopic()));
            s.catchUpResults();
        } catch (RuntimeException e) {
            s.closeClients();
            throw e instanceof IllegalStateException ? e : new IllegalStateException("augment-service cannot start: " + e.getMessage()
                    + "; check bootstrap.servers and the cluster's permissions", e);
        }
        LOG.info("serving requests from {} (group {}), results to {}; {} earlier results known; limits {}; file roots {}; Kafka settings {}",
                config.requestsTopic(), config.groupId(), config.resultsTopic(), s.finished.size(), config.limits(),
                config.fileRoots().roots(), config.describeKafka());
        s.thread.start();
        return s;
    }

    // ---- the service loop ------------------------------------------------------------------------

    private void loop() {
        try {
            requests.subscribe(List.of(config.requestsTopic()));
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : requests.poll(POLL)) {
                    if (!running || !serve(record)) {
                        break; // the rest of this batch is polled again after the rewind, or by the next owner
                    }
                }
            }
        } catch (WakeupException e) {
            // close() ended the poll
        } catch (RuntimeException | Error e) {
            // Errors too: whatever ends the loop must reach awaitStop, so that the command exits non-zero.
            failure = e;
            LOG.error("augment-service stopped: {}", e, e);
        } finally {
            closeClients();
            stopped.countDown();
        }
    }

    /**
     * Serves one request message: skip a finished id, otherwise handle it and commit the outcome.
     *
     * @return false when the transaction failed and the consumer was rewound to this record
     */
    private boolean serve(ConsumerRecord<byte[], byte[]> record) {
        catchUpResults(); // another instance may have finished this id meanwhile
        IncomingRequest request;
        try {
            request = RequestDecoder.decode(record.value());
        } catch (RejectedRequestException e) {
            return rejectOnce(standInId("undecodable", record), e.getMessage(), record);
        }
        String id = request.requestId();
        if (id == null || id.isBlank()) {
            return rejectOnce(standInId("no-id", record), "request_id is missing; give every request a unique id", record);
        }
        Optional<AugmentationStatus> done = finished.finished(id);
        if (done.isPresent()) {
            LOG.info("request {} already has result {}; replay at {} adds nothing", id, done.get(), where(record));
            return commit(null, record);
        }
        long t0 = System.nanoTime();
        Outcome outcome = handler.handle(request);
        boolean committed = commit(outcome, record);
        if (committed) {
            log(outcome, (System.nanoTime() - t0) / 1e9);
        }
        return committed;
    }

    /**
     * Rejects a message that has no request id of its own, under a stand-in id made from where it is:
     * a replay of the same message (another group, a reset offset) has the same stand-in id, and adds nothing.
     */
    private boolean rejectOnce(String standInId, String reason, ConsumerRecord<byte[], byte[]> record) {
        if (finished.finished(standInId).isPresent()) {
            LOG.info("message at {} was rejected before; replay adds nothing", where(record));
            return commit(null, record);
        }
        return commit(Outcome.rejected(standInId, reason, null, null), record);
    }

    /**
     * Writes the outcome's records and result and the request's offset in one transaction; with a
     * {@code null} outcome, only the offset (a skipped replay).
     *
     * @return whether it committed; if not, the consumer is rewound so that the request is served again
     */
    private boolean commit(Outcome outcome, ConsumerRecord<byte[], byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        try {
            producer.beginTransaction();
            if (outcome != null) {
                String topic = outcome.destinationTopic();
                for (byte[] value : outcome.records()) {
                    producer.send(new ProducerRecord<>(topic, null, outcome.requestId(), value, syntheticHeaders(outcome.requestId())));
                }
                producer.send(new ProducerRecord<>(config.resultsTopic(), outcome.requestId(),
                        Results.encode(Results.build(outcome, Instant.now()))));
            }
            producer.sendOffsetsToTransaction(Map.of(tp, new OffsetAndMetadata(record.offset() + 1)), requests.groupMetadata());
            // A commit that times out may already be completing: it is retried until the cluster answers, never aborted.
            if (Transactions.commit(producer, () -> running, RETRY_PAUSE) == 0) {
                LOG.warn("stopping before the commit of the transaction for the request at {} was confirmed; if it did not"
                        + " complete, the request is served again after the next start", where(record));
                return false;
            }
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException | UnsupportedVersionException e) {
            // The producer cannot go on: another instance took its transactional.id, or the cluster refuses it.
            throw new IllegalStateException("cannot write results any more (" + e.getMessage() + "); if another instance uses"
                    + " transactional.id '" + transactionalId + "', give each instance its own, then restart", e);
        } catch (KafkaException e) {
            LOG.warn("transaction for the request at {} failed ({}); it will be served again", where(record), e.getMessage());
            abortQuietly();
            if (requests.assignment().contains(tp)) {
                requests.seek(tp, record.offset());
            }
            pause();
            return false;
        }
        if (outcome != null) {
            finished.record(outcome.requestId(), outcome.status());
        }
        return true;
    }

    private static RecordHeaders syntheticHeaders(String requestId) {
        RecordHeaders h = new RecordHeaders();
        h.add(SyntheticRecords.SYNTHETIC_HEADER, "true".getBytes(StandardCharsets.UTF_8));
        h.add(SyntheticRecords.REQUEST_ID_HEADER, requestId.getBytes(StandardCharsets.UTF_8));
        return h;
    }

    private static void log(Outcome o, double seconds) {
        switch (o.status()) {
            case OK -> LOG.info("request {}: OK, {} synthetic records ({}) to {}; {} source rows, {} minority; {} s",
                    o.requestId(), o.syntheticRows(), o.result().method().key(),
                    o.destination() == null ? "nowhere (method none)" : o.destination().describe(), o.sourceRows(), o.minorityRows(),
                    String.format(java.util.Locale.ROOT, "%.1f", seconds));
            case REJECTED -> LOG.info("request {}: REJECTED: {}", o.requestId(), o.reason());
            case FAILED -> LOG.warn("request {}: FAILED: {}", o.requestId(), o.reason());
        }
    }

    // ---- results topic: what is finished ---------------------------------------------------------

    /** Applies every committed result up to the results topic's current end. */
    private void catchUpResults() {
        Set<TopicPartition> parts = results.assignment();
        Map<TopicPartition, Long> end = results.endOffsets(parts, CLIENT_TIMEOUT);
        long deadline = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
        while (!caughtUp(end)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("reading results topic " + config.resultsTopic() + " to its end took over "
                        + CLIENT_TIMEOUT.toSeconds() + " s; check the cluster");
            }
            for (ConsumerRecord<String, byte[]> r : results.poll(Duration.ofMillis(100))) {
                finished.apply(r.key(), r.value());
            }
        }
    }

    private boolean caughtUp(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (results.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    // ---- set-up ----------------------------------------------------------------------------------

    /** Creates the requests topic and the compacted results topic when missing; warns about a results topic that is not compacted. */
    private void ensureTopics() {
        create(new NewTopic(config.requestsTopic(), Optional.empty(), Optional.empty()));
        create(new NewTopic(config.resultsTopic(), Optional.empty(), Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        ConfigResource res = new ConfigResource(ConfigResource.Type.TOPIC, config.resultsTopic());
        try {
            Config c = admin.describeConfigs(List.of(res)).all().get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(res);
            String policy = c.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                LOG.warn("results topic {} has cleanup.policy={}: results will expire, and replays of expired ids will run again;"
                        + " set cleanup.policy=compact", config.resultsTopic(), policy);
            }
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("cannot read the configuration of results topic {} ({})", config.resultsTopic(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void create(NewTopic topic) {
        try {
            admin.createTopics(List.of(topic)).all().get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            LOG.info("created topic {}", topic.name());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic.name() + ": " + e.getCause().getMessage()
                        + "; create it yourself or grant the service CREATE on it", e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + config.kafka().getProperty("bootstrap.servers") + " did not answer in "
                    + CLIENT_TIMEOUT.toSeconds() + " s; check bootstrap.servers", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic.name(), e);
        }
    }

    private boolean topicExists(String topic) {
        try {
            admin.describeTopics(List.of(topic)).allTopicNames().get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw new IllegalStateException("cannot look up topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("looking up topic " + topic + " took over " + CLIENT_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking up topic " + topic, e);
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        List<TopicPartition> out = new ArrayList<>();
        consumer.partitionsFor(topic, CLIENT_TIMEOUT).forEach(p -> out.add(new TopicPartition(p.topic(), p.partition())));
        if (out.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " has no partitions; check the cluster");
        }
        return out;
    }

    /** Kafka settings the given client knows, so that pass-through keys for other clients do not log warnings. */
    private static Properties only(Properties kafka, Set<String> names) {
        Properties p = new Properties();
        kafka.forEach((k, v) -> {
            if (names.contains(k.toString())) {
                p.put(k, v);
            }
        });
        return p;
    }

    private static Properties producerSettings(AugmentServiceConfig config) {
        Properties p = only(config.kafka(), ProducerConfig.configNames());
        // A random suffix, as Kafka Streams does under exactly_once_v2: zombies are fenced through the
        // consumer group generation (sendOffsetsToTransaction), not through the transactional id.
        p.putIfAbsent(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.groupId() + "-" + UUID.randomUUID());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // One request in flight: idempotent producers writing to freshly created topics can otherwise
        // get stuck on OUT_OF_ORDER_SEQUENCE_NUMBER (seen in the stream benchmark).
        p.putIfAbsent(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        return p;
    }

    private static Properties requestConsumerSettings(AugmentServiceConfig config) {
        Properties p = only(config.kafka(), ConsumerConfig.configNames());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A request can take as long as its GAN time budget and more; the group must not evict the
        // instance meanwhile. One request per poll keeps that bound per request.
        p.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        long budgetMs = config.limits().maxTimeBudget().toMillis();
        p.putIfAbsent(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, String.valueOf(Math.max(300_000, 2 * budgetMs + 600_000)));
        return p;
    }

    private static Properties readerSettings(Properties kafka) {
        Properties p = only(kafka, ConsumerConfig.configNames());
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return p;
    }

    private static String standInId(String kind, ConsumerRecord<?, ?> r) {
        return kind + ":" + r.topic() + "/" + r.partition() + "@" + r.offset();
    }

    private static String where(ConsumerRecord<?, ?> r) {
        return r.topic() + "/" + r.partition() + "@" + r.offset();
    }

    private void abortQuietly() {
        try {
            // Retried while it times out: after a timed-out abort the producer refuses to begin the next transaction.
            Transactions.abort(producer, () -> running, RETRY_PAUSE);
        } catch (KafkaException e) {
            LOG.warn("aborting the transaction failed too ({}); the broker aborts it after transaction.timeout.ms", e.getMessage());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- lifecycle -------------------------------------------------------------------------------

    /**
     * Waits until the service stops (after {@link #close()}, or on a fatal error).
     *
     * @return the error that stopped it, if any
     */
    public Optional<Throwable> awaitStop() throws InterruptedException {
        stopped.await();
        return Optional.ofNullable(failure);
    }

    /** Whether the service loop is still running. */
    public boolean isRunning() {
        return stopped.getCount() > 0;
    }

    /**
     * Stops after the request in hand (if any) is committed, waiting up to a minute; a request still
     * running then is left uncommitted and served again after the next start.
     */
    @Override
    public void close() {
        running = false;
        if (isRunning()) {
            requests.wakeup();
        }
        try {
            if (!stopped.await(CLOSE_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("a request was still running after {} s; it will be served again after the next start", CLOSE_GRACE.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeClients() {
        for (AutoCloseable c : new AutoCloseable[]{requests, results, producer, admin}) {
            if (c == null) {
                continue; // not made: construction failed before it
            }
            try {
                if (c instanceof KafkaProducer<?, ?> p) {
                    p.close(CLIENT_TIMEOUT); // bounded: with the cluster gone, a plain close() waits for ever on unsent records
                } else {
                    c.close();
                }
            } catch (Exception e) {
                LOG.debug("closing a Kafka client: {}", e.getMessage());
            }
        }
    }
}
