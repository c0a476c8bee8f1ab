package io.ganwatch.streams;

import io.ganwatch.avro.ModelBundleMessage;
import io.ganwatch.model.BundleException;
import io.ganwatch.model.ModelBundle;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Converts bundles to and from model-topic messages (Avro single-object encoding). */
public final class ModelMessages {
    /**
     * Default of {@code ganwatch.model.max.bytes}: 256 MiB, far above any bundle {@code publish-model}
     * writes (it stops at 16 MiB), so that only a foreign or runaway message is refused.
     */
    public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;

    private ModelMessages() {
    }

    /** The message value for a bundle. */
    public static byte[] encode(ModelBundle bundle) {
        ModelBundleMessage m = new ModelBundleMessage(bundle.metadata().modelId(), bundle.metadata().version(),
                ByteBuffer.wrap(bundle.metadataJson()), ByteBuffer.wrap(bundle.graph()));
        try {
            ByteBuffer b = m.toByteBuffer();
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the model bundle message", e);
        }
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
        if (value.length > maxBytes) {
            throw new BundleException("model message " + where + " is " + value.length + " bytes, over this instance's limit of "
                    + maxBytes + " bytes (ganwatch.model.max.bytes); it was not parsed; publish a smaller bundle, or raise the limit");
        }
        ModelBundleMessage m;
        try {
            m = ModelBundleMessage.fromByteBuffer(ByteBuffer.wrap(value));
        } catch (IOException | RuntimeException e) {
            throw new BundleException("model message " + where + " is not a ganwatch model bundle (" + e.getMessage()
                    + "); publish bundles with `ganwatch publish-model`", e);
        }
        ModelBundle bundle = ModelBundle.fromBytes(bytes(m.getMetadataJson()), bytes(m.getGraph()), where);
        // The metadata's model id may be missing (null): compare null-safely, so that such a message is
        // refused as a bundle error rather than throwing past the callers' handling of BundleException.
        if (!bundle.metadata().version().equals(m.getVersion()) || !m.getModelId().toString().equals(bundle.metadata().modelId())) {
            throw new BundleException("model message " + where + " names version " + m.getVersion() + " of " + m.getModelId()
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
