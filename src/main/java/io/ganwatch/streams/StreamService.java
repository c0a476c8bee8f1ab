package io.ganwatch.streams;

import io.ganwatch.detector.Detector;
import io.ganwatch.model.BundleMetadata;
import io.ganwatch.model.ModelBundle;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Properties;

/**
 * A running stream processor: the model, the scoring topology on Kafka Streams (exactly-once by
 * default, dead letters through Kafka Streams' DLQ), metrics, and the operations endpoint.
 */
public final class StreamService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamService.class);

    private final ModelHolder models;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics kafkaMetrics;
    private final OpsServer ops;
    private final ModelWatcher watcher;

    private StreamService(ModelHolder models, KafkaStreams streams, KafkaStreamsMetrics kafkaMetrics, OpsServer ops,
                          ModelWatcher watcher) {
        this.watcher = watcher;
        this.models = models;
        this.streams = streams;
        this.kafkaMetrics = kafkaMetrics;
        this.ops = ops;
    }

    /** Loads the model and starts processing. */
    public static StreamService start(StreamConfig config) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MicrometerScoringMetrics metrics = new MicrometerScoringMetrics(registry);
        ModelWatcher watcher = null;
        ModelBundle bundle = null;
        if (config.modelTopic() != null) {
            watcher = new ModelWatcher(config.kafka(), config.modelTopic(), config.device(), metrics);
            bundle = watcher.catchUp(Duration.ofSeconds(60));
        }
        if (bundle == null) {
            if (config.model() == null) {
                watcher.close();
                throw new IllegalArgumentException("model topic '" + config.modelTopic() + "' holds no valid bundle yet;"
                        + " publish one with `ganwatch publish-model` or also pass --model");
            }
            bundle = ModelBundle.load(config.model());
        }
        BundleMetadata meta = bundle.metadata();
        Detector detector = new Detector(bundle, config.device(), config.threshold().resolve(bundle));
        ModelHolder models = new ModelHolder(detector);
        metrics.serving(meta.modelId(), meta.version());
        if (watcher != null) {
            watcher.follow(models);
        }

        Properties props = config.kafka();
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, config.settings().deadLetterTopic());
        props.put(DeadLetterHandler.METRICS_CONFIG, metrics);
        LOG.info("starting: model {} version {} on {}, threshold {}{}, topics {}, Kafka settings {}", meta.modelId(),
                meta.version(), detector.device(), detector.threshold(), config.threshold().targetFpr() == null ? ""
                        : " (at target FPR " + config.threshold().targetFpr() + " from the bundle's calibration scores)",
                config.settings(), config.describeKafka());

        KafkaStreams streams = new KafkaStreams(
                ScoringTopology.build(config.settings(), models, metrics, SchemaCatalog.of(config.schemas())), props);
        KafkaStreamsMetrics kafkaMetrics = new KafkaStreamsMetrics(streams);
        kafkaMetrics.bindTo(registry);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed; replacing it", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        try {
            OpsServer ops = new OpsServer(config.httpBind(), config.httpPort(), streams, registry, () -> models.current().bundle());
            LOG.info("operations endpoint on http://{}:{}/ (health, metrics, model)", config.httpBind(), ops.port());
            return new StreamService(models, streams, kafkaMetrics, ops, watcher);
        } catch (IOException e) {
            streams.close(Duration.ofSeconds(10));
            detector.close();
            throw new UncheckedIOException("cannot start the operations endpoint on " + config.httpBind() + ":"
                    + config.httpPort() + " (" + e.getMessage() + "); choose another ganwatch.http.port", e);
        }
    }

    /** The Kafka Streams state. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Port of the operations endpoint. */
    public int httpPort() {
        return ops.port();
    }

    /** Stops processing, committing what was processed. */
    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
        ops.close();
        streams.close(Duration.ofSeconds(30));
        kafkaMetrics.close();
        models.current().close();
    }
}
