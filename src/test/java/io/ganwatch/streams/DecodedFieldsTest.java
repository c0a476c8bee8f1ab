package io.ganwatch.streams;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A decoded record's field names, which {@code train --input-topic} takes as columns: in the record's own order. */
class DecodedFieldsTest {
    @Test
    void jsonGivesItsKeysInOrder() {
        DecodedRecord r = new JsonRecordDecoder().decode("{\"z\": 1, \"a\": \"x\", \"m\": null}".getBytes(StandardCharsets.UTF_8));
        assertThat(r.fields()).containsExactly("z", "a", "m");
    }

    @Test
    void avroGivesItsWriterSchemaFields() {
        org.apache.avro.Schema schema = org.apache.avro.SchemaBuilder.record("Conn").fields().requiredDouble("bytes")
                .requiredString("protocol").optionalDouble("duration").endRecord();
        org.apache.avro.generic.GenericRecord r = new org.apache.avro.generic.GenericRecordBuilder(schema).set("bytes", 1.0)
                .set("protocol", "tcp").build();
        assertThat(ValueEncoder.ofAvro(r).fields()).containsExactly("bytes", "protocol", "duration");
    }

    @Test
    void aMapGivesItsKeys() {
        assertThat(ValueEncoder.ofMap(Map.of("a", 1)).fields()).containsExactly("a");
    }
}
