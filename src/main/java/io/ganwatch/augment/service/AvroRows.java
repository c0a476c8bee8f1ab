package io.ganwatch.augment.service;

import io.ganwatch.augment.AvroValues;
import io.ganwatch.input.InputException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import java.util.List;

/**
 * Between flat Avro records and table rows, both ways, with the same rules as
 * {@link io.ganwatch.input.AvroTableReader}: numbers become {@link Double}, strings, enums and
 * booleans text. Going back, each value is turned into its field's type by {@link AvroValues}, so
 * that a synthetic record decodes with the source's schema.
 */
final class AvroRows {
    private AvroRows() {
    }

    /**
     * Refuses schemas that do not map onto a table: not a record, or a field that is not primitive.
     *
     * @throws RejectedRequestException naming the field
     */
    static void requireFlat(Schema schema, String source) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new RejectedRequestException(source + " holds Avro values of type " + schema.getType().getName()
                    + ", not records; only flat records of primitive fields can be augmented");
        }
        for (Schema.Field f : schema.getFields()) {
            requirePrimitive(source, f.name(), f.schema());
        }
    }

    private static void requirePrimitive(String source, String field, Schema schema) {
        switch (schema.getType()) {
            case INT, LONG, FLOAT, DOUBLE, STRING, ENUM, BOOLEAN, NULL -> {
            }
            case UNION -> schema.getTypes().forEach(branch -> requirePrimitive(source, field, branch));
            default -> throw new RejectedRequestException(source + ": field '" + field + "' has Avro type "
                    + schema.getType().getName() + "; only flat records of primitive fields (numbers, strings, enums,"
                    + " booleans) can be augmented: flatten the record or drop this field");
        }
    }

    /** One record as a table row. */
    static Object[] row(GenericRecord record) {
        Object[] values = new Object[record.getSchema().getFields().size()];
        for (int i = 0; i < values.length; i++) {
            Object v = record.get(i);
            values[i] = v == null ? null : v instanceof Number n ? (Object) n.doubleValue() : v.toString();
        }
        return values;
    }

    /**
     * A row (by column name) as a record of {@code schema}, each value converted by
     * {@link AvroValues#convert}. Fields the row lacks get their schema default, or null when the
     * field allows it.
     *
     * @param line the row's line, for messages
     * @throws IllegalStateException when a value does not fit its field (the job made something the schema cannot hold)
     */
    static GenericRecord record(Schema schema, List<String> columns, Object[] values, long line) {
        GenericData.Record out = new GenericData.Record(schema);
        for (Schema.Field f : schema.getFields()) {
            int c = columns.indexOf(f.name());
            if (c < 0) {
                if (f.hasDefaultValue()) {
                    out.put(f.pos(), GenericData.get().getDefaultValue(f));
                } else if (nullable(f.schema())) {
                    out.put(f.pos(), null);
                } else {
                    throw new IllegalStateException("synthetic rows have no column '" + f.name() + "', which the source schema "
                            + schema.getFullName() + " requires");
                }
                continue;
            }
            try {
                out.put(f.pos(), AvroValues.convert(values[c], f.schema(), f.name(), line));
            } catch (IllegalArgumentException | InputException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        return out;
    }

    private static boolean nullable(Schema s) {
        return s.getType() == Schema.Type.NULL
                || s.getType() == Schema.Type.UNION && s.getTypes().stream().anyMatch(b -> b.getType() == Schema.Type.NULL);
    }
}
