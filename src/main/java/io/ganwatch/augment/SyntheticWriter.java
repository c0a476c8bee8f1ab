package io.ganwatch.augment;

import io.ganwatch.features.RawValues;
import io.ganwatch.input.Table;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes synthetic rows as CSV or as an Avro object container file, chosen by the file name.
 *
 * <p>CSV: the table's columns plus a last column {@code synthetic} = {@code true}, so the rows can
 * be concatenated with real ones and still be told apart. Whole numbers print without ".0".
 *
 * <p>Avro, when the training rows came from an Avro file: that file's record schema (only the
 * fields the table still has), with values converted back to each field's type (int, long, float,
 * enum symbol, boolean, ...), so the rows drop into the same pipeline as the real records; the file
 * metadata carries {@code ganwatch.synthetic=true} instead of an extra field, which the schema
 * would not allow. Otherwise a generated record schema: numeric columns as double, the rest as
 * string (each made nullable only where a value is missing), field names made Avro-safe, plus a
 * boolean field {@code synthetic}. Values are converted by {@link AvroValues}.
 */
public final class SyntheticWriter {
    /** Name of the flag column (CSV) or field (generated Avro schema). */
    public static final String SYNTHETIC = "synthetic";
    /** Avro file metadata key marking a file of synthetic rows. */
    public static final String SYNTHETIC_META = "ganwatch.synthetic";

    private SyntheticWriter() {
    }

    /**
     * Writes to {@code file}: Avro for {@code .avro}, CSV for {@code .csv}.
     *
     * @param sourceSchema the training file's Avro schema, or {@code null} when it was not Avro
     * @throws IllegalArgumentException for another file extension or a value the schema cannot hold
     * @throws UncheckedIOException     when the file cannot be written
     */
    public static void write(Table rows, Path file, Schema sourceSchema) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".avro")) {
            writeAvro(rows, file, sourceSchema);
        } else if (name.endsWith(".csv")) {
            writeCsv(rows, file);
        } else {
            throw new IllegalArgumentException("cannot tell the output format of " + file + "; name it FILE.csv or FILE.avro");
        }
    }

    /** Writes CSV with a header: the columns, then {@code synthetic}. */
    public static void writeCsv(Table rows, Path file) {
        checkNoSyntheticColumn(rows);
        List<String> header = new ArrayList<>(rows.columns());
        header.add(SYNTHETIC);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).build().print(w)) {
            List<String> record = new ArrayList<>(header.size());
            for (Table.Row row : rows.rows()) {
                record.clear();
                for (Object v : row.values()) {
                    record.add(text(v));
                }
                record.add("true");
                csv.printRecord(record);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage() + "; check the path and free space", e);
        }
    }

    /** Writes an Avro container file (see the class comment for the schema used). */
    public static void writeAvro(Table rows, Path file, Schema sourceSchema) {
        writeAvro(rows, file, sourceSchema, Map.of());
    }

    /**
     * Writes an Avro container file (see the class comment for the schema used) whose metadata also
     * holds {@code metadata}, such as the service's request id.
     */
    public static void writeAvro(Table rows, Path file, Schema sourceSchema, Map<String, String> metadata) {
        boolean generated = sourceSchema == null;
        Schema schema = generated ? generatedSchema(rows) : keptFields(sourceSchema, rows);
        int[] columnOf = new int[schema.getFields().size()];
        for (Schema.Field f : schema.getFields()) {
            columnOf[f.pos()] = generated && f.name().equals(SYNTHETIC) ? -1 : rows.columns().indexOf(originalName(f));
        }
        try (DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))) {
            metadata.forEach(w::setMeta);
            w.setMeta(SYNTHETIC_META, "true");
            w.create(schema, file.toFile());
            for (Table.Row row : rows.rows()) {
                GenericRecord r = new GenericData.Record(schema);
                for (Schema.Field f : schema.getFields()) {
                    int c = columnOf[f.pos()];
                    r.put(f.pos(), c < 0 ? Boolean.TRUE : AvroValues.convert(row.get(c), f.schema(), f.name(), row.line()));
                }
                w.append(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage() + "; check the path and free space", e);
        } catch (AvroRuntimeException e) {
            throw new IllegalArgumentException("cannot write " + file + " as Avro: " + e.getMessage(), e);
        }
    }

    /** A value as CSV text: missing as empty, whole numbers without ".0", other numbers in full precision. */
    static String text(Object v) {
        if (RawValues.isMissing(v)) {
            return "";
        }
        if (v instanceof Double || v instanceof Float) {
            return RawValues.category(v);
        }
        return v.toString();
    }

    private static void checkNoSyntheticColumn(Table rows) {
        if (rows.columns().contains(SYNTHETIC)) {
            throw new IllegalArgumentException("the rows already have a column '" + SYNTHETIC
                    + "'; rename or drop it (--exclude) so the flag column can be added");
        }
    }

    /** The source schema with only the fields the table still has (some may have been excluded). */
    private static Schema keptFields(Schema source, Table rows) {
        if (source.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("the training file's Avro schema is a " + source.getType().getName() + ", not a record");
        }
        List<String> unknown = rows.columns().stream().filter(c -> source.getField(c) == null).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("column(s) " + String.join(", ", unknown) + " are not fields of the training file's"
                    + " Avro schema " + source.getFullName() + "; write the rows as .csv instead");
        }
        if (source.getFields().size() == rows.columns().size()) {
            return source;
        }
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : source.getFields()) {
            if (rows.columns().contains(f.name())) {
                fields.add(new Schema.Field(f, f.schema()));
            }
        }
        Schema kept = Schema.createRecord(source.getName(), source.getDoc(), source.getNamespace(), false, fields);
        source.getObjectProps().forEach(kept::addProp);
        return kept;
    }

    /** double for numeric columns, string otherwise, nullable where a value is missing; plus {@code synthetic}. */
    private static Schema generatedSchema(Table rows) {
        checkNoSyntheticColumn(rows);
        List<Schema.Field> fields = new ArrayList<>();
        Set<String> used = new HashSet<>();
        used.add(SYNTHETIC);
        for (int c = 0; c < rows.columns().size(); c++) {
            String column = rows.columns().get(c);
            boolean numeric = true;
            boolean missing = false;
            for (Table.Row row : rows.rows()) {
                Object v = row.get(c);
                if (RawValues.isMissing(v)) {
                    missing = true;
                } else if (numeric && !(v instanceof Number) && RawValues.number(v, rows.source(), row.line(), column) == null) {
                    numeric = false;
                }
            }
            Schema type = Schema.create(numeric ? Schema.Type.DOUBLE : Schema.Type.STRING);
            if (missing) {
                type = Schema.createUnion(Schema.create(Schema.Type.NULL), type);
            }
            String name = avroName(column, used);
            Schema.Field f = new Schema.Field(name, type, name.equals(column) ? null : "column '" + column + "'", (Object) null);
            if (!name.equals(column)) {
                f.addProp("ganwatch.column", column);
            }
            fields.add(f);
        }
        fields.add(new Schema.Field(SYNTHETIC, Schema.create(Schema.Type.BOOLEAN), "true: made by ganwatch augment", (Object) null));
        return Schema.createRecord("SyntheticRow", "Synthetic minority rows written by ganwatch augment",
                "io.ganwatch.augment", false, fields);
    }

    private static String originalName(Schema.Field f) {
        Object original = f.getObjectProp("ganwatch.column");
        return original == null ? f.name() : original.toString();
    }

    /** A valid, unused Avro name for a column: invalid characters become '_', a leading digit gets '_'. */
    private static String avroName(String column, Set<String> used) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < column.length(); i++) {
            char ch = column.charAt(i);
            boolean ok = ch < 128 && (Character.isLetterOrDigit(ch) || ch == '_');
            b.append(ok ? ch : '_');
        }
        if (b.length() == 0 || Character.isDigit(b.charAt(0))) {
            b.insert(0, '_');
        }
        String base = b.toString();
        String name = base;
        for (int k = 2; !used.add(name); k++) {
            name = base + "_" + k;
        }
        return name;
    }
}
