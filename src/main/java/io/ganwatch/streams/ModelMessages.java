package io.ganwatch.streams;

import io.ganwatch.avro.ModelBundleMessage;
import io.ganwatch.model.BundleException;
import io.ganwatch.model.ModelBundle;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Converts bundles to and from model-topic messages (Avro single-object encoding). */
public final class ModelMessages {
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
