package io.ganwatch.streams;

import io.ganwatch.detector.Detector;
import io.ganwatch.model.BundleMetadata;
import io.ganwatch.model.BundleSigning;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.registry.SchemaRegistryClient;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.security.PublicKey;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A running stream processor: the model, the scoring topology on Kafka Streams (exactly-once by
 * default, dead letters through Kafka Streams' DLQ), metrics, and the operations endpoint.
 */
public final class StreamService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamService.class);
    /**
     * ONNX Runtime threads per model: one. A stream thread scores its own batches (of at most a few
     * hundred rows), so parallelism comes from stream threads ({@code num.stream.threads}); an
     * intra-op pool of one thread per core would only compete with them and with the clients' threads.
     */
    public static final int ENGINE_THREADS = 1;

    private final ModelHolder models;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics kafkaMetrics;
    private final OpsServer ops;
    private final ModelWatcher watcher;
    private final CompletableFuture<Throwable> fatal;
    private final DriftMonitor drift;
    private final DriftPublisher driftReports;
    private final FeedbackStats feedback;
    /** The shadow model, or {@code null} when this instance serves none. */
    private final ShadowSlot shadow;

    private StreamService(ModelHolder models, KafkaStreams streams, KafkaStreamsMetrics kafkaMetrics, OpsServer ops,
                          ModelWatcher watcher, CompletableFuture<Throwable> fatal, DriftMonitor drift,
                          DriftPublisher driftReports, FeedbackStats feedback, ShadowSlot shadow) {
        this.shadow = shadow;
        this.feedback = feedback;
        this.drift = drift;
        this.driftReports = driftReports;
        this.watcher = watcher;
        this.fatal = fatal;
        this.models = models;
        this.streams = streams;
        this.kafkaMetrics = kafkaMetrics;
        this.ops = ops;
    }

    /** How long the start-up check of the cluster's login waits before leaving an unreachable cluster to Kafka Streams. */
    private static final Duration LOGIN_CHECK_TIMEOUT = Duration.ofSeconds(10);

    /** Loads the model and starts processing. */
    public static StreamService start(StreamConfig config) {
        checkCluster(config);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MicrometerScoringMetrics metrics = new MicrometerScoringMetrics(registry);
        new JvmMemoryMetrics().bindTo(registry); // heap and off-heap pools, for operators and the soak's flat-memory check
        ModelBundle local = config.model() == null ? null : ModelBundle.load(config.model());
        String modelId = modelId(config, local);
        ModelWatcher watcher = null;
        Detector detector = null;
        if (config.modelTopic() != null) {
            Map<String, PublicKey> trusted = null;
            if (config.trustedKeys() != null) {
                trusted = BundleSigning.trustedKeys(config.trustedKeys());
                LOG.info("serving only bundles signed by trusted keys {} from {}", trusted.keySet(), config.trustedKeys());
            } else {
                LOG.warn("no trusted keys (ganwatch.model.trusted.keys, --trusted-keys): any writer of model topic '{}' can"
                        + " replace the model every instance serves; sign bundles with `publish-model --signing-key` and"
                        + " pass the publishers' public keys", config.modelTopic());
            }
            watcher = new ModelWatcher(config.kafka(), config.modelTopic(), config.device(), config.threshold(), trusted, metrics,
                    config.modelMaxBytes());
            try {
                detector = watcher.catchUp(Duration.ofSeconds(60), modelId);
            } catch (RuntimeException e) {
                watcher.close();
                throw e;
            }
            if (detector == null && local == null) {
                watcher.close();
                throw new IllegalArgumentException("model topic '" + config.modelTopic() + "' holds no loadable bundle"
                        + (modelId == null ? "" : " of model id " + modelId)
                        + " yet; publish one with `ganwatch publish-model` or also pass --model");
            }
            if (detector == null) {
                LOG.info("model topic '{}' holds no loadable bundle of model id {}; serving --model {}", config.modelTopic(),
                        modelId, config.model());
            }
        }
        if (detector == null) {
            detector = new Detector(local, config.device(), config.threshold().resolve(local), ENGINE_THREADS);
        }
        BundleMetadata meta = detector.bundle().metadata();
        ModelHolder models = new ModelHolder(detector);
        metrics.serving(meta.modelId(), meta.version());
        // Analyst feedback: verdicts joined to alerts; precision per model version in /metrics and /model.
        FeedbackSettings feedbackSettings = config.feedback();
        FeedbackStats feedback = feedbackSettings.enabled() ? new FeedbackStats(registry, feedbackSettings) : null;
        // Shadow models come from the model topic; their alerts need their topic before anything is scored.
        ScoringTopology.Shadows shadows = null;
        if (watcher != null && ShadowAlertsTopic.ensure(config.kafka(), config.settings().alertsTopic(),
                config.shadow().alertsTopic(), LOGIN_CHECK_TIMEOUT)) {
            ShadowSlot slot = new ShadowSlot();
            shadows = new ScoringTopology.Shadows(config.shadow().alertsTopic(), slot,
                    new ShadowStats(registry, models, slot, config.shadow().alertsTopic(), feedback));
        }
        if (watcher != null) {
            watcher.follow(models, shadows == null ? null : shadows.slot(), shadows == null ? null : shadows.stats());
        }

        Properties props = config.kafka();
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        // There is no global store; enabling the handler there only silences Kafka 4.3's start-up WARN about it.
        props.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, config.settings().deadLetterTopic());
        props.put(DeadLetterHandler.METRICS_CONFIG, metrics);
        LOG.info("starting: model {} version {} on {}, threshold {}{}, topics {}, Kafka settings {}", meta.modelId(),
                meta.version(), detector.device(), detector.threshold(), config.threshold().targetFpr() == null ? ""
                        : " (at target FPR " + config.threshold().targetFpr() + " from the bundle's calibration scores)",
                config.settings(), config.describeKafka());

        SchemaRegistryClient schemaRegistry = config.settings().format() == WireFormat.CONFLUENT_AVRO
                ? SchemaRegistries.client(config.registry(), registry) : null;
        // The drift watch: one per instance, shared by the stream threads; its reports are telemetry on a plain producer.
        DriftSettings driftSettings = config.drift();
        DriftPublisher driftReports = driftSettings.topic() == null ? null
                : new DriftPublisher(config.kafka(), driftSettings.topic(), driftSettings.psiLimit(), config.settings().format());
        DriftMonitor drift = new DriftMonitor(driftSettings, metrics, driftReports);
        drift.serving(detector);
        KafkaStreams streams = new KafkaStreams(ScoringTopology.build(config.settings(), models, metrics,
                SchemaCatalog.of(config.schemas()), schemaRegistry, ScoringEngine.ONNX, drift, feedbackSettings, feedback, shadows),
                props);
        KafkaStreamsMetrics kafkaMetrics = new KafkaStreamsMetrics(streams);
        kafkaMetrics.bindTo(registry);
        CompletableFuture<Throwable> fatal = new CompletableFuture<>();
        streams.setUncaughtExceptionHandler(e -> {
            // A refused login or certificate is configuration, not an outage: a replaced thread would
            // only be refused again, forever, so the whole client stops and the command says why.
            AuthenticationException refused = authenticationFailure(e);
            if (refused != null) {
                LOG.error("the Kafka cluster refused this client: {}; stopping", refused.getMessage());
                fatal.complete(refused);
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            LOG.error("stream thread failed; replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        drift.start();
        try {
            OpsServer ops = new OpsServer(config.httpBind(), config.httpPort(), streams, registry, () -> models.current().bundle(),
                    SchemaRegistries.health(schemaRegistry),
                    sections(feedback, shadows));
            LOG.info("operations endpoint on http://{}:{}/ (health, metrics, model)", config.httpBind(), ops.port());
            return new StreamService(models, streams, kafkaMetrics, ops, watcher, fatal, drift, driftReports, feedback,
                    shadows == null ? null : shadows.slot());
        } catch (IOException e) {
            drift.close();
            streams.close(Duration.ofSeconds(10));
            if (driftReports != null) {
                driftReports.close();
            }
            models.close();
            if (shadows != null) {
                shadows.slot().close();
            }
            throw new UncheckedIOException("cannot start the operations endpoint on " + config.httpBind() + ":"
                    + config.httpPort() + " (" + e.getMessage() + "); choose another ganwatch.http.port", e);
        }
    }

    /** The sections {@code /model} adds to the bundle's metadata: {@code feedback} and {@code shadow}, when there are. */
    private static Map<String, java.util.function.Supplier<?>> sections(FeedbackStats feedback, ScoringTopology.Shadows shadows) {
        Map<String, java.util.function.Supplier<?>> sections = new java.util.LinkedHashMap<>();
        if (feedback != null) {
            sections.put("feedback", feedback::section);
        }
        if (shadows != null) {
            sections.put("shadow", shadows.stats()::section);
        }
        return sections;
    }

    /**
     * Waits up to {@code timeout} for a failure that stopped the processor for good (the cluster refused
     * its credentials or certificate).
     *
     * @return the failure, or empty when there was none within the timeout
     */
    public Optional<Throwable> awaitFatal(Duration timeout) throws InterruptedException {
        try {
            return Optional.of(fatal.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.TimeoutException e) {
            return Optional.empty();
        } catch (java.util.concurrent.ExecutionException e) {
            return Optional.of(e.getCause());
        }
    }

    /**
     * Fails at once, in one line, when the cluster refuses these settings' login or certificate, or
     * (with a feedback topic) when a topic the feedback join reads at start is missing
     * ({@link RequiredTopics}); otherwise Kafka Streams would only find out inside its threads. An
     * unreachable cluster is not refused here: Kafka Streams waits for it as it always has.
     */
    private static void checkCluster(StreamConfig config) {
        Properties kafka = config.kafka();
        Properties admin = new Properties();
        kafka.forEach((k, v) -> {
            if (org.apache.kafka.clients.admin.AdminClientConfig.configNames().contains(k.toString())) {
                admin.put(k, v);
            }
        });
        admin.put(org.apache.kafka.clients.admin.AdminClientConfig.CLIENT_ID_CONFIG, "ganwatch-login-check");
        admin.put(org.apache.kafka.clients.admin.AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                String.valueOf(LOGIN_CHECK_TIMEOUT.toMillis()));
        admin.put(org.apache.kafka.clients.admin.AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                String.valueOf(LOGIN_CHECK_TIMEOUT.toMillis()));
        try (org.apache.kafka.clients.admin.Admin client = org.apache.kafka.clients.admin.Admin.create(admin)) {
            client.describeCluster().nodes().get(LOGIN_CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            RequiredTopics.check(client, kafka.getProperty("bootstrap.servers"), config.settings(), config.feedback(),
                    LOGIN_CHECK_TIMEOUT);
        } catch (java.util.concurrent.ExecutionException e) {
            AuthenticationException refused = authenticationFailure(e);
            if (refused != null) {
                throw new IllegalStateException("the Kafka cluster refused this client: " + refused.getMessage()
                        + "; check sasl.jaas.config and ssl.truststore.* in the config file", refused);
            }
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("the Kafka cluster did not answer within {} s; starting anyway, Kafka Streams retries",
                    LOGIN_CHECK_TIMEOUT.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to the Kafka cluster", e);
        }
    }

    /** The authentication failure (bad SASL credentials, untrusted certificate) in {@code e}'s causes, or null. */
    static AuthenticationException authenticationFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationException a) {
                return a;
            }
        }
        return null;
    }

    /** The Kafka Streams state. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Version of the model serving now. */
    public String servingVersion() {
        return models.current().bundle().metadata().version();
    }

    /**
     * Measures the drift window now, as the interval timer does (gauges, drift topic, WARN line).
     *
     * @return the report, or empty while the drift watch is off or nothing was scored yet
     */
    public Optional<io.ganwatch.drift.DriftReport> measureDrift() {
        return Optional.ofNullable(drift.measure(System.currentTimeMillis()));
    }

    /**
     * What the feedback join has seen so far (what {@code /model}'s {@code feedback} section shows).
     *
     * @return the totals, or empty without a feedback topic
     */
    public Optional<io.ganwatch.feedback.FeedbackTotals> feedback() {
        return Optional.ofNullable(feedback).map(FeedbackStats::totals);
    }

    /** Port of the operations endpoint. */
    public int httpPort() {
        return ops.port();
    }

    /**
     * The model id to serve: {@code ganwatch.model.id}, else the id of the {@code --model} bundle, else
     * {@code null} (the only id on the model topic).
     */
    private static String modelId(StreamConfig config, ModelBundle local) {
        if (config.modelId() != null && local != null && !config.modelId().equals(local.metadata().modelId())) {
            throw new IllegalArgumentException("ganwatch.model.id is " + config.modelId() + " but --model " + config.model()
                    + " is a bundle of model id " + local.metadata().modelId() + "; pass a bundle of the same model");
        }
        return config.modelId() != null ? config.modelId() : local == null ? null : local.metadata().modelId();
    }

    /** Stops processing, committing what was processed. */
    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
        ops.close();
        if (!streams.close(Duration.ofSeconds(30))) {
            LOG.warn("stream threads were still running 30 s after the stop; the model closes when the last of them finishes");
        }
        drift.close();
        if (driftReports != null) {
            driftReports.close();
        }
        kafkaMetrics.close();
        models.close(); // closes the model now, or when a still-running batch returns its lease
        if (shadow != null) {
            shadow.close(); // likewise for the shadow
        }
    }

    /**
     * Version of the shadow model scoring now.
     *
     * @return the version, or empty without a shadow (or with one switched off)
     */
    public Optional<String> shadowVersion() {
        return Optional.ofNullable(shadow).map(ShadowSlot::current).map(d -> d.bundle().metadata().version());
    }
}
