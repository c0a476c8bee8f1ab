package io.ganwatch.input;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AvroTableReaderTest {
    @TempDir
    Path dir;

    private final AvroTableReader reader = new AvroTableReader();

    private static final Schema FLAT = SchemaBuilder.record("Connection").fields()
            .requiredInt("port")
            .requiredLong("bytes")
            .requiredFloat("ratio")
            .requiredDouble("rate")
            .optionalDouble("latency")
            .requiredString("proto")
            .name("level").type().enumeration("Level").symbols("LOW", "HIGH").noDefault()
            .requiredBoolean("flag")
            .endRecord();

    private static byte[] avro(Schema schema, List<GenericRecord> records) throws IOException {
        return avro(schema, records, 64_000);
    }

    private static byte[] avro(Schema schema, List<GenericRecord> records, int syncInterval) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))) {
            w.setSyncInterval(syncInterval);
            w.create(schema, out);
            for (GenericRecord r : records) {
                w.append(r);
            }
        }
        return out.toByteArray();
    }

    private static GenericRecord flat(int port, long bytes, float ratio, double rate, Double latency, String proto,
                                      String level, boolean flag) {
        GenericRecord r = new GenericData.Record(FLAT);
        r.put("port", port);
        r.put("bytes", bytes);
        r.put("ratio", ratio);
        r.put("rate", rate);
        r.put("latency", latency);
        r.put("proto", proto);
        r.put("level", new GenericData.EnumSymbol(FLAT.getField("level").schema(), level));
        r.put("flag", flag);
        return r;
    }

    /** Records 0..499, port and bytes equal to the record's index. */
    private static List<GenericRecord> fiveHundred() {
        List<GenericRecord> many = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add(flat(i, i, 1f, 1, null, "tcp", "LOW", true));
        }
        return many;
    }

    @Test
    void readsFlatRecordsConvertingNumbersToDoubleAndTheRestToText() throws Exception {
        Path f = Fixtures.write(dir, "conn.avro", avro(FLAT, List.of(
                flat(443, 5_000_000_000L, 0.5f, 0.25, 12.5, "tcp", "LOW", true),
                flat(53, 80, 1f, 1.0, null, "udp", "HIGH", false))));

        Table t = reader.read(f);

        assertThat(t.source()).isEqualTo(f.toString());
        assertThat(t.columns()).containsExactly("port", "bytes", "ratio", "rate", "latency", "proto", "level", "flag");
        assertThat(t.rows()).extracting(Table.Row::line).containsExactly(1L, 2L);
        assertThat(t.rows().get(0).values()).containsExactly(443.0, 5.0e9, 0.5, 0.25, 12.5, "tcp", "LOW", "true");
        assertThat(t.rows().get(1).values()).containsExactly(53.0, 80.0, 1.0, 1.0, null, "udp", "HIGH", "false");
        assertThat(t.rows().get(0).get(5)).isExactlyInstanceOf(String.class);
    }

    @Test
    void readsGzippedAvro() throws Exception {
        Path f = Fixtures.write(dir, "conn.avro.gz", avro(FLAT, List.of(flat(1, 2, 3f, 4, 5.0, "icmp", "LOW", true))));

        Table t = reader.read(f);

        assertThat(t.rows().get(0).values()).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0, "icmp", "LOW", "true");
    }

    @Test
    void fileWithSchemaAndNoRecordsHasZeroRows() throws Exception {
        Table t = reader.read(Fixtures.write(dir, "none.avro", avro(FLAT, List.of())));

        assertThat(t.columns()).hasSize(8);
        assertThat(t.size()).isZero();
    }

    @Test
    void nestedRecordIsRefusedNamingTheField() throws Exception {
        Schema inner = SchemaBuilder.record("Endpoint").fields().requiredString("host").endRecord();
        Schema nested = SchemaBuilder.record("Event").fields()
                .requiredDouble("bytes")
                .name("source").type(inner).noDefault()
                .endRecord();
        GenericRecord src = new GenericData.Record(inner);
        src.put("host", "a");
        GenericRecord r = new GenericData.Record(nested);
        r.put("bytes", 1.0);
        r.put("source", src);
        Path f = Fixtures.write(dir, "nested.avro", avro(nested, List.of(r)));

        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOfSatisfying(InputException.class, e -> assertThat(e.column()).isEqualTo("source"))
                .hasMessageStartingWith(f + ": column 'source': has Avro type record")
                .hasMessageContaining("only flat records of primitive fields");
    }

    @Test
    void arrayInsideANullableUnionIsRefused() throws Exception {
        Schema s = SchemaBuilder.record("Event").fields()
                .name("tags").type().unionOf().nullType().and().array().items().stringType().endUnion().nullDefault()
                .endRecord();
        Path f = Fixtures.write(dir, "array.avro", avro(s, List.of()));

        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("column 'tags': has Avro type array");
    }

    @Test
    void notAnAvroFileIsRefused() throws Exception {
        Path f = Fixtures.text(dir, "data.avro", "a,b\n1,2\n");

        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(f + ": is not an Avro object container file");
    }

    @Test
    void emptyFileIsRefused() throws Exception {
        Path f = Fixtures.write(dir, "empty.avro", new byte[0]);

        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(f + ": is empty;");
    }

    @Test
    void truncatedFileIsRefusedWithTheRecordNumber() throws Exception {
        byte[] bytes = avro(FLAT, fiveHundred());
        Path f = Fixtures.write(dir, "cut.avro", java.util.Arrays.copyOf(bytes, bytes.length - 40));

        // Avro's own reader stops silently here; a truncated file must not load as fewer rows.
        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(f + ":1: the file ends inside a block of records");
    }

    @Test
    void truncatedMultiBlockFileNamesTheFirstLostRecord() throws Exception {
        byte[] bytes = avro(FLAT, fiveHundred(), 200);
        Path f = Fixtures.write(dir, "cut2.avro", java.util.Arrays.copyOf(bytes, bytes.length - 40));

        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOfSatisfying(InputException.class, e -> assertThat(e.line()).isBetween(2L, 500L))
                .hasMessageContaining("the file ends inside a block of records");
    }

    @Test
    void streamingHandsOutRecordsBeforeTheFileIsFinished() throws Exception {
        // A multi-block file cut short: a streaming reader has handed out the records of the whole blocks
        // when it meets the cut (a reader that loads the file first hands out none), in order, as doubles.
        byte[] bytes = avro(FLAT, fiveHundred(), 200);
        Path f = Fixtures.write(dir, "cut3.avro", java.util.Arrays.copyOf(bytes, bytes.length - 40));
        List<Object> ports = new java.util.ArrayList<>();
        List<String> header = new java.util.ArrayList<>();

        assertThatThrownBy(() -> reader.stream(f, new RowVisitor() {
            @Override
            public void columns(String source, List<String> columns) {
                header.addAll(columns);
            }

            @Override
            public void row(long line, Object[] values) {
                assertThat(line).isEqualTo(ports.size() + 1L);
                ports.add(values[0]);
            }
        })).isInstanceOf(InputException.class).hasMessageContaining("the file ends inside a block of records");
        assertThat(header).startsWith("port", "bytes");
        assertThat(ports).isNotEmpty().hasSizeLessThan(500);
        assertThat(ports.get(ports.size() - 1)).isEqualTo((double) (ports.size() - 1));
    }

    @Test
    void missingFileIsAnError() {
        Path f = dir.resolve("none.avro");

        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(InputException.class)
                .hasMessage(f + ": no such file; check the path");
        assertThat(Files.exists(f)).isFalse();
    }
}
