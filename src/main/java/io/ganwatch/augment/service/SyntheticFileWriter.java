package io.ganwatch.augment.service;

import io.ganwatch.features.RawValues;
import io.ganwatch.input.Table;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes synthetic rows to a destination file: first to a temporary file in the same directory,
 * then moved over the destination in one step, so that a reader never sees half a file and a crash
 * leaves either the old file or the new one. A replay after such a crash writes the file again
 * (the destination is replaced, not appended to).
 *
 * <p>CSV gets the source's columns plus {@value #MARKER_COLUMN} = {@code true} (CSV has nowhere
 * else to say so). Avro keeps the source's own schema when the source is Avro (a schema is derived
 * from the columns otherwise: numeric columns as optional doubles, the rest as optional strings),
 * and says it in the file's metadata: {@code ganwatch.synthetic=true}, {@code ganwatch.request.id}.
 *
 * <p>A stand-in until {@code io.ganwatch.augment.SyntheticWriter} is shared by the CLI and the service.
 */
final class SyntheticFileWriter {
    /** The column that marks CSV rows as synthetic. */
    static final String MARKER_COLUMN = "ganwatch_synthetic";

    /**
     * Writes the rows and moves the file into place.
     *
     * @throws UncheckedIOException     when the file cannot be written
     * @throws RejectedRequestException when the columns cannot be an Avro file's fields
     */
    void write(Destination.ToFile to, SourceData source, Table synthetic, String requestId) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile(to.path().getParent(), "." + to.path().getFileName(), ".tmp");
            if (to.format() == Destination.FileFormat.CSV) {
                csv(tmp, synthetic);
            } else {
                avro(tmp, source.schema() != null ? source.schema() : derivedSchema(synthetic), synthetic, requestId);
            }
            try {
                Files.move(tmp, to.path(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, to.path(), StandardCopyOption.REPLACE_EXISTING); // same directory: only odd file systems get here
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + to.path() + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // already failing; the write error is the one to report
                }
            }
        }
    }

    private static void csv(Path file, Table synthetic) throws IOException {
        List<String> header = new ArrayList<>(synthetic.columns());
        header.add(MARKER_COLUMN);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).build())) {
            for (Table.Row row : synthetic.rows()) {
                for (Object v : row.values()) {
                    p.print(RawValues.isMissing(v) ? "" : v instanceof Double d ? d.toString() : v.toString());
                }
                p.print("true");
                p.println();
            }
        }
    }

    private static void avro(Path file, Schema schema, Table synthetic, String requestId) throws IOException {
        try (DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<>(schema))) {
            w.setMeta(SyntheticRecords.SYNTHETIC_HEADER, "true");
            w.setMeta(SyntheticRecords.REQUEST_ID_HEADER, requestId);
            w.create(schema, file.toFile());
            for (Table.Row row : synthetic.rows()) {
                w.append(AvroRows.record(schema, synthetic.columns(), row.values()));
            }
        }
    }

    /** A flat schema for rows that did not come from Avro: numeric columns as optional doubles, others as optional strings. */
    static Schema derivedSchema(Table t) {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("SyntheticRow").namespace("io.ganwatch.synthetic")
                .doc("Synthetic rows written by ganwatch augment-service").fields();
        for (int c = 0; c < t.columns().size(); c++) {
            String name = t.columns().get(c);
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new RejectedRequestException("column '" + name + "' is not a valid Avro field name; write the records to a .csv file instead");
            }
            boolean numeric = true;
            for (Table.Row r : t.rows()) {
                Object v = r.get(c);
                if (!RawValues.isMissing(v) && !(v instanceof Number) && RawValues.number(v, t.source(), r.line(), name) == null) {
                    numeric = false;
                    break;
                }
            }
            fields = numeric ? fields.optionalDouble(name) : fields.optionalString(name);
        }
        return fields.endRecord();
    }
}
