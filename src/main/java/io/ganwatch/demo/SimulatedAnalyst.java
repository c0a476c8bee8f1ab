package io.ganwatch.demo;

import io.ganwatch.avro.AlertFeedback;
import io.ganwatch.avro.Verdict;
import io.ganwatch.streams.FeedbackCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * {@code demo --feedback}'s analyst: answers every alert the demo reads back with the simulator's
 * ground truth, {@code true-positive} when the transaction was injected and {@code false-positive}
 * otherwise, as an {@code AlertFeedback} (Avro) on the feedback topic, keyed by alert id.
 *
 * <p>It answers the n-th alert only once the stream's alert index holds n alerts (or after
 * {@link #INDEX_WAIT}). A person answers minutes after an alert; this analyst answers within
 * milliseconds of reading it, which would race the stream's global thread reading the same alert into
 * its index, and a verdict that arrives first counts as unmatched. The demo's alerts topic has one
 * partition, read in the same order by the demo and by the index, so n indexed alerts include the
 * n-th one read. It runs on its own thread so that waiting never delays the demo's own reading.
 */
final class SimulatedAnalyst implements AutoCloseable {
    /** Longest wait for the alert index to hold an alert before its verdict is sent anyway. */
    static final Duration INDEX_WAIT = Duration.ofSeconds(10);
    /** Who the verdicts say gave them. */
    static final String NAME = "demo-analyst";

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final LongSupplier indexed;
    private final BlockingQueue<AlertFeedback> queue = new LinkedBlockingQueue<>();
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean stop;

    /**
     * @param indexed how many alerts the stream's alert index has read so far
     */
    SimulatedAnalyst(Properties client, String topic, LongSupplier indexed) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "ganwatch-demo-analyst");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.indexed = indexed;
        this.thread = new Thread(this::run, "ganwatch-demo-analyst");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The verdict the simulator's ground truth gives an alert: {@code pattern} is null for a card holder's own payment. */
    static AlertFeedback verdict(String alertId, FraudPattern pattern, Instant now) {
        return AlertFeedback.newBuilder().setAlertId(alertId)
                .setVerdict(pattern != null ? Verdict.TRUE_POSITIVE : Verdict.FALSE_POSITIVE)
                .setAnalyst(NAME).setDecidedAt(now)
                .setNote(pattern != null ? "injected: " + pattern.label() : "the card holder's own payment").build();
    }

    /** Queues the answer to one alert read back, in the order the alerts were read. */
    void answer(String alertId, FraudPattern pattern) {
        read.incrementAndGet();
        queue.add(verdict(alertId, pattern, Instant.now()));
    }

    /** Verdicts sent (acknowledged by the cluster) so far. */
    long sent() {
        return sent.get();
    }

    /**
     * Waits until every alert answered so far has its verdict sent and acknowledged.
     *
     * @return the verdicts sent; fewer than answered when {@code timeout} passed first
     */
    long finish(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (sent.get() < read.get() && System.nanoTime() < deadline && failure.get() == null) {
            Thread.sleep(20);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the simulated analyst could not send verdicts to " + topic + ": "
                    + failure.get().getMessage(), failure.get());
        }
        return sent.get();
    }

    private void run() {
        long answered = 0;
        try {
            while (!stop) {
                AlertFeedback v = queue.poll(100, TimeUnit.MILLISECONDS);
                if (v == null) {
                    continue;
                }
                answered++;
                long until = System.nanoTime() + INDEX_WAIT.toNanos();
                while (indexed.getAsLong() < answered && System.nanoTime() < until && !stop) {
                    Thread.sleep(10);
                }
                producer.send(new ProducerRecord<>(topic, v.getAlertId(), FeedbackCodec.encode(v, false))).get(30, TimeUnit.SECONDS);
                sent.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure.set(e);
        }
    }

    /** Stops answering and closes the producer. */
    @Override
    public void close() {
        stop = true;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
