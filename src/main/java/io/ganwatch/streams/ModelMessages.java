package io.ganwatch.streams;

import io.ganwatch.avro.ModelBundleMessage;
import io.ganwatch.avro.ShadowModelMessage;
import io.ganwatch.model.BundleException;
import io.ganwatch.model.ModelBundle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Converts bundles to and from model-topic messages (Avro single-object encoding).
 *
 * <p>Two kinds of message share the topic. A live bundle is a {@code ModelBundleMessage} under the
 * model id; a shadow (a candidate scored beside the live model, {@code publish-model --shadow}) is a
 * {@code ShadowModelMessage} under {@link #shadowKey the model id followed by} {@value #SHADOW_SUFFIX}.
 * The key keeps compaction from deleting the live bundle when a shadow is published; the record type
 * is what keeps an older ganwatch, which reads every message as a live bundle, from serving a shadow:
 * its single-object fingerprint is unknown to that reader, which refuses the message as not a bundle.
 */
public final class ModelMessages {
    /** What a shadow's key adds to its model id. */
    public static final String SHADOW_SUFFIX = "#shadow";

    /**
     * The largest model-topic message ganwatch writes, and the size every model topic must allow: 16 MiB.
     *
     * <p>Bundles are far larger than ordinary records: the detector's ONNX graph stores up to 8192
     * prototype rows (in feature space and in input space, or in input space alone for narrow rows) for its
     * nearest-neighbour scoring, so a
     * bundle's message is typically 1 to 8 MB, over Kafka's 1 MB defaults. {@code publish-model} creates
     * the model topic with {@code max.message.bytes} set to this and sends with producer
     * {@code max.request.size} set to this; a model topic created any other way (and any other
     * producer that writes bundles to it) needs the same two settings, or the broker, or the producer,
     * refuses the bundle with {@code RecordTooLargeException}. Consumers need nothing: a consumer
     * returns a record larger than its {@code max.partition.fetch.bytes} and {@code fetch.max.bytes}
     * anyway, so that it can make progress.
     */
    public static final int MAX_BYTES = 16 * 1024 * 1024;

    /**
     * Default of {@code ganwatch.model.max.bytes}: 256 MiB, far above any bundle {@code publish-model}
     * writes (it stops at {@link #MAX_BYTES}), so that only a foreign or runaway message is refused.
     */
    public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;

    private ModelMessages() {
    }

    /**
     * The configuration a model topic is created with: compacted (only the newest message per key
     * matters) and allowing messages of {@link #MAX_BYTES}.
     */
    public static Map<String, String> topicConfigs() {
        return Map.of("cleanup.policy", "compact", "max.message.bytes", String.valueOf(MAX_BYTES));
    }

    /** The message value for a bundle. */
    public static byte[] encode(ModelBundle bundle) {
        ModelBundleMessage m = new ModelBundleMessage(bundle.metadata().modelId(), bundle.metadata().version(),
                ByteBuffer.wrap(bundle.metadataJson()), ByteBuffer.wrap(bundle.graph()));
        try {
            return bytes(m.toByteBuffer());
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the model bundle message", e);
        }
    }

    /** The value of a shadow message for a bundle, published under {@link #shadowKey}. */
    public static byte[] encodeShadow(ModelBundle bundle) {
        ShadowModelMessage m = new ShadowModelMessage(bundle.metadata().modelId(), bundle.metadata().version(),
                ByteBuffer.wrap(bundle.metadataJson()), ByteBuffer.wrap(bundle.graph()));
        try {
            return bytes(m.toByteBuffer());
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the shadow model message", e);
        }
    }

    /** The model-topic key of {@code modelId}'s shadow. */
    public static String shadowKey(String modelId) {
        return modelId + SHADOW_SUFFIX;
    }

    /** The model id whose shadow {@code key} names, or {@code null} when it is not a shadow's key. */
    public static String shadowOf(String key) {
        return key != null && key.endsWith(SHADOW_SUFFIX) && key.length() > SHADOW_SUFFIX.length()
                ? key.substring(0, key.length() - SHADOW_SUFFIX.length()) : null;
    }

    /**
     * The verified bundle in a shadow message of at most {@code maxBytes} bytes, with the checks of
     * {@link #decode(byte[], String, long)}.
     *
     * @throws BundleException when the message is larger, is not a shadow message, or its bundle is corrupt or incompatible
     */
    public static ModelBundle decodeShadow(byte[] value, String where, long maxBytes) {
        checkSize(value, where, maxBytes);
        ShadowModelMessage m;
        try {
            m = ShadowModelMessage.fromByteBuffer(ByteBuffer.wrap(value));
        } catch (IOException | RuntimeException e) {
            throw new BundleException("model message " + where + " is under a shadow's key but is not a shadow bundle ("
                    + e.getMessage() + "); publish shadows with `ganwatch publish-model --shadow`", e);
        }
        return verified(m.getModelId(), m.getVersion(), bytes(m.getMetadataJson()), bytes(m.getGraph()), where);
    }

    /**
     * The verified bundle in a message.
     *
     * @param where names the message in errors (topic, partition, offset)
     * @throws BundleException when the message is not a bundle, or the bundle is corrupt or incompatible
     */
    public static ModelBundle decode(byte[] value, String where) {
        return decode(value, where, DEFAULT_MAX_BYTES);
    }

    /**
     * The verified bundle in a message of at most {@code maxBytes} bytes. The length is checked first:
     * decoding copies the graph and hashes it, and loading it hands it to ONNX Runtime, so an oversized
     * message would cost that memory and time before any other check could refuse it.
     *
     * @param where    names the message in errors (topic, partition, offset)
     * @param maxBytes the most bytes a message may have ({@code ganwatch.model.max.bytes})
     * @throws BundleException when the message is larger, is not a bundle, or the bundle is corrupt or incompatible
     */
    public static ModelBundle decode(byte[] value, String where, long maxBytes) {
        checkSize(value, where, maxBytes);
        ModelBundleMessage m;
        try {
            m = ModelBundleMessage.fromByteBuffer(ByteBuffer.wrap(value));
        } catch (IOException | RuntimeException e) {
            throw new BundleException("model message " + where + " is not a ganwatch model bundle (" + e.getMessage()
                    + "); publish bundles with `ganwatch publish-model`", e);
        }
        return verified(m.getModelId(), m.getVersion(), bytes(m.getMetadataJson()), bytes(m.getGraph()), where);
    }

    private static void checkSize(byte[] value, String where, long maxBytes) {
        if (value.length > maxBytes) {
            throw new BundleException("model message " + where + " is " + value.length + " bytes, over this instance's limit of "
                    + maxBytes + " bytes (ganwatch.model.max.bytes); it was not parsed; publish a smaller bundle, or raise the limit");
        }
    }

    private static ModelBundle verified(String modelId, String version, byte[] metadataJson, byte[] graph, String where) {
        ModelBundle bundle = ModelBundle.fromBytes(metadataJson, graph, where);
        // The metadata's model id may be missing (null): compare null-safely, so that such a message is
        // refused as a bundle error rather than throwing past the callers' handling of BundleException.
        if (!bundle.metadata().version().equals(version) || !modelId.equals(bundle.metadata().modelId())) {
            throw new BundleException("model message " + where + " names version " + version + " of " + modelId
                    + " but carries " + bundle.metadata().version() + " of " + bundle.metadata().modelId() + "; publish it again");
        }
        return bundle;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
