package io.ganwatch.streams;

import io.ganwatch.registry.SchemaRegistryClient;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.Topology;

import java.time.Duration;
import java.util.Objects;

/**
 * The ganwatch stream processor, top to bottom:
 *
 * <pre>
 *   input topic (bytes) ──► score: decode → validate → encode ─► batch buffer (state store) ─► ONNX, one call a batch
 *                                      │                                   ├──► alerts topic (score ≥ threshold)
 *                                      │                                   ├──► scores topic (optional, every record)
 *                                      │                                   └──► dead-letter topic (a restored record that no longer encodes)
 *                                      └─ cannot score ──► dead-letter topic (Kafka Streams' DLQ, reason in headers)
 *
 *   with a model topic, the same flush scores the batch with the shadow model too, when one is published:
 *                                                                      └──► shadow alerts topic (shadow score ≥ shadow threshold)
 *
 *   with a feedback topic (ganwatch.feedback.topic):
 *   alerts topic (bytes) ──► alert index: global window store, alert id → model id, version, score (kept for the retention)
 *   shadow alerts topic (bytes) ──► shadow alert index: the same, for the shadows' alerts (with a model topic)
 *   feedback topic (bytes) ──► join: decode verdict → look its alert id up in both indexes ─► precision per model version
 *                                      │                              └─ in neither ──► counted as unmatched
 *                                      └─ not a verdict ──► dead-letter topic (Kafka Streams' DLQ, reason in headers)
 * </pre>
 *
 * The shadow path is a second sink of the same processor, so its alerts commit in the same
 * transaction as the live outputs of the batch; {@link ShadowScorer} says why it can never change them.
 *
 * A side path, outside the topology: each scored batch's encoded rows also go to the instance's
 * {@link DriftMonitor}, when there is one, which publishes drift reports with its own producer.
 *
 * {@link AlertIndex} says why the alert index is a global store fed from the alerts topic; the
 * precision windows live in the instance's {@link FeedbackStats}, outside the topology like the drift
 * watch, and reach {@code /metrics} and {@code /model} from there.
 *
 * Messages stay bytes end to end: decoding happens inside the processor, so that an undecodable
 * message is a processing error with the record's coordinates, which the dead-letter handler routes,
 * rather than a deserialisation failure.
 */
public final class ScoringTopology {
    /** Name of the source node. */
    public static final String INPUT = "input";
    /** Name of the scoring processor. */
    public static final String SCORE = "score";
    /** Name of the alerts sink. */
    public static final String ALERTS = "alerts";
    /** Name of the scores sink. */
    public static final String SCORES = "scores";
    /** Name of the sink for records found unscorable when a restored batch is flushed. */
    public static final String DEAD_LETTERS = "dead-letters";
    /** Name of the alert index's source (the alerts topic, read back). */
    public static final String ALERT_INDEX_SOURCE = "alert-index-source";
    /** Name of the processor that reads alerts into the alert index. */
    public static final String ALERT_INDEX = "alert-index";
    /** Name of the feedback topic's source. */
    public static final String FEEDBACK = "feedback";
    /** Name of the processor that joins verdicts to alerts. */
    public static final String JOIN = "join-feedback";
    /** Name of the shadow alerts sink. */
    public static final String SHADOW_ALERTS = "shadow-alerts";
    /** Name of the shadow alert index's source (the shadow alerts topic, read back). */
    public static final String SHADOW_INDEX_SOURCE = "shadow-alert-index-source";
    /** Name of the processor that reads shadow alerts into their index. */
    public static final String SHADOW_INDEX = "shadow-alert-index";

    /**
     * The instance's shadow models.
     *
     * @param alertsTopic where shadow alerts go
     * @param slot        the shadow scoring now, if any
     * @param stats       the comparison with the live model
     */
    record Shadows(String alertsTopic, ShadowSlot slot, ShadowStats stats) {
    }

    private ScoringTopology() {
    }

    /** Builds the topology for a wire format that needs no schema registry. */
    public static Topology build(StreamSettings settings, ModelHolder models, ScoringMetrics metrics, SchemaCatalog schemas) {
        return build(settings, models, metrics, schemas, null, ScoringEngine.ONNX);
    }

    /** Builds the topology; {@code registry} is required for {@link WireFormat#CONFLUENT_AVRO} and unused otherwise. */
    public static Topology build(StreamSettings settings, ModelHolder models, ScoringMetrics metrics, SchemaCatalog schemas,
                                 SchemaRegistryClient registry) {
        return build(settings, models, metrics, schemas, registry, ScoringEngine.ONNX);
    }

    /** Builds the topology on a given engine (tests inject engine faults through it). */
    static Topology build(StreamSettings settings, ModelHolder models, ScoringMetrics metrics, SchemaCatalog schemas,
                          ScoringEngine engine) {
        return build(settings, models, metrics, schemas, null, engine);
    }

    static Topology build(StreamSettings settings, ModelHolder models, ScoringMetrics metrics, SchemaCatalog schemas,
                          SchemaRegistryClient registry, ScoringEngine engine) {
        return build(settings, models, metrics, schemas, registry, engine, null);
    }

    /** Builds the topology with the instance's drift watch ({@code null} for none), as the stream service runs it. */
    static Topology build(StreamSettings settings, ModelHolder models, ScoringMetrics metrics, SchemaCatalog schemas,
                          SchemaRegistryClient registry, ScoringEngine engine, DriftMonitor drift) {
        return build(settings, models, metrics, schemas, registry, engine, drift, FeedbackSettings.NONE, null);
    }

    /**
     * Builds the topology with the instance's drift watch ({@code null} for none) and, when
     * {@code feedback} names a topic, the feedback join reporting to {@code stats}.
     */
    static Topology build(StreamSettings settings, ModelHolder models, ScoringMetrics metrics, SchemaCatalog schemas,
                          SchemaRegistryClient registry, ScoringEngine engine, DriftMonitor drift, FeedbackSettings feedback,
                          FeedbackStats stats) {
        return build(settings, models, metrics, schemas, registry, engine, drift, feedback, stats, null);
    }

    /** Builds the topology as the stream service runs it, with the instance's shadow models ({@code null} for none). */
    static Topology build(StreamSettings settings, ModelHolder models, ScoringMetrics metrics, SchemaCatalog schemas,
                          SchemaRegistryClient registry, ScoringEngine engine, DriftMonitor drift, FeedbackSettings feedback,
                          FeedbackStats stats, Shadows shadows) {
        ByteArrayDeserializer in = new ByteArrayDeserializer();
        ByteArraySerializer out = new ByteArraySerializer();
        // Alerts and scores in the input's wire format; dead letters stay the input's own bytes.
        Serializer<byte[]> outputs = settings.format() == WireFormat.CONFLUENT_AVRO
                ? new ConfluentOutputSerializer(Objects.requireNonNull(registry, "the confluent-avro wire format needs a schema registry client"), schemas)
                : out;
        Topology topology = new Topology();

        topology.addSource(INPUT, in, in, settings.inputTopic());

        topology.addProcessor(SCORE,
                () -> new ScoringProcessor(settings, models, metrics, RecordDecoder.of(settings.format(), schemas, registry), engine,
                        drift, shadows == null ? null : new ShadowScorer(shadows.slot(), shadows.stats(), engine, settings.topK())),
                INPUT);

        // The batch buffer: changelogged (the durable copy) and cached (one changelog write per slot per commit).
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ScoringProcessor.BUFFER_STORE),
                Serdes.Integer(), Serdes.ByteArray()).withCachingEnabled(), SCORE);

        topology.addSink(ALERTS, settings.alertsTopic(), out, outputs, SCORE);
        topology.addSink(DEAD_LETTERS, settings.deadLetterTopic(), out, out, SCORE);
        if (settings.scoresTopic() != null) {
            topology.addSink(SCORES, settings.scoresTopic(), out, outputs, SCORE);
        }
        if (shadows != null) {
            topology.addSink(SHADOW_ALERTS, shadows.alertsTopic(), out, outputs, SCORE);
        }

        if (feedback.enabled()) {
            Objects.requireNonNull(stats, "the feedback join needs its FeedbackStats");
            // Window start = the alert's timestamp; windows of 1 ms, since only the retention matters.
            topology.addGlobalStore(Stores.windowStoreBuilder(Stores.inMemoryWindowStore(AlertIndex.STORE, feedback.retention(),
                            Duration.ofMillis(1), false), Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                    ALERT_INDEX_SOURCE, in, in, settings.alertsTopic(), ALERT_INDEX,
                    () -> new AlertIndex.Loader(settings.format(), registry, stats));

            if (shadows != null) {
                topology.addGlobalStore(Stores.windowStoreBuilder(Stores.inMemoryWindowStore(AlertIndex.SHADOW_STORE,
                                feedback.retention(), Duration.ofMillis(1), false), Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                        SHADOW_INDEX_SOURCE, in, in, shadows.alertsTopic(), SHADOW_INDEX,
                        () -> new AlertIndex.Loader(settings.format(), registry, stats, AlertIndex.SHADOW_STORE));
            }

            topology.addSource(FEEDBACK, in, in, feedback.topic());
            // reads the global stores, no connection needed
            topology.addProcessor(JOIN, () -> new FeedbackProcessor(stats, shadows != null), FEEDBACK);
        }
        return topology;
    }
}
