package io.ganwatch.demo;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Reads what the stream processor wrote, the way a downstream consumer would (read_committed, so
 * only records of committed transactions count), prints each alert and dead letter as it arrives, and
 * tells the demo when every produced record is accounted for: scored or dead-lettered, exactly once.
 *
 * <p>The consumer is assigned the partitions directly rather than joining a group, so it reads from
 * the first record without waiting for a rebalance; it lives on its own thread because KafkaConsumer
 * is single-threaded.
 */
final class OutputWatcher implements AutoCloseable {
    private static final String REASON_HEADER = "ganwatch.reason";
    private static final String MESSAGE_HEADER = "__streams.errors.message";

    private final KafkaConsumer<String, String> consumer;
    private final DemoTopics topics;
    private final Map<String, FraudPattern> labels;
    private final PrintStream out;
    private final Thread thread;
    private final AtomicLong scored = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong alerts = new AtomicLong();
    private final AtomicLong target = new AtomicLong(-1);
    private final Set<String> alerted = ConcurrentHashMap.newKeySet();
    /** Top-1 feature by alerted transaction id; "" where an alert named none (the map takes no nulls). */
    private final Map<String, String> top1ByTransaction = new ConcurrentHashMap<>();
    private final Queue<String> allTop1 = new ConcurrentLinkedQueue<>();
    private final CountDownLatch accounted = new CountDownLatch(1);
    private volatile long accountedAtNanos;
    private volatile boolean stop;
    private boolean started;
    private volatile Throwable failure;
    private final BiConsumer<String, FraudPattern> onAlert;

    /**
     * @param labels injected transactions by id, filled by the producing thread before each is sent
     */
    OutputWatcher(Properties client, DemoTopics topics, Map<String, FraudPattern> labels, PrintStream out) {
        this(client, topics, labels, out, (alertId, pattern) -> { });
    }

    /**
     * @param labels  injected transactions by id, filled by the producing thread before each is sent
     * @param onAlert told of each alert read, in order: its alert id and the injected pattern ({@code null} for
     *                a card holder's own payment); {@code demo --feedback}'s analyst answers it
     */
    OutputWatcher(Properties client, DemoTopics topics, Map<String, FraudPattern> labels, PrintStream out,
                  BiConsumer<String, FraudPattern> onAlert) {
        this.onAlert = onAlert;
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "ganwatch-demo-watcher");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        this.topics = topics;
        this.labels = labels;
        this.out = out;
        this.thread = new Thread(this::run, "ganwatch-demo-watcher");
        this.thread.setDaemon(true);
    }

    /** Starts reading from the beginning of the output topics. */
    void start() {
        started = true;
        thread.start();
    }

    /** Tells the watcher how many records were produced in all; it counts down once that many are accounted for. */
    void expect(long produced) {
        target.set(produced);
    }

    /**
     * Waits until every produced record is scored or dead-lettered and every alert up to that point
     * has been read.
     *
     * @return false when the timeout passed first
     */
    boolean await(Duration timeout) throws InterruptedException {
        boolean done = accounted.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (failure != null) {
            throw new IllegalStateException("reading the output topics failed: " + failure.getMessage(), failure);
        }
        return done;
    }

    long scored() {
        return scored.get();
    }

    long deadLetters() {
        return deadLetters.get();
    }

    long alerts() {
        return alerts.get();
    }

    /** Whether the alerts' top-1 features name the fields each injected pattern distorts. */
    ExplanationTally explanations() {
        return ExplanationTally.of(labels, Map.copyOf(top1ByTransaction), List.copyOf(allTop1));
    }

    /** Transaction ids that raised an alert. */
    Set<String> alertedTransactions() {
        return Set.copyOf(alerted);
    }

    /** {@link System#nanoTime()} when the last record was accounted for. */
    long accountedAtNanos() {
        return accountedAtNanos;
    }

    private void run() {
        try {
            List<TopicPartition> all = new ArrayList<>();
            List<TopicPartition> alertPartitions = partitions(topics.alerts());
            all.addAll(alertPartitions);
            all.addAll(partitions(topics.scores()));
            all.addAll(partitions(topics.deadLetters()));
            consumer.assign(all);
            consumer.seekToBeginning(all);
            while (!stop) {
                consumer.poll(Duration.ofMillis(200)).forEach(this::handle);
                long expected = target.get();
                if (expected >= 0 && accounted.getCount() > 0 && scored.get() + deadLetters.get() >= expected) {
                    accountedAtNanos = System.nanoTime();
                    drain(alertPartitions);
                    accounted.countDown();
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // close() while polling
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            accounted.countDown();
        }
    }

    /** Alerts are committed with their scores but may sit behind them in this consumer's fetches; read up to the end. */
    private void drain(List<TopicPartition> partitions) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!stop && System.nanoTime() < deadline
                && partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            consumer.poll(Duration.ofMillis(200)).forEach(this::handle);
        }
    }

    private List<TopicPartition> partitions(String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    }

    private void handle(ConsumerRecord<String, String> r) {
        if (r.topic().equals(topics.scores())) {
            scored.incrementAndGet();
        } else if (r.topic().equals(topics.deadLetters())) {
            deadLetters.incrementAndGet();
            out.printf("DEAD LETTER  reason %s  partition %d  %s%n", header(r, REASON_HEADER, "?"),
                    r.partition(), shorten(header(r, MESSAGE_HEADER, r.value() == null ? "" : r.value()), 100));
        } else if (r.topic().equals(topics.alerts())) {
            alerts.incrementAndGet();
            AlertLine.Parsed a = AlertLine.parse(r.value(), labels::get);
            if (a.transactionId() != null) {
                alerted.add(a.transactionId());
                top1ByTransaction.put(a.transactionId(), a.top1() == null ? "" : a.top1());
            }
            if (a.top1() != null) {
                allTop1.add(a.top1());
            }
            out.println(a.line());
            if (a.alertId() != null) {
                onAlert.accept(a.alertId(), a.transactionId() == null ? null : labels.get(a.transactionId()));
            }
        }
    }

    private static String header(ConsumerRecord<String, String> r, String name, String fallback) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? fallback : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String shorten(String s, int max) {
        String one = s.replace('\n', ' ');
        return one.length() <= max ? one : one.substring(0, max) + "...";
    }

    /** Stops reading and closes the consumer. */
    @Override
    public void close() {
        stop = true;
        if (!started) {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            return;
        }
        if (thread.isAlive()) {
            consumer.wakeup();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
