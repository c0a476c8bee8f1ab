package io.ganwatch.input;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an Avro object container file of flat records, one row per record.
 *
 * <p>Avro is what the Kafka side of a pipeline usually archives, so models can be trained on the
 * same records they will later score. Only flat records of primitive fields map onto a table;
 * nested records, arrays, maps and bytes are refused by field name instead of being flattened by
 * a rule the stream scorer would then have to repeat exactly. Numbers become {@link Double}
 * (as in NPZ), strings, enums and booleans become text, so the feature learner treats them as
 * categories. The file is streamed rather than opened for random access, which also lets a
 * {@code .avro.gz} be read, and {@link #stream} holds one record at a time, so training on a file
 * larger than memory works as it does for CSV. Record numbers start at 1 and serve as line numbers.
 */
public final class AvroTableReader implements TableReader {
    private static final int DEDUP_LIMIT = 10_000;

    @Override
    public Table read(Path file, long maxRows) {
        return RowSource.collect(file.toString(), v -> stream(file, v), maxRows);
    }

    /** Streams the records one at a time: only the current one is held (and the dedup cache of text values). */
    @Override
    public void stream(Path file, RowVisitor visitor) {
        String name = file.toString();
        InputStream in = Sources.open(file);
        if (Sources.isEmpty(file)) {
            Sources.closeQuietly(in);
            throw new InputException(name, 0, null, "is empty; pass an Avro object container file holding at least its schema");
        }
        long record = 0;
        try (DataFileStream<GenericRecord> stream = open(name, in)) {
            Schema schema = stream.getSchema();
            if (schema.getType() != Schema.Type.RECORD) {
                throw new InputException(name, 0, null, "holds Avro values of type " + schema.getType().getName()
                        + ", not records; only files of flat records of primitive fields can be read");
            }
            List<String> columns = new ArrayList<>();
            for (Schema.Field field : schema.getFields()) {
                checkPrimitive(name, field.name(), field.schema());
                columns.add(field.name());
            }
            visitor.columns(name, List.copyOf(columns));
            List<Sources.Dedup<String>> dedup = new ArrayList<>();
            columns.forEach(c -> dedup.add(new Sources.Dedup<>(DEDUP_LIMIT)));
            GenericRecord reuse = null;
            while (stream.hasNext()) {
                record++;
                reuse = stream.next(reuse);
                Object[] values = new Object[columns.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = value(reuse.get(i), dedup.get(i));
                }
                visitor.row(record, values);
            }
            // DataFileStream ends iteration quietly when the file stops inside a block, so a
            // truncated file would otherwise load as fewer rows. After such a stop it still has
            // records pending and says hasNext() again; after a clean end it does not.
            if (stream.hasNext()) {
                throw new InputException(name, record + 1, null,
                        "the file ends inside a block of records (truncated?); copy or export the file again");
            }
        } catch (IOException | AvroRuntimeException e) {
            throw new InputException(name, record + 1, null, "is corrupt or truncated at this record ("
                    + Sources.oneLine(e) + "); export the file again", e);
        }
    }

    /**
     * The writer schema of an Avro container file ({@code .avro.gz} too), read from its header only;
     * lets derived files (synthetic rows) be written with the source's own record type.
     *
     * @throws InputException when the file is missing, unreadable or not an Avro container file
     */
    public static Schema schema(Path file) {
        String name = file.toString();
        InputStream in = Sources.open(file);
        if (Sources.isEmpty(file)) {
            Sources.closeQuietly(in);
            throw new InputException(name, 0, null, "is empty; pass an Avro object container file holding at least its schema");
        }
        try (DataFileStream<GenericRecord> stream = open(name, in)) {
            return stream.getSchema();
        } catch (IOException e) {
            throw Sources.failure(file, 0, e);
        }
    }

    private static DataFileStream<GenericRecord> open(String name, InputStream in) {
        try {
            return new DataFileStream<>(in, new GenericDatumReader<>());
        } catch (IOException | AvroRuntimeException e) {
            Sources.closeQuietly(in);
            throw new InputException(name, 0, null, "is not an Avro object container file (" + Sources.oneLine(e)
                    + "); pass an .avro data file, or the right --format", e);
        }
    }

    private static void checkPrimitive(String file, String field, Schema schema) {
        switch (schema.getType()) {
            case INT, LONG, FLOAT, DOUBLE, STRING, ENUM, BOOLEAN, NULL -> {
            }
            case UNION -> schema.getTypes().forEach(branch -> checkPrimitive(file, field, branch));
            default -> throw new InputException(file, 0, field, "has Avro type " + schema.getType().getName()
                    + "; only flat records of primitive fields (numbers, strings, enums, booleans) can be read:"
                    + " flatten the record or drop this field");
        }
    }

    private static Object value(Object v, Sources.Dedup<String> dedup) {
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        String s = v instanceof Boolean b ? (b ? "true" : "false") : v.toString();
        String shared = dedup.get(s);
        return shared != null ? shared : dedup.put(s, s);
    }
}
