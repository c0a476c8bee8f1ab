package io.ganwatch.streams;

import io.ganwatch.detector.Detector;
import io.ganwatch.model.BundleException;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.scoring.Device;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Follows the compacted model topic and installs each newly published valid bundle, without a
 * restart. Every instance reads the whole topic itself (no consumer group), so all instances
 * converge on the same model. "Newest" means most recently published: publishing an older bundle
 * again is how to roll back. A bundle that is corrupt, incompatible or for another model id is
 * refused, logged and counted, and the current model keeps serving.
 */
public final class ModelWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelWatcher.class);
    /** How long a replaced model stays open for records already being scored with it. */
    private static final Duration RETIRE_AFTER = Duration.ofSeconds(10);

    private final String topic;
    private final Device device;
    private final MicrometerScoringMetrics metrics;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final ScheduledExecutorService retirer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ganwatch-model-retire");
        t.setDaemon(true);
        return t;
    });
    private ModelHolder holder;
    private Thread thread;
    private volatile boolean running = true;

    /**
     * Connects and reads the topic up to its current end.
     *
     * @param kafka   client settings (bootstrap servers, security); other keys are ignored
     * @param topic   the model topic
     * @param device  where new models run
     * @param metrics counts swaps and refusals
     */
    public ModelWatcher(Properties kafka, String topic, Device device, MicrometerScoringMetrics metrics) {
        this.topic = topic;
        this.device = device;
        this.metrics = metrics;
        Properties p = new Properties();
        kafka.forEach((k, v) -> {
            if (ConsumerConfig.configNames().contains(k.toString()) && !k.equals(ConsumerConfig.GROUP_ID_CONFIG)) {
                p.put(k, v);
            }
        });
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Reads every message published so far and returns the last valid bundle, or {@code null}
     * when the topic holds none. Must be called once, before {@link #follow}.
     */
    public ModelBundle catchUp(Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("model topic '" + topic + "' does not exist; create it with `ganwatch publish-model`");
        }
        List<TopicPartition> parts = new ArrayList<>();
        infos.forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        Map<TopicPartition, Long> end = consumer.endOffsets(parts, timeout);
        ModelBundle latest = null;
        long latestTimestamp = Long.MIN_VALUE;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!caughtUp(end) && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                ModelBundle b = verify(r);
                if (b != null && r.timestamp() >= latestTimestamp) {
                    latest = b;
                    latestTimestamp = r.timestamp();
                }
            }
        }
        return latest;
    }

    private boolean caughtUp(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Starts following new publications, swapping them into {@code models}. */
    public void follow(ModelHolder models) {
        this.holder = models;
        thread = new Thread(this::loop, "ganwatch-model-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    install(r);
                }
            }
        } catch (WakeupException e) {
            // close() interrupts the poll
        } catch (RuntimeException e) {
            LOG.error("model watcher stopped; the current model keeps serving but new models will not be picked up", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private ModelBundle verify(ConsumerRecord<byte[], byte[]> r) {
        String where = r.topic() + "/" + r.partition() + "@" + r.offset();
        if (r.value() == null) {
            return null; // a tombstone deletes a model id from the topic; nothing to serve
        }
        try {
            return ModelMessages.decode(r.value(), where);
        } catch (BundleException e) {
            LOG.warn("refused model {}: {}", where, e.getMessage());
            metrics.refused();
            return null;
        }
    }

    private void install(ConsumerRecord<byte[], byte[]> r) {
        ModelBundle bundle = verify(r);
        if (bundle == null) {
            return;
        }
        Detector current = holder.current();
        String servingId = current.bundle().metadata().modelId();
        if (!bundle.metadata().modelId().equals(servingId)) {
            LOG.warn("refused model {} version {}: this instance serves model id {}", bundle.metadata().modelId(),
                    bundle.metadata().version(), servingId);
            metrics.refused();
            return;
        }
        if (bundle.metadata().version().equals(current.bundle().metadata().version())) {
            return;
        }
        Detector next;
        try {
            next = new Detector(bundle, device, bundle.metadata().threshold().value());
        } catch (BundleException e) {
            LOG.warn("refused model version {}: {}", bundle.metadata().version(), e.getMessage());
            metrics.refused();
            return;
        }
        Detector old = holder.swap(next);
        metrics.swapped();
        metrics.serving(bundle.metadata().modelId(), bundle.metadata().version());
        LOG.info("now serving model {} version {} (was {})", bundle.metadata().modelId(), bundle.metadata().version(),
                old.bundle().metadata().version());
        retirer.schedule(old::close, RETIRE_AFTER.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            consumer.close(Duration.ofSeconds(5));
        }
        retirer.shutdownNow();
    }
}
