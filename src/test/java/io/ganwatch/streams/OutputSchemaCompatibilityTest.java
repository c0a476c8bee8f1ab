package io.ganwatch.streams;

import io.ganwatch.avro.AnomalyAlert;
import io.ganwatch.avro.ScoredRecord;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The output schemas gained {@code p_value}; consumers and stored data written before it must keep
 * working both ways. The schemas as they were are kept under {@code schemas-before-p-value/}.
 */
class OutputSchemaCompatibilityTest {

    static Schema before(String name) throws IOException {
        try (InputStream in = OutputSchemaCompatibilityTest.class.getResourceAsStream("/schemas-before-p-value/" + name + ".avsc")) {
            return new Schema.Parser().parse(in);
        }
    }

    static byte[] write(GenericRecord r) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(r.getSchema()).write(r, enc);
        enc.flush();
        return out.toByteArray();
    }

    @Test
    void theNewSchemasReadDataWrittenWithTheOldOnesAndTheOldOnesReadTheNew() throws IOException {
        for (Schema now : List.of(ScoredRecord.getClassSchema(), AnomalyAlert.getClassSchema())) {
            Schema old = before(now.getName());
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(now, old).getType())
                    .as("new %s reads old data", now.getName()).isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(old, now).getType())
                    .as("old %s reads new data", now.getName()).isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
            Schema.Field p = now.getField("p_value");
            assertThat(p).as("%s has p_value", now.getName()).isNotNull();
            assertThat(p.hasDefaultValue()).isTrue();
        }
    }

    @Test
    void aScoredRecordWrittenBeforeReadsWithNoPValue() throws IOException {
        Schema old = before("ScoredRecord");
        GenericRecord r = new GenericData.Record(old);
        r.put("source_topic", "in");
        r.put("source_partition", 2);
        r.put("source_offset", 17L);
        r.put("record_key", null);
        r.put("event_time", 1_700_000_000_000L);
        r.put("score", 54.8);
        r.put("threshold", 39.0);
        r.put("is_anomaly", true);
        r.put("model_id", "net");
        r.put("model_version", "v1");
        BinaryDecoder dec = DecoderFactory.get().binaryDecoder(write(r), null);
        ScoredRecord read = new SpecificDatumReader<ScoredRecord>(old, ScoredRecord.getClassSchema()).read(null, dec);
        assertThat(read.getScore()).isEqualTo(54.8);
        assertThat(read.getSourceOffset()).isEqualTo(17L);
        assertThat(read.get("p_value")).isNull();
    }

    @Test
    void anAlertWrittenNowReadsWithTheOldSchema() throws IOException {
        AnomalyAlert now = AnomalyAlert.newBuilder().setAlertId("in-0-1").setSourceTopic("in").setSourcePartition(0)
                .setSourceOffset(1).setRecordKey(null).setEventTime(java.time.Instant.ofEpochMilli(5)).setScore(2.0)
                .setThreshold(1.0).setModelId("net").setModelVersion("v1").setTopFeatures(List.of()).setRecordJson("{}")
                .build();
        now.put("p_value", 0.01);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new org.apache.avro.specific.SpecificDatumWriter<AnomalyAlert>(AnomalyAlert.getClassSchema()).write(now, enc);
        enc.flush();
        Schema old = before("AnomalyAlert");
        GenericRecord read = new GenericDatumReader<GenericRecord>(AnomalyAlert.getClassSchema(), old)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        assertThat(read.get("score")).isEqualTo(2.0);
        assertThat(read.get("record_json").toString()).isEqualTo("{}");
        assertThat(read.getSchema().getField("p_value")).isNull();
    }

    /** The alert schema as it was before {@code FeatureContribution.unseen}. */
    static Schema beforeUnseen() throws IOException {
        try (InputStream in = OutputSchemaCompatibilityTest.class.getResourceAsStream("/schemas-before-unseen/AnomalyAlert.avsc")) {
            return new Schema.Parser().parse(in);
        }
    }

    @Test
    void aTopFeatureWrittenBeforeUnseenReadsAsSeenAndTheOldSchemaReadsTheNew() throws IOException {
        Schema old = beforeUnseen();
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(AnomalyAlert.getClassSchema(), old).getType())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(old, AnomalyAlert.getClassSchema()).getType())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        Schema featureSchema = old.getField("top_features").schema().getElementType();
        GenericRecord feature = new GenericData.Record(featureSchema);
        feature.put("name", "merchant_category");
        feature.put("value", "5999");
        feature.put("contribution", 12.5);
        GenericRecord r = new GenericData.Record(old);
        r.put("alert_id", "in-0-1");
        r.put("source_topic", "in");
        r.put("source_partition", 0);
        r.put("source_offset", 1L);
        r.put("record_key", null);
        r.put("event_time", 5L);
        r.put("score", 2.0);
        r.put("threshold", 1.0);
        r.put("model_id", "net");
        r.put("model_version", "v1");
        r.put("top_features", List.of(feature));
        r.put("record_json", "{}");
        r.put("p_value", null);
        BinaryDecoder dec = DecoderFactory.get().binaryDecoder(write(r), null);
        AnomalyAlert read = new SpecificDatumReader<AnomalyAlert>(old, AnomalyAlert.getClassSchema()).read(null, dec);
        assertThat(read.getTopFeatures().get(0).getValue()).isEqualTo("5999");
        assertThat(read.getTopFeatures().get(0).get("unseen")).isEqualTo(false);
    }
}
