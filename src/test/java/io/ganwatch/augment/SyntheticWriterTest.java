package io.ganwatch.augment;

import io.ganwatch.input.AvroTableReader;
import io.ganwatch.input.CsvTableReader;
import io.ganwatch.input.Table;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SyntheticWriterTest {
    @TempDir
    Path dir;

    /** Rows as SMOTE decodes them: numbers as Double, categories as text, a missing value. */
    private static Table rows() {
        List<String> columns = List.of("port", "bytes", "ratio", "proto", "level", "flag", "label");
        List<Table.Row> rows = new ArrayList<>();
        rows.add(new Table.Row(1, new Object[] {443.0, 5.0e9, 0.25, "tcp", "LOW", "true", "attack"}));
        rows.add(new Table.Row(2, new Object[] {53.0, 80.0, 1.0 / 3, "udp", "HIGH", "false", "attack"}));
        rows.add(new Table.Row(3, new Object[] {8080.0, 0.0, 1e-7, null, "LOW", "true", "attack"}));
        return new Table("smote", columns, rows);
    }

    @Test
    void csvRoundTripWithTheSyntheticFlag() {
        Path f = dir.resolve("out.csv");
        SyntheticWriter.write(rows(), f, null);
        Table back = new CsvTableReader().read(f);
        assertThat(back.columns()).containsExactly("port", "bytes", "ratio", "proto", "level", "flag", "label", "synthetic");
        assertThat(back.rows().get(0).values()).containsExactly("443", "5000000000", "0.25", "tcp", "LOW", "true", "attack", "true");
        assertThat(Double.parseDouble((String) back.rows().get(1).get(2))).isEqualTo(1.0 / 3);
        assertThat(Double.parseDouble((String) back.rows().get(2).get(2))).isEqualTo(1e-7);
        assertThat(back.rows().get(2).get(3)).isEqualTo("");
    }

    @Test
    void avroWithAGeneratedSchemaRoundTrips() throws Exception {
        Path f = dir.resolve("out.avro");
        SyntheticWriter.write(rows(), f, null);
        Table back = new AvroTableReader().read(f);
        assertThat(back.columns()).containsExactly("port", "bytes", "ratio", "proto", "level", "flag", "label", "synthetic");
        assertThat(back.rows().get(0).values()).containsExactly(443.0, 5.0e9, 0.25, "tcp", "LOW", "true", "attack", "true");
        assertThat(back.rows().get(2).get(3)).isNull();
        try (DataFileReader<GenericRecord> r = new DataFileReader<>(f.toFile(), new GenericDatumReader<>())) {
            Schema s = r.getSchema();
            assertThat(s.getField("port").schema().getType()).isEqualTo(Schema.Type.DOUBLE);
            assertThat(s.getField("proto").schema().getType()).isEqualTo(Schema.Type.UNION); // has a missing value
            assertThat(s.getField("label").schema().getType()).isEqualTo(Schema.Type.STRING);
            assertThat(s.getField("synthetic").schema().getType()).isEqualTo(Schema.Type.BOOLEAN);
            assertThat(r.getMetaString(SyntheticWriter.SYNTHETIC_META)).isEqualTo("true");
        }
    }

    @Test
    void avroWithTheSourceSchemaConvertsBackToItsFieldTypes() throws Exception {
        Schema source = SchemaBuilder.record("Connection").namespace("net").fields()
                .requiredInt("port")
                .requiredLong("bytes")
                .requiredFloat("ratio")
                .optionalString("proto")
                .name("level").type().enumeration("Level").symbols("LOW", "HIGH").noDefault()
                .requiredBoolean("flag")
                .requiredString("label")
                .requiredString("excluded_id")
                .endRecord();
        Path f = dir.resolve("out.avro");
        SyntheticWriter.write(rows(), f, source);
        try (DataFileReader<GenericRecord> r = new DataFileReader<>(f.toFile(), new GenericDatumReader<>())) {
            assertThat(r.getSchema().getFullName()).isEqualTo("net.Connection");
            assertThat(r.getSchema().getField("excluded_id")).as("a field the rows no longer have").isNull();
            assertThat(r.getSchema().getField("synthetic")).isNull();
            assertThat(r.getMetaString(SyntheticWriter.SYNTHETIC_META)).isEqualTo("true");
            GenericRecord first = r.next();
            assertThat(first.get("port")).isEqualTo(443);
            assertThat(first.get("bytes")).isEqualTo(5_000_000_000L);
            assertThat(first.get("ratio")).isEqualTo(0.25f);
            assertThat(first.get("level").toString()).isEqualTo("LOW");
            assertThat(first.get("flag")).isEqualTo(true);
            r.next();
            assertThat(r.next().get("proto")).isNull();
        }
        Table back = new AvroTableReader().read(f);
        assertThat(back.size()).isEqualTo(3);
        assertThat(back.rows().get(1).values()).containsExactly(53.0, 80.0, (double) (float) (1.0 / 3), "udp", "HIGH", "false", "attack");
    }

    @Test
    void aValueTheSourceSchemaCannotHoldIsNamed() {
        Schema source = SchemaBuilder.record("R").fields()
                .requiredInt("port").requiredLong("bytes").requiredDouble("ratio").requiredString("proto")
                .name("level").type().enumeration("Level").symbols("LOW").noDefault()
                .requiredBoolean("flag").requiredString("label").endRecord();
        assertThatThrownBy(() -> SyntheticWriter.write(rows(), dir.resolve("x.avro"), source))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("field 'level'").hasMessageContaining("HIGH");
    }

    @Test
    void otherExtensionsAreRefused() {
        assertThatThrownBy(() -> SyntheticWriter.write(rows(), dir.resolve("x.parquet"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(".csv or FILE.avro");
    }
}
