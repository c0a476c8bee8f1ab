package io.ganwatch.streams;

import io.ganwatch.detector.Detector;
import io.ganwatch.model.BundleException;
import io.ganwatch.model.BundleSigning;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.scoring.Device;
import io.ganwatch.scoring.ScoringThreshold;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Follows the compacted model topic (key: model id) and installs each newly published valid bundle,
 * without a restart. Every instance reads the whole topic itself (no consumer group), so all
 * instances converge on the same model.
 *
 * <p>One rule decides what serves, at start-up ({@link #catchUp}) and while running
 * ({@link #follow}): <em>the last bundle by offset for the configured model id that verifies and
 * loads</em>. Producer timestamps play no part (a publisher with a fast clock cannot pin a version),
 * bundles of other model ids are ignored, a tombstone (null value) for the id deletes everything
 * before it, and a bundle that decodes but fails to load is skipped with a WARN. Publishing an older
 * bundle again is how to roll back. While running, a refused bundle leaves the current model
 * serving, and a tombstone for the serving id is logged but never unloads the model in use.
 *
 * <p>With trusted keys, only bundles signed by one of them are served ({@link BundleSigning}): an
 * unsigned bundle, one signed by another key, or one whose signature does not verify is refused
 * like a corrupt one, logged with the reason and counted in {@code ganwatch.model.untrusted}.
 *
 * <p>Shadows ({@link ModelMessages#shadowKey}) follow a rule of their own: the last message under
 * the serving id's shadow key is the shadow, and a tombstone there removes it. A shadow that is
 * refused or does not load is not replaced by an older one: it is switched off, with the reason shown
 * in {@code /model}, since the operator published it to compare it and nothing else. A shadow of the
 * live version has nothing to compare and is removed; so when a promotion ({@code promote}) makes the
 * shadow's version live, the shadow is gone with the same message, whichever of the promotion's two
 * messages arrives first. Only {@link #follow(ModelHolder, ShadowSlot, ShadowStats)} serves shadows;
 * a watcher following without a slot (the library API) ignores them.
 *
 * <p>The watcher thread survives anything a message or the client throws: it logs, counts in
 * {@code ganwatch.model.watcher.errors}, and goes on, so that a single bad message cannot stop all
 * later swaps.
 */
public final class ModelWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelWatcher.class);
    /** Newest bundles kept per model id while catching up, to fall back to when a newer one fails to load. */
    private static final int CANDIDATES_PER_ID = 8;

    private final String topic;
    private final Device device;
    private final ScoringThreshold threshold;
    private final Map<String, PublicKey> trustedKeys;
    private final MicrometerScoringMetrics metrics;
    private final long maxBytes;
    private final int threads;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private ModelHolder holder;
    /** The instance's shadow, or {@code null} when this watcher serves none. */
    private ShadowSlot shadows;
    private ShadowStats shadowStats;
    /** The serving id's shadow message found by {@link #catchUp}, loaded by {@link #follow}; null when none. */
    private ConsumerRecord<byte[], byte[]> shadowAtStart;
    private Thread thread;
    private volatile boolean running = true;

    /**
     * Connects to the cluster.
     *
     * @param kafka   client settings (bootstrap servers, security); other keys are ignored
     * @param topic   the model topic
     * @param device  where new models run
     * @param threshold the threshold rule every bundle is served with (its own, or at a target false-positive
     *                rate from its calibration scores: a bundle that cannot follow the rule is skipped)
     * @param trustedKeys publishers whose signed bundles are served, by key id; {@code null} to serve any bundle
     * @param metrics counts swaps, refusals and watcher errors
     */
    public ModelWatcher(Properties kafka, String topic, Device device, ScoringThreshold threshold,
                        Map<String, PublicKey> trustedKeys, MicrometerScoringMetrics metrics) {
        this(kafka, topic, device, threshold, trustedKeys, metrics, ModelMessages.DEFAULT_MAX_BYTES);
    }

    /**
     * Connects to the cluster, refusing model messages over {@code maxBytes} before they are parsed.
     *
     * @param maxBytes the most bytes a model message may have ({@code ganwatch.model.max.bytes})
     */
    public ModelWatcher(Properties kafka, String topic, Device device, ScoringThreshold threshold,
                        Map<String, PublicKey> trustedKeys, MicrometerScoringMetrics metrics, long maxBytes) {
        this(kafka, topic, device, threshold, trustedKeys, metrics, maxBytes, StreamService.ENGINE_THREADS);
    }

    /**
     * Connects to the cluster; models it loads run on {@code threads} ONNX Runtime intra-op threads (the
     * library API's choice; the stream processor uses {@link StreamService#ENGINE_THREADS}).
     *
     * @param threads ONNX Runtime intra-op threads per model (0 lets it decide: one per core)
     */
    public ModelWatcher(Properties kafka, String topic, Device device, ScoringThreshold threshold,
                        Map<String, PublicKey> trustedKeys, MicrometerScoringMetrics metrics, long maxBytes, int threads) {
        this.threads = threads;
        this.maxBytes = maxBytes;
        this.topic = topic;
        this.device = device;
        this.threshold = threshold;
        this.trustedKeys = trustedKeys == null ? null : Map.copyOf(trustedKeys);
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
     * Reads every message published so far and loads what should serve: the last bundle by offset
     * for {@code modelId} that verifies and loads. Must be called once, before {@link #follow}.
     *
     * @param modelId the configured model id, or {@code null} to take the only id the topic holds
     * @return the loaded model (the caller owns it), or {@code null} when the topic holds no loadable
     *         bundle for the id
     * @throws IllegalArgumentException when the topic does not exist, or holds several model ids and
     *                                  none was configured
     */
    public Detector catchUp(Duration timeout, String modelId) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("model topic '" + topic + "' does not exist; create it with `ganwatch publish-model`");
        }
        List<TopicPartition> parts = new ArrayList<>();
        infos.forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        Map<TopicPartition, Long> end = consumer.endOffsets(parts, timeout);
        // Per model id, its messages since its last tombstone, newest last (a key lives in one
        // partition, where poll returns messages in offset order).
        Map<String, Deque<ConsumerRecord<byte[], byte[]>>> byId = new LinkedHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!caughtUp(end) && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                String id = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                Deque<ConsumerRecord<byte[], byte[]>> candidates = byId.computeIfAbsent(id, k -> new ArrayDeque<>());
                if (r.value() == null) {
                    candidates.clear(); // a tombstone deletes the id: nothing published before it may serve
                } else {
                    candidates.addLast(r);
                    if (candidates.size() > CANDIDATES_PER_ID) {
                        candidates.removeFirst();
                    }
                }
            }
        }
        if (!caughtUp(end)) {
            throw new IllegalStateException("could not read model topic '" + topic + "' to its end within " + timeout.toSeconds()
                    + " s; check that the cluster is reachable");
        }
        byId.values().removeIf(Deque::isEmpty);
        String id = modelId;
        if (id == null) {
            TreeSet<String> ids = new TreeSet<>(byId.keySet());
            ids.removeIf(k -> ModelMessages.shadowOf(k) != null); // a shadow is not a model id of its own
            if (ids.size() > 1) {
                throw new IllegalArgumentException("model topic '" + topic + "' holds bundles of several model ids "
                        + ids + "; choose one with ganwatch.model.id (--model-id)");
            }
            id = ids.isEmpty() ? null : ids.first();
        }
        Deque<ConsumerRecord<byte[], byte[]>> shadow = id == null ? null : byId.get(ModelMessages.shadowKey(id));
        shadowAtStart = shadow == null ? null : shadow.getLast();
        Deque<ConsumerRecord<byte[], byte[]>> candidates = id == null ? null : byId.get(id);
        while (candidates != null && !candidates.isEmpty()) {
            ConsumerRecord<byte[], byte[]> r = candidates.removeLast();
            Detector loaded = load(r, id);
            if (loaded != null) {
                return loaded;
            }
        }
        return null;
    }

    private boolean caughtUp(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Starts following new publications, swapping them into {@code models}; shadows are ignored. */
    public void follow(ModelHolder models) {
        follow(models, null, null);
    }

    /**
     * Loads the shadow found by {@link #catchUp}, if any, into {@code shadows}, then starts following
     * new publications: live bundles into {@code models}, shadows into {@code shadows}.
     *
     * @param shadows the instance's shadow slot, or {@code null} to ignore shadows
     * @param stats   the shadow statistics ({@code ganwatch_shadow_info}, load failures); with {@code shadows}
     */
    void follow(ModelHolder models, ShadowSlot shadows, ShadowStats stats) {
        this.holder = models;
        this.shadows = shadows;
        this.shadowStats = stats;
        if (shadows != null && shadowAtStart != null) {
            installShadow(shadowAtStart, models.current());
        }
        shadowAtStart = null;
        thread = new Thread(this::loop, "ganwatch-model-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(Duration.ofMillis(500));
                } catch (WakeupException e) {
                    continue; // close() interrupts the poll; the loop condition decides
                } catch (RuntimeException e) {
                    LOG.warn("model watcher: reading model topic '{}' failed ({}); retrying in 1 s", topic, e.toString());
                    metrics.watcherError();
                    pause();
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    try {
                        install(r);
                    } catch (RuntimeException e) {
                        LOG.error("model watcher: unexpected failure on model message {}; skipped, the current model keeps"
                                + " serving", where(r), e);
                        metrics.watcherError();
                    }
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String where(ConsumerRecord<byte[], byte[]> r) {
        return r.topic() + "/" + r.partition() + "@" + r.offset();
    }

    /** Decodes, verifies and loads one message for {@code modelId}; {@code null} (logged, counted) when it cannot serve. */
    private Detector load(ConsumerRecord<byte[], byte[]> r, String modelId) {
        ModelBundle bundle = decode(r, modelId);
        return bundle == null ? null : open(bundle, r);
    }

    /** The verified bundle of a message for {@code modelId}, or {@code null} (logged, counted). */
    private ModelBundle decode(ConsumerRecord<byte[], byte[]> r, String modelId) {
        ModelBundle bundle;
        try {
            bundle = ModelMessages.decode(r.value(), where(r), maxBytes);
        } catch (BundleException e) {
            LOG.warn("refused model {}: {}", where(r), e.getMessage());
            metrics.refused();
            return null;
        }
        if (!bundle.metadata().modelId().equals(modelId)) {
            LOG.warn("refused model {} version {} at {}: this instance serves model id {}", bundle.metadata().modelId(),
                    bundle.metadata().version(), where(r), modelId);
            metrics.refused();
            return null;
        }
        if (trustedKeys != null) {
            BundleSigning.Verdict verdict = BundleSigning.verify(bundle, trustedKeys);
            if (verdict != BundleSigning.Verdict.TRUSTED) {
                LOG.warn("refused model {} version {} at {}: {}; the current model keeps serving", modelId,
                        bundle.metadata().version(), where(r), describe(verdict, bundle));
                metrics.untrusted(verdict.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
                return null;
            }
        }
        return bundle;
    }

    private static String describe(BundleSigning.Verdict verdict, ModelBundle bundle) {
        return switch (verdict) {
            case UNSIGNED -> "it is not signed, and this instance serves only bundles signed by a trusted key";
            case UNKNOWN_KEY -> "it is signed by key " + bundle.metadata().signature().keyId() + ", which is not a trusted key";
            case BAD_SIGNATURE -> "its signature does not verify (changed after signing, or forged)";
            case TRUSTED -> "trusted";
        };
    }

    /** The bundle on ONNX Runtime, or {@code null} (logged, counted) when it does not load. */
    private Detector open(ModelBundle bundle, ConsumerRecord<byte[], byte[]> r) {
        try {
            return new Detector(bundle, device, threshold.resolve(bundle), threads);
        } catch (BundleException e) {
            LOG.warn("skipped model {} version {} at {}: it does not load ({})", bundle.metadata().modelId(),
                    bundle.metadata().version(), where(r), e.getMessage());
            metrics.refused();
            return null;
        }
    }

    private void install(ConsumerRecord<byte[], byte[]> r) {
        Detector current = holder.current();
        String servingId = current.bundle().metadata().modelId();
        String shadowOf = ModelMessages.shadowOf(r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8));
        if (shadowOf != null) {
            if (shadows != null && shadowOf.equals(servingId)) {
                installShadow(r, current);
            }
            return; // another model's shadow, or a watcher that serves none
        }
        if (r.value() == null) {
            String id = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
            if (id.equals(servingId)) {
                LOG.warn("model id {} was deleted from '{}' (tombstone at {}); this instance keeps serving version {} until"
                        + " a new bundle is published, and a restarted one falls back to --model", id, topic, where(r),
                        current.bundle().metadata().version());
            }
            return;
        }
        ModelBundle bundle = decode(r, servingId);
        if (bundle == null || bundle.metadata().version().equals(current.bundle().metadata().version())) {
            return;
        }
        Detector next = open(bundle, r);
        if (next == null) {
            return;
        }
        Detector old = holder.swap(next);
        metrics.swapped();
        metrics.serving(servingId, bundle.metadata().version());
        LOG.info("now serving model {} version {} (was {})", servingId, bundle.metadata().version(),
                old.bundle().metadata().version());
        if (shadows != null && isShadowVersion(bundle.metadata().version())) {
            shadows.clear();
            shadowStats.shadowing(null);
            LOG.info("the shadow of model {} was version {}, which now serves live (promoted); there is no shadow", servingId,
                    bundle.metadata().version());
        }
    }

    private boolean isShadowVersion(String version) {
        ShadowSlot.State s = shadows.state();
        return s instanceof ShadowSlot.Scoring scoring && scoring.model().bundle().metadata().version().equals(version)
                || s instanceof ShadowSlot.Off off && off.version().equals(version);
    }

    /**
     * Applies a message under the serving id's shadow key: a tombstone removes the shadow; a bundle
     * that verifies and loads becomes the shadow; any other is switched off with its reason, logged.
     */
    private void installShadow(ConsumerRecord<byte[], byte[]> r, Detector live) {
        String modelId = live.bundle().metadata().modelId();
        if (r.value() == null) {
            ShadowSlot.State old = shadows.clear();
            shadowStats.shadowing(null);
            if (old != null) {
                LOG.info("the shadow of model {} was removed (demoted, tombstone at {}); only the live model scores", modelId, where(r));
            }
            return;
        }
        ModelBundle bundle;
        try {
            bundle = ModelMessages.decodeShadow(r.value(), where(r), maxBytes);
        } catch (BundleException e) {
            shadowOff(modelId, "unknown", "refused: " + e.getMessage());
            return;
        }
        String version = bundle.metadata().version();
        if (!bundle.metadata().modelId().equals(modelId)) {
            shadowOff(modelId, version, "refused: it is a bundle of model id " + bundle.metadata().modelId() + ", under " + modelId
                    + "'s shadow key at " + where(r));
            return;
        }
        if (trustedKeys != null) {
            BundleSigning.Verdict verdict = BundleSigning.verify(bundle, trustedKeys);
            if (verdict != BundleSigning.Verdict.TRUSTED) {
                metrics.untrusted(verdict.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
                shadowOff(modelId, version, "refused at " + where(r) + ": " + describe(verdict, bundle));
                return;
            }
        }
        if (version.equals(live.bundle().metadata().version())) {
            shadows.clear();
            shadowStats.shadowing(null);
            LOG.info("shadow of model {} at {} is version {}, the live version: nothing to compare, so there is no shadow", modelId,
                    where(r), version);
            return;
        }
        Detector shadow;
        try {
            shadow = new Detector(bundle, device, threshold.resolve(bundle), threads);
        } catch (BundleException e) {
            shadowOff(modelId, version, "it does not load (" + e.getMessage() + ")");
            return;
        }
        shadows.install(shadow);
        shadowStats.shadowing(bundle.metadata());
        LOG.info("shadow model {} version {} (threshold {}) now scores beside live version {}; its alerts go to the shadow alerts"
                + " topic only", modelId, version, shadow.threshold(), live.bundle().metadata().version());
    }

    private void shadowOff(String modelId, String version, String reason) {
        shadows.off(modelId, version, reason);
        shadowStats.shadowing(null);
        shadowStats.failed("load");
        LOG.warn("shadow model {} version {} is switched off: {}; the live model goes on as before", modelId, version, reason);
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
    }
}
