package io.ganwatch.streams;

import io.ganwatch.detector.Detector;
import io.ganwatch.input.InputException;
import io.ganwatch.input.NonFiniteValueException;
import io.ganwatch.model.BundleMetadata;
import io.ganwatch.scoring.ScoreBatch;
import io.ganwatch.scoring.ScoringEngineException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Decode → validate → score one record, and forward a score (to the scores sink, when configured)
 * and an alert (to the alerts sink, when the score reaches the threshold).
 *
 * <p>Two kinds of failure, kept apart: a record that cannot be scored (bad input) raises
 * {@link RejectedRecordException}, which {@link DeadLetterHandler} routes to the dead-letter topic; a
 * failure of the engine on a good record ({@link ScoringEngineException}: ONNX Runtime, CUDA) is
 * retried, and if it persists fails the task, so that Kafka Streams restarts it from the last commit
 * and the record is scored later instead of being lost to the dead-letter topic.
 *
 * <p>Every output of a record is built before the first is forwarded: a failure while building one
 * must not leave the other already sent, since exactly-once would commit it with the dead letter.
 */
final class ScoringProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(ScoringProcessor.class);
    /** Engine attempts per record before the task is failed. */
    static final int ENGINE_ATTEMPTS = 3;
    private static final long ENGINE_BACKOFF_MS = 100;

    private final StreamSettings settings;
    private final ModelHolder models;
    private final ScoringMetrics metrics;
    private final RecordDecoder decoder;
    private final OutputEncoder output;
    private final ScoringEngine engine;
    private ProcessorContext<byte[], byte[]> context;
    /** The model the cached extractor belongs to; both change only when a new model is swapped in. */
    private Detector extractorModel;
    private FieldExtractor extractor;

    ScoringProcessor(StreamSettings settings, ModelHolder models, ScoringMetrics metrics, RecordDecoder decoder,
                     ScoringEngine engine) {
        this.engine = engine;
        this.settings = settings;
        this.models = models;
        this.metrics = metrics;
        this.decoder = decoder;
        this.output = new OutputEncoder(settings.format());
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long start = System.nanoTime();
        try (ModelHolder.Lease lease = models.acquire()) { // this record is scored by exactly this model
            score(record, lease.model());
        }
        metrics.scored(System.nanoTime() - start);
    }

    private void score(Record<byte[], byte[]> record, Detector model) {
        BundleMetadata meta = model.bundle().metadata();
        AlertFactory.Source src = source(record);

        DecodedRecord decoded = decoder.decode(record.value());
        Object[] values = extractorFor(model).extract(decoded);
        float[] x = new float[model.encoder().width()];
        try {
            model.encoder().encodeInto(values, src.topic(), src.offset(), x, 0);
        } catch (NonFiniteValueException e) {
            throw new RejectedRecordException(RejectReason.NOT_FINITE, e.getMessage(), e);
        } catch (InputException e) {
            throw new RejectedRecordException(RejectReason.UNENCODABLE, e.getMessage(), e);
        }
        ScoreBatch scored = scoreWithRetry(model, x, src);
        double score = scored.scores()[0];
        double threshold = model.threshold();

        byte[] scoreValue = settings.scoresTopic() == null ? null : output.encode(AlertFactory.scored(src, score, threshold, meta));
        byte[] alertValue = null;
        if (score >= threshold) {
            List<Detector.Contribution> top = model.topContributions(scored, 0, settings.topK());
            alertValue = output.encode(AlertFactory.alert(src, score, threshold, meta, top, decoded));
        }
        if (scoreValue != null) {
            context.forward(record.withValue(scoreValue), ScoringTopology.SCORES);
        }
        if (alertValue != null) {
            context.forward(record.withValue(alertValue), ScoringTopology.ALERTS);
            metrics.alert();
        }
    }

    private ScoreBatch scoreWithRetry(Detector model, float[] x, AlertFactory.Source src) {
        for (int attempt = 1; ; attempt++) {
            try {
                return engine.score(model, x, 1, settings.topK() > 0);
            } catch (ScoringEngineException e) {
                if (attempt >= ENGINE_ATTEMPTS) {
                    metrics.engineFailure();
                    LOG.error("the scoring engine failed {} times on {}-{}@{} ({}); failing the task so that it restarts"
                            + " from its last commit and the record is scored again", attempt, src.topic(), src.partition(),
                            src.offset(), e.getMessage());
                    throw e;
                }
                metrics.engineRetry();
                LOG.warn("the scoring engine failed on {}-{}@{} ({}); retrying", src.topic(), src.partition(), src.offset(),
                        e.getMessage());
                pause(ENGINE_BACKOFF_MS * attempt);
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScoringEngineException("interrupted while waiting to retry the scoring engine", e);
        }
    }

    private FieldExtractor extractorFor(Detector model) {
        if (model != extractorModel) {
            extractor = new FieldExtractor(model.bundle().metadata().features().columnNames());
            extractorModel = model;
        }
        return extractor;
    }

    private AlertFactory.Source source(Record<byte[], byte[]> record) {
        RecordMetadata m = context.recordMetadata().orElseThrow();
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        return new AlertFactory.Source(m.topic(), m.partition(), m.offset(), key, record.timestamp());
    }
}
