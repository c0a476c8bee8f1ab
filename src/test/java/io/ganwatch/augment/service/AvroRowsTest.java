package io.ganwatch.augment.service;

import io.ganwatch.features.RawValues;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AvroRowsTest {
    private static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type": "record", "name": "Conn", "fields": [
              {"name": "port", "type": "long"}, {"name": "rate", "type": "float"}, {"name": "code", "type": "string"}]}
            """);

    @Test
    void numbersOnASourceTopicAreTheCategoriesTheCsvTextOfThemIs() {
        // A job may learn from a topic and its results be used on CSV exports of it, or the other way.
        GenericRecord g = new GenericData.Record(SCHEMA);
        g.put("port", 80L);
        g.put("rate", 0.5f);
        g.put("code", "007");
        Object[] row = AvroRows.row(g);
        assertThat(RawValues.category(row[0])).isEqualTo(RawValues.category("80.0")).isEqualTo("80");
        assertThat(RawValues.category(row[1])).isEqualTo(RawValues.category("0.50")).isEqualTo("0.5");
        assertThat(RawValues.category(row[2])).isEqualTo("007");
    }
}
