package io.ganwatch.streams;

import io.ganwatch.detector.Detector;
import io.ganwatch.features.FeatureEncoder;
import io.ganwatch.input.InputException;
import io.ganwatch.input.NonFiniteValueException;
import io.ganwatch.model.BundleMetadata;
import io.ganwatch.scoring.ScoreBatch;
import io.ganwatch.scoring.ScoringEngineException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Decode → validate → encode each record on arrival, score records in micro-batches (one engine call
 * per batch), and forward a score (to the scores sink, when configured) and an alert (to the alerts
 * sink, when the score reaches the threshold) for each, with its input's timestamp and headers.
 *
 * <h2>Why batching keeps exactly-once</h2>
 * Kafka Streams gives a processor no callback before a commit (commits come on the commit timer, on
 * a rebalance, and when another task asks for one), so a batch held only in memory could have its
 * input offsets committed without its outputs. Here a record joins the batch only by being written
 * to the changelogged state store {@value #BUFFER_STORE}, inside {@code process()}, before its offset
 * counts as consumed; it leaves the store only after its outputs were forwarded, in the same task
 * call. Every commit path runs {@code StreamTask.prepareCommit}, which flushes the store's record
 * cache to its changelog before the producer commits, so the buffer's changelog writes, the outputs
 * and the input offsets land in one transaction. After a crash the open transaction aborts; the new
 * owner of the task restores the committed buffer and re-reads from the committed offset, and the
 * restored records are scored before any new one (first thing in the next {@code process()} or
 * punctuation, since forwarding is not allowed in {@code init()}). The store is keyed by slot within
 * the batch (0..N-1) and cached, so at most one write per slot reaches the changelog per commit
 * ({@link BatchBuffer} says how a flush empties it with one write).
 *
 * <h2>Failures</h2>
 * A record that cannot be scored (bad input) raises {@link RejectedRecordException} on arrival, which
 * {@link DeadLetterHandler} routes: it never joins, or fails, a batch. A failure of the engine on
 * good records ({@link ScoringEngineException}: ONNX Runtime, CUDA) is retried, and if it persists
 * fails the task, so that Kafka Streams restarts it from the last commit and the records are scored
 * later instead of being lost to the dead-letter topic. Every output of a record is built before the
 * first is forwarded, and a record whose outputs cannot be built goes to the dead-letter topic alone.
 *
 * <h2>Models</h2>
 * A batch leases the serving model when it opens and returns it after its flush: every record of a
 * batch is encoded and scored by that one model, and a swap takes effect between batches. With a
 * shadow model ({@link ShadowScorer}), the flush also scores the batch with the shadow and forwards
 * the shadow's alerts to the shadow alerts sink only; what the live model forwards does not depend on
 * it, and a failing shadow is switched off without failing or delaying a live record.
 */
final class ScoringProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    /** Name of the batch buffer's state store. */
    static final String BUFFER_STORE = "ganwatch-batch";
    /** Engine attempts per batch before the task is failed. */
    static final int ENGINE_ATTEMPTS = 3;
    /** A record larger than this is scored at once instead of buffered (the changelog caps message size). */
    static final long MAX_BUFFERED_BYTES = 256 * 1024;
    private static final long ENGINE_BACKOFF_MS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(ScoringProcessor.class);

    private final StreamSettings settings;
    private final ModelHolder models;
    private final ScoringMetrics metrics;
    private final RecordDecoder decoder;
    private final OutputEncoder output;
    private final ScoringEngine engine;
    private final DeadLetters deadLetters = new DeadLetters();
    /** The instance's drift watch, or {@code null} for none. */
    private final DriftMonitor drift;
    /** Scores each batch with the shadow model too, or {@code null} when this stream has no shadows. */
    private final ShadowScorer shadows;
    private final List<Pending> batch = new ArrayList<>();
    private final List<KeyValue<Integer, PendingRecord>> restored = new ArrayList<>();
    private ProcessorContext<byte[], byte[]> context;
    private BatchBuffer buffer;
    private ModelHolder.Lease lease;
    /** When the open batch got its first record: wall clock as Kafka Streams tells it (its punctuation clock). */
    private long openedMs;
    private long openedNanos;
    /** The model the cached extractor belongs to; both change only when a new model is swapped in. */
    private Detector extractorModel;
    private FieldExtractor extractor;

    /**
     * A record of the open batch.
     *
     * @param record  the input record
     * @param decoded its decoded fields
     * @param x       its encoding by the batch's model
     * @param slot    its key in the buffer store, or -1 when it was never stored (scored in the same call)
     */
    private record Pending(PendingRecord record, DecodedRecord decoded, float[] x, int slot) {
    }

    ScoringProcessor(StreamSettings settings, ModelHolder models, ScoringMetrics metrics, RecordDecoder decoder,
                     ScoringEngine engine, DriftMonitor drift) {
        this(settings, models, metrics, decoder, engine, drift, null);
    }

    ScoringProcessor(StreamSettings settings, ModelHolder models, ScoringMetrics metrics, RecordDecoder decoder,
                     ScoringEngine engine, DriftMonitor drift, ShadowScorer shadows) {
        this.shadows = shadows;
        this.engine = engine;
        this.drift = drift;
        this.settings = settings;
        this.models = models;
        this.metrics = metrics;
        this.decoder = decoder;
        this.output = new OutputEncoder(settings.format());
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        KeyValueStore<Integer, byte[]> store = context.getStateStore(BUFFER_STORE);
        this.buffer = new BatchBuffer(store);
        batch.clear();
        restored.clear();
        restored.addAll(buffer.open());
        if (!restored.isEmpty()) {
            LOG.info("task {}: {} buffered records restored after a restart or rebalance; scoring them before new ones",
                    context.taskId(), restored.size());
        }
        long tick = Math.max(1, settings.batchMaxWaitMs() / 4);
        context.schedule(Duration.ofMillis(tick), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        flushRestored();
        RecordMetadata m = context.recordMetadata().orElseThrow();
        PendingRecord in = new PendingRecord(m.topic(), m.partition(), m.offset(), record.timestamp(), record.key(),
                record.value(), record.headers());
        if (lease == null) {
            lease = models.acquire(); // the batch opens on the model serving now
        }
        Pending p;
        try {
            p = admit(in, lease.model(), -1);
        } catch (RuntimeException e) {
            if (batch.isEmpty()) {
                closeBatch(); // a batch that never held a record should not keep a model alive
            }
            throw e;
        }
        if (batch.isEmpty()) {
            openedMs = context.currentSystemTimeMs();
            openedNanos = System.nanoTime();
        }
        boolean store = settings.batchMaxRecords() > 1 && PendingRecord.payloadSize(in.key(), in.value()) <= MAX_BUFFERED_BYTES;
        if (store) {
            int slot = batch.size();
            buffer.put(slot, in);
            batch.add(new Pending(in, p.decoded(), p.x(), slot));
        } else {
            batch.add(p); // scored within this call: no need to survive a crash
        }
        if (!store || batch.size() >= settings.batchMaxRecords()) {
            flush(false);
        }
    }

    private void punctuate(long nowMs) {
        flushRestored();
        if (!batch.isEmpty() && nowMs - openedMs >= settings.batchMaxWaitMs()) {
            flush(true);
        }
    }

    /** Scores the records restored from the buffer's changelog, as one batch on the serving model. */
    private void flushRestored() {
        if (restored.isEmpty()) {
            return;
        }
        lease = models.acquire();
        openedNanos = System.nanoTime();
        for (KeyValue<Integer, PendingRecord> kv : restored) {
            try {
                batch.add(admit(kv.value, lease.model(), kv.key));
            } catch (RejectedRecordException e) {
                // bad input for the model serving now; anything else (an outage) propagates and fails the task
                deadLetter(kv.value, e);
            }
        }
        restored.clear();
        if (batch.isEmpty()) {
            buffer.clear();
            closeBatch();
        } else {
            flush(false);
        }
    }

    /** Decodes and encodes one record with {@code model}; throws {@link RejectedRecordException} for bad input. */
    private Pending admit(PendingRecord in, Detector model, int slot) {
        DecodedRecord decoded = decoder.decode(in.value());
        return new Pending(in, decoded, encode(decoded, extractorFor(model), model.encoder(), in.topic(), in.offset()), slot);
    }

    /**
     * A decoded record's feature row, as the model will see it: the one validate-and-encode step of the
     * scoring path, shared with the decoder fuzz test so that it exercises exactly this code.
     *
     * @throws RejectedRecordException for a missing field, a non-finite number or a value the spec cannot encode
     */
    static float[] encode(DecodedRecord decoded, FieldExtractor extractor, FeatureEncoder encoder, String topic, long offset) {
        Object[] values = extractor.extract(decoded);
        float[] x = new float[encoder.width()];
        try {
            encoder.encodeInto(values, topic, offset, x, 0);
        } catch (NonFiniteValueException e) {
            throw new RejectedRecordException(RejectReason.NOT_FINITE, e.getMessage(), e);
        } catch (InputException e) {
            throw new RejectedRecordException(RejectReason.UNENCODABLE, e.getMessage(), e);
        }
        return x;
    }

    /** Scores the open batch in one engine call, forwards every output, then empties the buffer. */
    private void flush(boolean fromPunctuation) {
        Detector model = lease.model();
        int n = batch.size();
        int width = model.encoder().width();
        float[] flat = new float[n * width];
        for (int i = 0; i < n; i++) {
            System.arraycopy(batch.get(i).x(), 0, flat, i * width, width);
        }
        // Scores alone first: contributions cost a copy of rows x width floats and more graph work, and
        // only the records that alert (a few percent) need them, so they are fetched for those alone.
        ScoreBatch scored = scoreWithRetry(model, flat, n, false);
        if (drift != null) {
            drift.observe(model, flat, n, scored.scores(), context.currentSystemTimeMs());
        }
        double threshold = model.threshold();
        int[] alertRow = new int[n];
        boolean[] alerted = new boolean[n];
        int alerts = 0;
        for (int i = 0; i < n; i++) {
            alerted[i] = scored.scores()[i] >= threshold;
            alertRow[i] = alerted[i] && settings.topK() > 0 ? alerts++ : -1;
        }
        ScoreBatch explained = null;
        if (alerts > 0) {
            float[] alerting = new float[alerts * width];
            for (int i = 0; i < n; i++) {
                if (alertRow[i] >= 0) {
                    System.arraycopy(flat, i * width, alerting, alertRow[i] * width, width);
                }
            }
            explained = scoreWithRetry(model, alerting, alerts, true);
        }
        ShadowScorer.Scored shadow = null;
        if (shadows != null) {
            List<DecodedRecord> decoded = new ArrayList<>(n);
            batch.forEach(p -> decoded.add(p.decoded()));
            shadow = shadows.score(model, flat, decoded, alerted, context.taskId().toString());
        }
        BundleMetadata meta = model.bundle().metadata();
        for (int i = 0; i < n; i++) {
            if (i == n / 2) {
                HaltHook.FROM_SYSTEM.midFlush(fromPunctuation);
            }
            Pending p = batch.get(i);
            try {
                List<Detector.Contribution> top = alertRow[i] < 0 ? List.of()
                        : model.topContributions(explained, alertRow[i], settings.topK());
                forward(p, scored.scores()[i], top, meta, threshold);
            } catch (RejectedRecordException | IllegalArgumentException | IllegalStateException e) {
                deadLetter(p.record(), e);
            }
            if (shadow != null && shadow.alerts()[i]) {
                try {
                    forwardShadow(p, shadow, i);
                } catch (RuntimeException e) {
                    shadows.failed(shadow.model(), "its alert on " + p.record().topic() + "-" + p.record().partition() + "@"
                            + p.record().offset() + " could not be built (" + e + ")", e);
                    shadow = null;
                }
            }
        }
        long perRecord = (System.nanoTime() - openedNanos) / n;
        boolean stored = false;
        for (Pending p : batch) {
            stored |= p.slot() >= 0;
            metrics.scored(perRecord);
        }
        if (stored) {
            buffer.clear();
        }
        batch.clear();
        closeBatch();
    }

    private void forward(Pending p, double score, List<Detector.Contribution> top, BundleMetadata meta, double threshold) {
        PendingRecord in = p.record();
        String key = in.key() == null ? null : new String(in.key(), StandardCharsets.UTF_8);
        AlertFactory.Source src = new AlertFactory.Source(in.topic(), in.partition(), in.offset(), key, in.timestamp());
        byte[] scoreValue = settings.scoresTopic() == null ? null : output.encode(AlertFactory.scored(src, score, threshold, meta));
        byte[] alertValue = score < threshold ? null
                : output.encode(AlertFactory.alert(src, score, threshold, meta, top, p.decoded()));
        if (scoreValue != null) {
            context.forward(new Record<>(in.key(), scoreValue, in.timestamp(), copy(in.headers())), ScoringTopology.SCORES);
        }
        if (alertValue != null) {
            context.forward(new Record<>(in.key(), alertValue, in.timestamp(), copy(in.headers())), ScoringTopology.ALERTS);
            metrics.alert();
        }
    }

    /** The shadow's alert on the record, to the shadow alerts sink only; the same alert id as a live alert would have. */
    private void forwardShadow(Pending p, ShadowScorer.Scored shadow, int i) {
        PendingRecord in = p.record();
        String key = in.key() == null ? null : new String(in.key(), StandardCharsets.UTF_8);
        AlertFactory.Source src = new AlertFactory.Source(in.topic(), in.partition(), in.offset(), key, in.timestamp());
        byte[] value = output.encode(AlertFactory.alert(src, shadow.scores()[i], shadow.threshold(), shadow.meta(), shadow.top().get(i),
                p.decoded()));
        context.forward(new Record<>(in.key(), value, in.timestamp(), copy(in.headers())), ScoringTopology.SHADOW_ALERTS);
        shadows.alerted();
    }

    private static Headers copy(Headers h) {
        return new org.apache.kafka.common.header.internals.RecordHeaders(h.toArray());
    }

    /** A record that cannot be scored at flush time goes to the dead-letter topic alone, as the handler would send it. */
    private void deadLetter(PendingRecord in, Exception e) {
        RejectReason reason = e instanceof RejectedRecordException r ? r.reason() : RejectReason.PROCESSING_ERROR;
        deadLetters.log(reason, in.topic(), in.partition(), in.offset(), e);
        metrics.deadLetter(reason);
        context.forward(new Record<>(in.key(), in.value(), in.timestamp(),
                DeadLetters.headers(in.headers(), e, reason, in.topic(), in.partition(), in.offset())), ScoringTopology.DEAD_LETTERS);
    }

    private ScoreBatch scoreWithRetry(Detector model, float[] x, int rows, boolean withContributions) {
        for (int attempt = 1; ; attempt++) {
            try {
                return engine.score(model, x, rows, withContributions);
            } catch (ScoringEngineException e) {
                if (attempt >= ENGINE_ATTEMPTS) {
                    metrics.engineFailure();
                    LOG.error("the scoring engine failed {} times on a batch of {} records of task {} ({}); failing the task"
                            + " so that it restarts from its last commit and the records are scored again", attempt, rows,
                            context.taskId(), e.getMessage());
                    throw e;
                }
                metrics.engineRetry();
                LOG.warn("the scoring engine failed on a batch of {} records of task {} ({}); retrying", rows, context.taskId(),
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

    private void closeBatch() {
        if (lease != null) {
            lease.close();
            lease = null;
        }
    }

    private FieldExtractor extractorFor(Detector model) {
        if (model != extractorModel) {
            extractor = new FieldExtractor(model.bundle().metadata().features().columnNames());
            extractorModel = model;
        }
        return extractor;
    }

    @Override
    public void close() {
        // The buffer stays in its store (and changelog) for whoever owns the task next.
        batch.clear();
        restored.clear();
        closeBatch();
    }
}
