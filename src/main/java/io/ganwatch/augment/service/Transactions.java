package io.ganwatch.augment.service;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Ends a Kafka transaction when the cluster may not answer in time (a broker restart, a network
 * outage), as the producer's contract asks: a {@code commitTransaction} or {@code abortTransaction}
 * that throws {@link TimeoutException} may still be completing on the broker, so the same call must be
 * retried and no other may be made meanwhile ({@code abortTransaction} after a timed-out commit, or
 * {@code beginTransaction} after a timed-out abort, throws {@link IllegalStateException}). An outage is
 * waited out, not taken for a broken request.
 */
final class Transactions {
    private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);

    private Transactions() {
    }

    /**
     * Commits the open transaction, retrying it for as long as it times out and {@code keepTrying} holds.
     *
     * @param keepTrying asked after each timeout; false (the service is stopping) gives up
     * @param pause      wait between attempts
     * @return the attempts it took, or 0 when it gave up: then the commit may or may not complete on the
     *         broker, and the only thing left to do with the producer is to close it
     * @throws org.apache.kafka.common.KafkaException any other failure, as {@code commitTransaction} throws it
     */
    static int commit(Producer<?, ?> producer, BooleanSupplier keepTrying, Duration pause) {
        return retrying(producer::commitTransaction, "committing", keepTrying, pause);
    }

    /**
     * Aborts the open transaction, retrying it for as long as it times out and {@code keepTrying} holds.
     *
     * @return the attempts it took, or 0 when it gave up (the broker aborts the transaction after transaction.timeout.ms)
     * @throws org.apache.kafka.common.KafkaException any other failure, as {@code abortTransaction} throws it
     */
    static int abort(Producer<?, ?> producer, BooleanSupplier keepTrying, Duration pause) {
        return retrying(producer::abortTransaction, "aborting", keepTrying, pause);
    }

    private static int retrying(Runnable end, String what, BooleanSupplier keepTrying, Duration pause) {
        for (int attempt = 1; ; attempt++) {
            try {
                end.run();
                if (attempt > 1) {
                    LOG.info("{} the transaction succeeded at attempt {}", what, attempt);
                }
                return attempt;
            } catch (TimeoutException e) {
                if (!keepTrying.getAsBoolean()) {
                    LOG.warn("{} the transaction timed out ({}) and the service is stopping; giving up", what, e.getMessage());
                    return 0;
                }
                LOG.warn("{} the transaction timed out (attempt {}: {}); retrying until the cluster answers", what, attempt, e.getMessage());
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return 0;
                }
            }
        }
    }
}
