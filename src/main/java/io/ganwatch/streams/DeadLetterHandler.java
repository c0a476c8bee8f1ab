package io.ganwatch.streams;

import io.ganwatch.scoring.ScoringEngineException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

import java.util.List;
import java.util.Map;

/**
 * Kafka Streams' processing exception handler with dead letters: the source record's raw bytes go to
 * {@code errors.dead.letter.queue.topic.name} with the exception, its message and the source
 * topic/partition/offset in {@code __streams.errors.*} headers (as Kafka's own handlers write them)
 * and the ganwatch reason code in {@value #REASON_HEADER}; it is counted, logged in one line (see
 * {@link DeadLetters}), and the stream goes on. A {@link ScoringEngineException} or a
 * {@link ServiceOutageException} (the schema registry is down) is not bad input and gets no dead
 * letter: it fails the task, which Kafka Streams restarts from its last commit.
 */
public class DeadLetterHandler implements ProcessingExceptionHandler {
    /** Header holding the {@link RejectReason#code()}. */
    public static final String REASON_HEADER = DeadLetters.REASON_HEADER;
    /** Configuration key under which the topology passes its {@link ScoringMetrics} instance. */
    public static final String METRICS_CONFIG = "ganwatch.metrics";

    private ScoringMetrics metrics = ScoringMetrics.NONE;
    private String topic;
    private final DeadLetters log = new DeadLetters();

    @Override
    public void configure(Map<String, ?> configs) {
        Object t = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        topic = t == null ? null : t.toString();
        if (configs.get(METRICS_CONFIG) instanceof ScoringMetrics m) {
            metrics = m;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (exception instanceof ScoringEngineException || ServiceOutageException.isOutage(exception)) {
            // The record is good and the engine or the registry failed on it (both already retried): fail
            // the task so that Kafka Streams restarts it from the last commit, rather than lose the record.
            return Response.fail();
        }
        RejectReason reason = exception instanceof RejectedRecordException r ? r.reason() : RejectReason.PROCESSING_ERROR;
        log.log(reason, context.topic(), context.partition(), context.offset(), exception);
        metrics.deadLetter(reason);
        if (topic == null) {
            return Response.resume();
        }
        return Response.resume(List.of(new ProducerRecord<>(topic, null, context.timestamp(), context.sourceRawKey(),
                context.sourceRawValue(), DeadLetters.headers(context.headers(), exception, reason, context.topic(),
                context.partition(), context.offset()))));
    }
}
