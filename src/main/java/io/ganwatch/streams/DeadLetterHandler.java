package io.ganwatch.streams;

import io.ganwatch.scoring.ScoringEngineException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Kafka Streams' log-and-continue handler with dead letters: the built-in handler already writes the
 * source record's raw bytes to {@code errors.dead.letter.queue.topic.name} with the exception, its
 * message and the source topic/partition/offset in {@code __streams.errors.*} headers; this adds
 * the ganwatch reason code in {@value #REASON_HEADER} and counts it. The stream goes on. A
 * {@link ScoringEngineException} is not bad input and gets no dead letter: it fails the task.
 */
public class DeadLetterHandler extends LogAndContinueProcessingExceptionHandler {
    /** Header holding the {@link RejectReason#code()}. */
    public static final String REASON_HEADER = "ganwatch.reason";
    /** Configuration key under which the topology passes its {@link ScoringMetrics} instance. */
    public static final String METRICS_CONFIG = "ganwatch.metrics";

    private ScoringMetrics metrics = ScoringMetrics.NONE;

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        if (configs.get(METRICS_CONFIG) instanceof ScoringMetrics m) {
            metrics = m;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (exception instanceof ScoringEngineException) {
            // The record is good and the engine failed on it (the processor already retried): fail the
            // task so that Kafka Streams restarts it from the last commit, rather than lose the record.
            return Response.fail();
        }
        Response response = super.handleError(context, record, exception);
        RejectReason reason = exception instanceof RejectedRecordException r ? r.reason() : RejectReason.PROCESSING_ERROR;
        List<ProducerRecord<byte[], byte[]>> letters = response.deadLetterQueueRecords();
        for (ProducerRecord<byte[], byte[]> letter : letters) {
            letter.headers().add(REASON_HEADER, reason.code().getBytes(StandardCharsets.UTF_8));
        }
        metrics.deadLetter(reason);
        return response;
    }
}
