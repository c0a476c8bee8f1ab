package io.ganwatch.streams;

import io.ganwatch.features.FeatureEncoder;
import io.ganwatch.features.FeatureSpec;
import io.ganwatch.features.FeatureSpecLearner;
import io.ganwatch.features.MissingPolicy;
import io.ganwatch.input.AvroTableReader;
import io.ganwatch.input.CsvTableReader;
import io.ganwatch.input.Table;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same rows, read from a CSV file, an Avro file, JSON messages and Avro messages through the
 * real readers and decoders, encode to the same features: a port learned from a CSV written as
 * {@code 80.0} is the category the stream's {@code 80} lands in, not the unknown bucket.
 */
class CategoriesAcrossFormatsTest {
    /** port and code are categories (learned with --categorical port,code); code is a text code with leading zeros. */
    private static final String CSV = """
            port,code,bytes
            80.0,007,100
            443.0,010,250.5
            8080.5,007,90
            80.0,010,120
            """;
    private static final int[] PORT = {80, 443, -1, 80};
    private static final String[] CODE = {"007", "010", "007", "010"};
    private static final double[] BYTES = {100, 250.5, 90, 120};
    private static final double HALF_PORT = 8080.5;

    private static Schema schema(String portType) {
        return new Schema.Parser().parse("""
                {"type": "record", "name": "Conn", "namespace": "test", "fields": [
                  {"name": "port", "type": "%s"}, {"name": "code", "type": "string"}, {"name": "bytes", "type": "double"}]}
                """.formatted(portType));
    }

    private static Object port(int row, String avroType) {
        double p = PORT[row] < 0 ? HALF_PORT : PORT[row];
        return avroType.equals("double") ? (Object) p : (Object) (long) p;
    }

    @TempDir
    Path dir;

    private FeatureEncoder learnedFrom(Table table) {
        FeatureSpec spec = new FeatureSpecLearner(Set.of(), Set.of("port", "code"), MissingPolicy.IMPUTE, 100).learn(table);
        return new FeatureEncoder(spec);
    }

    private Table csv() throws Exception {
        return new CsvTableReader().read(Files.writeString(dir.resolve("conn.csv"), CSV));
    }

    private Table avroFile(String portType) throws Exception {
        Schema schema = schema(portType);
        Path file = dir.resolve("conn-" + portType + ".avro");
        try (DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))) {
            w.create(schema, file.toFile());
            for (int r = 0; r < PORT.length; r++) {
                w.append(record(schema, r, portType));
            }
        }
        return new AvroTableReader().read(file);
    }

    private static GenericRecord record(Schema schema, int r, String portType) {
        GenericRecord g = new GenericData.Record(schema);
        g.put("port", port(r, portType));
        g.put("code", CODE[r]);
        g.put("bytes", BYTES[r]);
        return g;
    }

    /** Rows {@code 0..2} only: the half port cannot be a long. */
    private float[][] viaDecoder(FeatureEncoder enc, RecordDecoder decoder, List<byte[]> messages) {
        FieldExtractor fields = new FieldExtractor(enc.spec().columnNames());
        float[][] out = new float[messages.size()][enc.width()];
        for (int r = 0; r < messages.size(); r++) {
            enc.encodeInto(fields.extract(decoder.decode(messages.get(r))), "topic", r, out[r], 0);
        }
        return out;
    }

    private static List<byte[]> json(String portSpelling) {
        return java.util.stream.IntStream.range(0, PORT.length).mapToObj(r -> {
            String port = PORT[r] < 0 ? String.valueOf(HALF_PORT) : portSpelling.formatted(PORT[r]);
            return ("{\"port\": " + port + ", \"code\": \"" + CODE[r] + "\", \"bytes\": " + BYTES[r] + "}")
                    .getBytes(StandardCharsets.UTF_8);
        }).toList();
    }

    private List<byte[]> avroMessages(String portType) throws Exception {
        Schema schema = schema(portType);
        Path avsc = Files.writeString(dir.resolve("conn-" + portType + ".avsc"), schema.toString());
        BinaryMessageEncoder<GenericRecord> encoder = new BinaryMessageEncoder<>(GenericData.get(), schema);
        List<byte[]> out = new java.util.ArrayList<>();
        int rows = portType.equals("double") ? PORT.length : 2;
        for (int r = 0; r < rows; r++) {
            ByteBuffer b = encoder.encode(record(schema, r, portType));
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            out.add(bytes);
        }
        lastCatalog = SchemaCatalog.of(List.of(avsc));
        return out;
    }

    private SchemaCatalog lastCatalog;

    @Test
    void aSpecLearnedFromCsvEncodesAvroAndJsonRecordsAsTheCsvRows() throws Exception {
        Table csv = csv();
        FeatureEncoder enc = learnedFrom(csv);
        float[][] expected = enc.encode(csv);
        // Sanity: each row's port is a known category, not the unknown bucket.
        assertThat(enc.spec().featureNames()).contains("port=80", "port=443", "port=8080.5", "code=007", "code=010");
        int unknownPort = enc.spec().featureNames().indexOf("port=<unknown>");
        for (float[] row : expected) {
            assertThat(row[unknownPort]).isZero();
        }

        assertThat(enc.encode(avroFile("double"))).isDeepEqualTo(expected);
        assertThat(viaDecoder(enc, new JsonRecordDecoder(), json("%d"))).isDeepEqualTo(expected);
        assertThat(viaDecoder(enc, new JsonRecordDecoder(), json("%d.0"))).isDeepEqualTo(expected);
        assertThat(viaDecoder(enc, new JsonRecordDecoder(), json("\"%d.0\""))).isDeepEqualTo(expected);
        List<byte[]> doubles = avroMessages("double");
        assertThat(viaDecoder(enc, new AvroRecordDecoder(lastCatalog), doubles)).isDeepEqualTo(expected);
        List<byte[]> longs = avroMessages("long");
        assertThat(viaDecoder(enc, new AvroRecordDecoder(lastCatalog), longs)).isDeepEqualTo(new float[][] {expected[0], expected[1]});
    }

    @Test
    void specsLearnedFromEachFormatAreTheSame() throws Exception {
        FeatureSpec fromCsv = learnedFrom(csv()).spec();
        assertThat(learnedFrom(avroFile("double")).spec()).isEqualTo(fromCsv);
        assertThat(learnedFrom(avroFile("double")).encode(csv())).isDeepEqualTo(learnedFrom(csv()).encode(csv()));
    }
}
