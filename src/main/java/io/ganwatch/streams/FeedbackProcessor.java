package io.ganwatch.streams;

import io.ganwatch.avro.AlertFeedback;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Joins each verdict on the feedback topic to the alert it judges, through the {@link AlertIndex},
 * and hands the pair to {@link FeedbackStats}. A verdict on an alert the index does not hold is
 * counted and skipped. A message that is no verdict raises {@link RejectedRecordException}, which
 * {@link DeadLetterHandler} sends to the dead-letter topic with its reason, as it does bad input
 * records: nothing is lost and the stream goes on. It forwards nothing.
 */
final class FeedbackProcessor implements Processor<byte[], byte[], Void, Void> {
    private final FeedbackStats stats;
    private final FeedbackCodec codec = new FeedbackCodec();
    private ProcessorContext<Void, Void> context;
    private WindowStore<String, byte[]> alerts;

    FeedbackProcessor(FeedbackStats stats) {
        this.stats = stats;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.alerts = context.getStateStore(AlertIndex.STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        AlertFeedback verdict = codec.decode(record.value());
        AlertIndex.Entry alert = AlertIndex.find(alerts, verdict.getAlertId());
        if (alert == null) {
            RecordMetadata m = context.recordMetadata().orElseThrow();
            stats.unmatched(verdict.getAlertId(), m.topic(), m.partition(), m.offset());
            return;
        }
        stats.joined(verdict.getAlertId(), verdict.getVerdict(), alert);
    }
}
