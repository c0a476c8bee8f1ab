package io.ganwatch.streams;

import io.ganwatch.avro.AlertFeedback;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.WindowStore;

import java.util.ArrayList;
import java.util.List;

/**
 * Joins each verdict on the feedback topic to the alert it judges, through the {@link AlertIndex}
 * (and, with shadow models, the index of the shadow alerts topic too), and hands the pair to
 * {@link FeedbackStats}. A verdict on an alert the index does not hold is
 * counted and skipped. A message that is no verdict raises {@link RejectedRecordException}, which
 * {@link DeadLetterHandler} sends to the dead-letter topic with its reason, as it does bad input
 * records: nothing is lost and the stream goes on. It forwards nothing.
 */
final class FeedbackProcessor implements Processor<byte[], byte[], Void, Void> {
    private final FeedbackStats stats;
    private final boolean shadows;
    private final FeedbackCodec codec = new FeedbackCodec();
    private ProcessorContext<Void, Void> context;
    private WindowStore<String, byte[]> alerts;
    private WindowStore<String, byte[]> shadowAlerts;

    FeedbackProcessor(FeedbackStats stats) {
        this(stats, false);
    }

    /** A join that also looks verdicts up among the shadow's alerts ({@link AlertIndex#SHADOW_STORE}) when {@code shadows}. */
    FeedbackProcessor(FeedbackStats stats, boolean shadows) {
        this.stats = stats;
        this.shadows = shadows;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.alerts = context.getStateStore(AlertIndex.STORE);
        this.shadowAlerts = shadows ? context.getStateStore(AlertIndex.SHADOW_STORE) : null;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        AlertFeedback verdict = codec.decode(record.value());
        // A verdict judges the record: when the live model and the shadow both alerted on it, it counts for both.
        List<AlertIndex.Entry> judged = new ArrayList<>(2);
        AlertIndex.Entry alert = AlertIndex.find(alerts, verdict.getAlertId());
        if (alert != null) {
            judged.add(alert);
        }
        AlertIndex.Entry shadow = shadowAlerts == null ? null : AlertIndex.find(shadowAlerts, verdict.getAlertId());
        if (shadow != null) {
            judged.add(shadow);
        }
        if (judged.isEmpty()) {
            RecordMetadata m = context.recordMetadata().orElseThrow();
            stats.unmatched(verdict.getAlertId(), m.topic(), m.partition(), m.offset());
            return;
        }
        stats.joined(verdict.getAlertId(), verdict.getVerdict(), judged);
    }
}
