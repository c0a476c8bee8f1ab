package io.ganwatch.augment.service;

import io.ganwatch.avro.AugmentationClassifier;
import io.ganwatch.avro.AugmentationMethod;
import io.ganwatch.avro.AugmentationRequest;
import io.ganwatch.avro.FileSource;
import io.ganwatch.avro.GanSampling;
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
        assertThat(in.ganSampling()).isNull(); // the default by class size
    }

    @Test
    void anAvroRequestCarriesItsGanSampling() throws Exception {
        AugmentationRequest r = AugmentationRequest.newBuilder().setRequestId("r5")
                .setSource(new FileSource("/data/cards.csv", null)).setLabelColumn("label").setMinority(List.of("1"))
                .setCount(10).setMethod(AugmentationMethod.GAN).setDestination(new TopicDestination("out"))
                .setGanSampling(GanSampling.newBuilder().setTruncation(1.5).setSnap(true).build()).setGanFineTune(0.2).build();
        ByteBuffer b = r.toByteBuffer();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);

        assertThat(RequestDecoder.decode(bytes).ganSampling()).isEqualTo(new IncomingRequest.GanSampling(1.0, 1.5, true));
        assertThat(RequestDecoder.decode(bytes).ganFineTune()).isEqualTo(0.2);
    }

    /**
     * Callers that still encode with a schema from before gan_sampling or gan_fine_tune are understood: single-object
     * encoding names the writer's schema.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({RequestDecoder.BEFORE_SAMPLING + ",gan_sampling",
            RequestDecoder.BEFORE_FINE_TUNE + ",gan_fine_tune"})
    void anAvroRequestInAnEarlierSchemaStillDecodes(String resource, String newField) throws Exception {
        org.apache.avro.Schema old;
        try (java.io.InputStream in = RequestDecoder.class.getResourceAsStream(resource)) {
            old = new org.apache.avro.Schema.Parser().parse(in);
        }
        assertThat(old.getField(newField)).isNull();
        assertThat(AugmentationRequest.getClassSchema().getField(newField)).isNotNull();
        assertThat(org.apache.avro.SchemaCompatibility.checkReaderWriterCompatibility(AugmentationRequest.getClassSchema(), old)
                .getType()).isEqualTo(org.apache.avro.SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        org.apache.avro.generic.GenericRecord source = new org.apache.avro.generic.GenericData.Record(
                old.getField("source").schema().getTypes().get(0));
        source.put("path", "/data/cards.csv");
        org.apache.avro.generic.GenericRecord destination = new org.apache.avro.generic.GenericData.Record(
                old.getField("destination").schema().getTypes().get(1));
        destination.put("topic", "out");
        org.apache.avro.generic.GenericRecord r = new org.apache.avro.generic.GenericData.Record(old);
        r.put("request_id", "old-1");
        r.put("source", source);
        r.put("label_column", "label");
        r.put("minority", List.of("1"));
        r.put("count", 10);
        r.put("method", new org.apache.avro.generic.GenericData.EnumSymbol(old.getField("method").schema(), "GAN"));
        r.put("seed", 42L);
        r.put("destination", destination);
        ByteBuffer b = new org.apache.avro.message.BinaryMessageEncoder<org.apache.avro.generic.GenericRecord>(
                org.apache.avro.generic.GenericData.get(), old).encode(r);
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);

        IncomingRequest in = RequestDecoder.decode(bytes);
        assertThat(in.requestId()).isEqualTo("old-1");
        assertThat(in.method()).isEqualTo("GAN");
        assertThat(in.destination()).isEqualTo(IncomingRequest.Location.topic("out", null));
        assertThat(in.ganSampling()).isNull();
        assertThat(in.ganFineTune()).isNull();
    }

    @Test
    void aJsonGanSamplingDecodesAndABadOneIsRejected() {
        String base = "{\"request_id\": \"r6\", \"source\": {\"path\": \"/d.csv\"}, \"label_column\": \"l\", \"minority\": [\"1\"],"
                + " \"count\": 5, \"method\": \"gan\", \"destination\": {\"topic\": \"out\"}, \"gan_sampling\": ";
        assertThat(RequestDecoder.decode((base + "{\"truncation\": 1, \"snap\": true}}").getBytes(StandardCharsets.UTF_8))
                .ganSampling()).isEqualTo(new IncomingRequest.GanSampling(null, 1.0, true));
        assertThat(RequestDecoder.decode((base + "null}").getBytes(StandardCharsets.UTF_8)).ganSampling()).isNull();
        assertThatThrownBy(() -> RequestDecoder.decode((base + "{\"snap\": \"yes\"}}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(RejectedRequestException.class).hasMessageContaining("'gan_sampling.snap' must be true or false");
        assertThatThrownBy(() -> RequestDecoder.decode((base + "{\"truncation\": \"none\"}}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(RejectedRequestException.class).hasMessageContaining("'gan_sampling.truncation' must be a number");
        assertThatThrownBy(() -> RequestDecoder.decode((base + "1}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(RejectedRequestException.class).hasMessageContaining("'gan_sampling' must be an object");
        assertThat(RequestDecoder.decode((base + "null, \"gan_fine_tune\": 0.2}").getBytes(StandardCharsets.UTF_8)).ganFineTune())
                .isEqualTo(0.2);
        assertThat(RequestDecoder.decode((base + "null}").getBytes(StandardCharsets.UTF_8)).ganFineTune()).isNull();
        assertThatThrownBy(() -> RequestDecoder.decode((base + "null, \"gan_fine_tune\": \"a fifth\"}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(RejectedRequestException.class).hasMessageContaining("'gan_fine_tune' must be a number, was \"a fifth\"");
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
