package io.ganwatch.streams;

import io.ganwatch.avro.ModelBundleMessage;
import io.ganwatch.features.FeatureSpec;
import io.ganwatch.features.MissingPolicy;
import io.ganwatch.features.NumericColumn;
import io.ganwatch.model.BundleException;
import io.ganwatch.model.BundleMetadata;
import io.ganwatch.model.Hashes;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.model.Provenance;
import io.ganwatch.model.Threshold;
import io.ganwatch.model.Versions;
import io.ganwatch.training.AladConfig;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The model topic carries model.json with its hash, and a changed one is refused like on disk. */
class ModelMessagesTest {
    private static final byte[] GRAPH = {1, 2, 3, 4};

    private static ModelBundle bundle() {
        FeatureSpec spec = new FeatureSpec(List.of(new NumericColumn("bytes", false, 2, 3, 2, 10)), MissingPolicy.IMPUTE);
        Provenance p = new Provenance("in.csv", "abc", "csv", 10, 9, 7, 1, 1, 42, Versions.all(), 1.5, Hashes.sha256(GRAPH));
        return new ModelBundle(new BundleMetadata(BundleMetadata.FORMAT, BundleMetadata.FORMAT_VERSION, "net", "v1",
                "2026-01-01T00:00:00Z", spec, spec.featureNames(), new Threshold(0.75, 0.01, 0.01, 100), AladConfig.defaults(42),
                4, 3, List.of(), Map.of(), p), GRAPH);
    }

    @Test
    void aBundleRoundTripsThroughAMessage() {
        ModelBundle decoded = ModelMessages.decode(ModelMessages.encode(bundle()), "models-0@0");
        assertThat(decoded.metadata()).isEqualTo(bundle().metadata());
        assertThat(decoded.graph()).isEqualTo(GRAPH);
    }

    @Test
    void aMessageWhoseThresholdWasChangedIsRefused() throws Exception {
        ModelBundleMessage m = ModelBundleMessage.fromByteBuffer(ByteBuffer.wrap(ModelMessages.encode(bundle())));
        String json = StandardCharsets.UTF_8.decode(m.getMetadataJson()).toString();
        assertThat(json).contains("0.75");
        m.setMetadataJson(ByteBuffer.wrap(json.replace("0.75", "0.76").getBytes(StandardCharsets.UTF_8)));
        byte[] tampered = toBytes(m.toByteBuffer());
        assertThatThrownBy(() -> ModelMessages.decode(tampered, "models-0@7")).isInstanceOf(BundleException.class)
                .hasMessageContaining("models-0@7").hasMessageContaining("model.json was changed");
    }

    @Test
    void aMessageOverTheSizeLimitIsRefusedBeforeItIsParsed() {
        byte[] value = ModelMessages.encode(bundle());
        assertThat(ModelMessages.decode(value, "models-0@1", value.length).graph()).as("exactly at the limit").isEqualTo(GRAPH);
        assertThatThrownBy(() -> ModelMessages.decode(value, "models-0@1", value.length - 1)).isInstanceOf(BundleException.class)
                .hasMessageContaining("models-0@1 is " + value.length + " bytes, over this instance's limit of "
                        + (value.length - 1) + " bytes (ganwatch.model.max.bytes)");
        // Bytes that are no bundle at all: refused for their size, not for what parsing them would find.
        byte[] junk = new byte[4096];
        assertThatThrownBy(() -> ModelMessages.decode(junk, "models-0@2", 4095)).isInstanceOf(BundleException.class)
                .hasMessageContaining("it was not parsed").hasMessageNotContaining("not a ganwatch model bundle");
        assertThatThrownBy(() -> ModelMessages.decode(junk, "models-0@2", 4096)).isInstanceOf(BundleException.class)
                .hasMessageContaining("not a ganwatch model bundle");
    }

    @Test
    void aShadowRoundTripsUnderItsOwnKeyAndRecordType() {
        byte[] value = ModelMessages.encodeShadow(bundle());
        ModelBundle decoded = ModelMessages.decodeShadow(value, "models-0@3", ModelMessages.DEFAULT_MAX_BYTES);
        assertThat(decoded.metadata()).isEqualTo(bundle().metadata());
        assertThat(decoded.graph()).isEqualTo(GRAPH);
        assertThat(ModelMessages.shadowKey("net")).isEqualTo("net#shadow");
        assertThat(ModelMessages.shadowOf("net#shadow")).isEqualTo("net");
        assertThat(ModelMessages.shadowOf("net")).isNull();
        assertThat(ModelMessages.shadowOf("#shadow")).as("no model id before the suffix").isNull();
        assertThat(ModelMessages.shadowOf(null)).isNull();
    }

    /**
     * What an instance that predates shadows does with one: its reader is {@link ModelMessages#decode},
     * unchanged, and the shadow's record type has another single-object fingerprint, so it refuses the
     * message as not a bundle (logged, counted in ganwatch_model_refused) instead of serving it, whatever
     * key it came under.
     */
    @Test
    void aLiveReaderRefusesAShadowAndAShadowReaderALiveBundle() {
        byte[] shadow = ModelMessages.encodeShadow(bundle());
        assertThatThrownBy(() -> ModelMessages.decode(shadow, "models-0@4")).isInstanceOf(BundleException.class)
                .hasMessageContaining("models-0@4 is not a ganwatch model bundle");
        byte[] live = ModelMessages.encode(bundle());
        assertThatThrownBy(() -> ModelMessages.decodeShadow(live, "models-0@5", ModelMessages.DEFAULT_MAX_BYTES))
                .isInstanceOf(BundleException.class).hasMessageContaining("models-0@5 is under a shadow's key but is not a shadow bundle");
        assertThat(ModelMessages.encode(bundle())).as("live messages keep the schema every ganwatch reads")
                .startsWith(toBytes(ByteBuffer.wrap(live, 0, 10)));
        assertThat(ModelBundleMessage.getClassSchema().getFields()).extracting(f -> f.name())
                .containsExactly("model_id", "version", "metadata_json", "graph");
    }

    @Test
    void aTamperedShadowIsRefusedLikeALiveBundle() throws Exception {
        io.ganwatch.avro.ShadowModelMessage m = io.ganwatch.avro.ShadowModelMessage.fromByteBuffer(
                ByteBuffer.wrap(ModelMessages.encodeShadow(bundle())));
        String json = StandardCharsets.UTF_8.decode(m.getMetadataJson()).toString();
        m.setMetadataJson(ByteBuffer.wrap(json.replace("0.75", "0.76").getBytes(StandardCharsets.UTF_8)));
        byte[] tampered = toBytes(m.toByteBuffer());
        assertThatThrownBy(() -> ModelMessages.decodeShadow(tampered, "models-0@6", ModelMessages.DEFAULT_MAX_BYTES))
                .isInstanceOf(BundleException.class).hasMessageContaining("model.json was changed");
        byte[] value = ModelMessages.encodeShadow(bundle());
        assertThatThrownBy(() -> ModelMessages.decodeShadow(value, "models-0@7", value.length - 1))
                .isInstanceOf(BundleException.class).hasMessageContaining("it was not parsed");
    }

    private static byte[] toBytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
