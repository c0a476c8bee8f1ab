package io.ganwatch.augment.service;

import io.ganwatch.avro.AugmentationClassifier;
import io.ganwatch.avro.AugmentationMethod;
import io.ganwatch.avro.AugmentationRequest;
import io.ganwatch.avro.FileSource;
import io.ganwatch.avro.SourceWireFormat;
import io.ganwatch.avro.TopicDestination;
import io.ganwatch.avro.TopicSource;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestDecoderTest {

    @Test
    void anAvroRequestDecodesWithItsDefaults() throws Exception {
        AugmentationRequest r = AugmentationRequest.newBuilder().setRequestId("r1")
                .setSource(new FileSource("/data/cards.csv", null))
                .setTestSource(new TopicSource("cards-test", SourceWireFormat.JSON))
                .setLabelColumn("label").setMinority(List.of("1", "2")).setCount(100).setMethod(AugmentationMethod.GAN)
                .setClassifier(AugmentationClassifier.LOGISTIC).setEpochs(5)
                .setDestination(new TopicDestination("out")).build();
        ByteBuffer b = r.toByteBuffer();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);

        IncomingRequest in = RequestDecoder.decode(bytes);
        assertThat(in.requestId()).isEqualTo("r1");
        assertThat(in.source()).isEqualTo(IncomingRequest.Location.file("/data/cards.csv", null));
        assertThat(in.testSource()).isEqualTo(IncomingRequest.Location.topic("cards-test", "JSON"));
        assertThat(in.minority()).containsExactly("1", "2");
        assertThat(in.method()).isEqualTo("GAN");
        assertThat(in.classifier()).isEqualTo("LOGISTIC");
        assertThat(in.seed()).isEqualTo(42L); // the schema's default
        assertThat(in.epochs()).isEqualTo(5);
        assertThat(in.timeBudgetSeconds()).isNull();
        assertThat(in.destination()).isEqualTo(IncomingRequest.Location.topic("out", null));
    }

    @Test
    void aJsonRequestWithTheSameFieldNamesDecodesToo() {
        String json = "{\"request_id\": \"r2\", \"source\": {\"topic\": \"cards\", \"wire_format\": \"avro\"},"
                + " \"label_column\": \"fraud\", \"minority\": [1, \"chargeback\"], \"count\": \"25\", \"method\": \"smote\","
                + " \"seed\": 7, \"destination\": {\"path\": \"/data/out.avro\"}}";
        IncomingRequest in = RequestDecoder.decode(json.getBytes(StandardCharsets.UTF_8));
        assertThat(in.requestId()).isEqualTo("r2");
        assertThat(in.source()).isEqualTo(IncomingRequest.Location.topic("cards", "avro"));
        assertThat(in.testSource()).isNull();
        assertThat(in.minority()).containsExactly("1", "chargeback"); // numbers as label text, like everywhere else
        assertThat(in.count()).isEqualTo(25);
        assertThat(in.seed()).isEqualTo(7L);
        assertThat(in.classifier()).isNull();
        assertThat(in.destination()).isEqualTo(IncomingRequest.Location.file("/data/out.avro", null));
    }

    /** A valid Avro request whose first union index (the source's branch) is changed to {@code index}. */
    private static byte[] withSourceBranch(int index) {
        AugmentationRequest r = AugmentationRequest.newBuilder().setRequestId("r1")
                .setSource(new FileSource("/data/cards.csv", null)).setLabelColumn("label").setMinority(List.of("1"))
                .setCount(10).setMethod(AugmentationMethod.SMOTE).setDestination(new TopicDestination("out")).build();
        byte[] bytes;
        try {
            ByteBuffer b = r.toByteBuffer();
            bytes = new byte[b.remaining()];
            b.get(bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // 10 header bytes (C3 01 + fingerprint), then request_id: length 2 (zig-zag 0x04), 'r', '1'; then the source's union index.
        int at = 10 + 1 + 2;
        assertThat(bytes[at]).as("union index of FileSource, zig-zag encoded").isEqualTo((byte) 0);
        bytes[at] = (byte) (index * 2);
        return bytes;
    }

    @Test
    void anAvroRequestWithABadUnionIndexIsRejectedNotThrown() {
        for (int index : new int[]{2, 5, 63}) { // the union has branches 0 and 1
            assertThatThrownBy(() -> RequestDecoder.decode(withSourceBranch(index)))
                    .as("union index " + index)
                    .isInstanceOf(RejectedRequestException.class)
                    .hasMessageContaining("not an AugmentationRequest this service knows");
        }
    }

    @Test
    void anAvroRequestWhoseIdClaimsAHugeLengthIsRejected() {
        byte[] valid = withSourceBranch(0);
        // request_id's length 2 (zig-zag 0x04) replaced by 2^30 - 1 (zig-zag, five varint bytes): far more than the message holds.
        byte[] huge = new byte[valid.length + 4];
        System.arraycopy(valid, 0, huge, 0, 10);
        byte[] length = {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
        System.arraycopy(length, 0, huge, 10, 5);
        System.arraycopy(valid, 11, huge, 15, valid.length - 11);
        assertThatThrownBy(() -> RequestDecoder.decode(huge))
                .isInstanceOf(RejectedRequestException.class).hasMessageContaining("not an AugmentationRequest this service knows");
    }

    @Test
    void bytesThatAreNeitherAreRejectedWithWhatToSend() {
        assertThatThrownBy(() -> RequestDecoder.decode("not a request".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(RejectedRequestException.class).hasMessageContaining("neither Avro single-object encoding nor valid JSON");
        assertThatThrownBy(() -> RequestDecoder.decode("[1, 2]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("one object");
        assertThatThrownBy(() -> RequestDecoder.decode(new byte[]{(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9}))
                .hasMessageContaining("not an AugmentationRequest this service knows");
        assertThatThrownBy(() -> RequestDecoder.decode(new byte[0])).hasMessageContaining("empty");
        assertThatThrownBy(() -> RequestDecoder.decode("{\"request_id\": \"r\", \"count\": 1.5}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("'count' must be a whole number");
        assertThatThrownBy(() -> RequestDecoder.decode("{\"request_id\": \"r\", \"source\": \"cards.csv\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("'source' must be an object");
    }
}
