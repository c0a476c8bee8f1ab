package io.ganwatch.streams;

import io.ganwatch.detector.Detector;
import io.ganwatch.input.InputException;
import io.ganwatch.input.NonFiniteValueException;
import io.ganwatch.model.BundleMetadata;
import io.ganwatch.scoring.ScoreBatch;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;

/**
 * Decode → validate → score one record, and forward a score (to the scores sink, when configured)
 * and an alert (to the alerts sink, when the score reaches the threshold). A record that cannot be
 * scored raises {@link RejectedRecordException}, which {@link DeadLetterHandler} routes.
 */
final class ScoringProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    private final StreamSettings settings;
    private final ModelHolder models;
    private final ScoringMetrics metrics;
    private final RecordDecoder decoder;
    private final OutputEncoder output;
    private ProcessorContext<byte[], byte[]> context;
    /** The model the cached extractor belongs to; both change only when a new model is swapped in. */
    private Detector extractorModel;
    private FieldExtractor extractor;

    ScoringProcessor(StreamSettings settings, ModelHolder models, ScoringMetrics metrics, RecordDecoder decoder) {
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
        Detector model = models.current(); // read once: this record is scored by exactly this model
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
        ScoreBatch scored = model.scoreEncoded(x, 1, settings.topK() > 0);
        double score = scored.scores()[0];
        double threshold = model.threshold();

        if (settings.scoresTopic() != null) {
            context.forward(record.withValue(output.encode(AlertFactory.scored(src, score, threshold, meta))), ScoringTopology.SCORES);
        }
        if (score >= threshold) {
            context.forward(record.withValue(output.encode(AlertFactory.alert(src, score, threshold, meta,
                    model.topContributions(scored, 0, settings.topK()), decoded))), ScoringTopology.ALERTS);
            metrics.alert();
        }
        metrics.scored(System.nanoTime() - start);
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
