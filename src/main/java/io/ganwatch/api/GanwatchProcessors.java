package io.ganwatch.api;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

import java.util.Objects;

/**
 * Scoring as a step of your own Kafka Streams topology:
 * {@code stream.processValues(GanwatchProcessors.scoring(scorer))} turns a {@code KStream<K, V>} into a
 * {@code KStream<K, Scored<V>>}, keeping each record's key, timestamp and headers.
 *
 * <h2>One record at a time, and why</h2>
 * The processor scores each record as it arrives and forwards it within the same {@code process()}
 * call, so it holds nothing in memory between calls and is exactly-once correct as it stands
 * ({@code processing.guarantee=exactly_once_v2}). It does not batch: Kafka Streams gives a processor
 * no callback before a commit, so a batch held in memory could have its input offsets committed
 * without its outputs. ganwatch's own stream processor batches safely by keeping the open batch in a
 * changelogged state store, which needs serdes for the stored records; for a user's value types that
 * is left out here. Each record is then one ONNX Runtime call; to score many
 * values in one engine call, collect them yourself (for example in a windowed aggregate) and call
 * {@link GanwatchScorer#scoreAll}.
 *
 * <h2>Bad values</h2>
 * A value the model cannot score makes {@code process()} throw {@link RejectedValueException}, which
 * Kafka Streams hands, as it is, to the application's {@code processing.exception.handler}
 * ({@code StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG}). To route such records to a
 * dead-letter topic and go on, answer {@code Response.resume(List.of(new ProducerRecord<>(dlq, null,
 * context.timestamp(), context.sourceRawKey(), context.sourceRawValue(), context.headers())))} for a
 * {@code RejectedValueException} (add its {@link RejectedValueException#reason()} as a header if you
 * like) and {@code Response.fail()} for anything else: any other exception is not the record's fault
 * (the scoring engine failed, for instance) and should fail the task, so that Kafka Streams restarts
 * it from its last commit and the record is scored again rather than lost.
 */
public final class GanwatchProcessors {
    private GanwatchProcessors() {
    }

    /**
     * A fixed-key processor that scores each value with {@code scorer} and forwards a {@link Scored}.
     * The scorer is shared by every task and stream thread (it is thread-safe); close it after the
     * {@code KafkaStreams} instance.
     *
     * @param scorer the scorer every task shares
     * @param <K> the key type, untouched
     * @param <V> the value type: an Avro record, a {@code Map<String, ?>}, or JSON as {@code byte[]} or {@code String}
     * @return the supplier for {@code KStream.processValues}
     */
    public static <K, V> FixedKeyProcessorSupplier<K, V, Scored<V>> scoring(GanwatchScorer scorer) {
        Objects.requireNonNull(scorer, "scorer");
        return () -> new ScoringStep<>(scorer);
    }

    /** Scores each record within its own {@code process()} call; see the class comment for why not in batches. */
    private static final class ScoringStep<K, V> implements FixedKeyProcessor<K, V, Scored<V>> {
        private final GanwatchScorer scorer;
        private FixedKeyProcessorContext<K, Scored<V>> context;

        ScoringStep(GanwatchScorer scorer) {
            this.scorer = scorer;
        }

        @Override
        public void init(FixedKeyProcessorContext<K, Scored<V>> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<K, V> record) {
            ScoreResult result = scorer.score(record.value()); // RejectedValueException goes to the user's handler
            context.forward(record.withValue(new Scored<>(record.value(), result)));
        }
    }
}
