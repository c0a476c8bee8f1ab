package io.ganwatch.streams;

import io.ganwatch.registry.SchemaRegistryClient;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * The index of emitted alerts that verdicts are joined to: a global window store keyed by alert id,
 * holding each alert's model id, model version and score at the alert's timestamp, and dropping
 * alerts older than the retention (measured from the newest alert it holds).
 *
 * <p>Why a global store fed from the alerts topic: a verdict is keyed by alert id, and an alert id
 * (source topic, partition, offset) hashes to a feedback partition unrelated to the input partition
 * whose task emitted the alert, so no task-local store could hold both sides. The alerts topic
 * already carries every committed alert (read_committed under exactly-once, so an aborted alert is
 * never indexed), and every instance reading it whole needs no new topic; the cost is each instance
 * holding every alert of the retention, a few dozen bytes each. Kafka Streams rebuilds the store at
 * start by passing the topic through {@link Loader} again.
 */
final class AlertIndex {
    /** Name of the global store of the alerts topic. */
    static final String STORE = "ganwatch-alert-index";
    /** Name of the global store of the shadow alerts topic (a second store: a record's alert id is the same on both topics). */
    static final String SHADOW_STORE = "ganwatch-shadow-alert-index";
    private static final Logger LOG = LoggerFactory.getLogger(AlertIndex.class);

    private AlertIndex() {
    }

    /**
     * What the index keeps of one alert.
     *
     * @param modelId the model that emitted it
     * @param version that model's version
     * @param score   the alert's score
     */
    record Entry(String modelId, String version, double score) {
        byte[] toBytes() {
            ByteArrayOutputStream b = new ByteArrayOutputStream(64);
            try (DataOutputStream out = new DataOutputStream(b)) {
                out.writeUTF(modelId);
                out.writeUTF(version);
                out.writeDouble(score);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return b.toByteArray();
        }

        static Entry fromBytes(byte[] bytes) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                return new Entry(in.readUTF(), in.readUTF(), in.readDouble());
            } catch (IOException e) {
                throw new UncheckedIOException("corrupt alert index entry", e);
            }
        }
    }

    /** The newest entry for {@code alertId} still in {@code store}, or {@code null} when unknown or expired. */
    static Entry find(WindowStore<String, byte[]> store, String alertId) {
        try (WindowStoreIterator<byte[]> it = store.backwardFetch(alertId, Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE))) {
            return it.hasNext() ? Entry.fromBytes(it.next().value) : null;
        }
    }

    /**
     * Reads the alerts topic (in the stream's wire format) into the store. Never throws: the global
     * thread that runs it stops the whole client on an exception, and one unreadable alert must cost
     * at most the verdicts on it (they count as unmatched), so such an alert is counted and skipped,
     * with one WARN line for the first.
     */
    static final class Loader implements Processor<byte[], byte[], Void, Void> {
        private final RecordDecoder decoder;
        private final FeedbackStats stats;
        private final String storeName;
        private WindowStore<String, byte[]> store;
        private boolean warned;

        Loader(WireFormat format, SchemaRegistryClient registry, FeedbackStats stats) {
            this(format, registry, stats, STORE);
        }

        /** A loader into the store {@code storeName} ({@link #STORE} or {@link #SHADOW_STORE}). */
        Loader(WireFormat format, SchemaRegistryClient registry, FeedbackStats stats, String storeName) {
            this.decoder = RecordDecoder.of(format, SchemaCatalog.of(List.of()), registry);
            this.stats = stats;
            this.storeName = storeName;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(storeName);
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            try {
                DecodedRecord alert = decoder.decode(record.value());
                Object id = alert.get("alert_id");
                Object modelId = alert.get("model_id");
                Object version = alert.get("model_version");
                Object score = alert.get("score");
                if (id == null || modelId == null || version == null || !(score instanceof Number s)) {
                    throw new IllegalArgumentException("not an AnomalyAlert (alert_id, model_id, model_version or score missing)");
                }
                store.put(id.toString(), new Entry(modelId.toString(), version.toString(), s.doubleValue()).toBytes(),
                        record.timestamp());
                stats.indexed();
            } catch (RuntimeException e) {
                stats.unindexable();
                if (!warned) {
                    warned = true;
                    LOG.warn("feedback: an alert on the " + (storeName.equals(STORE) ? "" : "shadow ") + "alerts topic cannot be read ({}); verdicts on it will count as unmatched."
                            + " Further such alerts are counted in ganwatch_feedback_alerts_unreadable_total, not logged", e.toString());
                }
            }
        }
    }
}
