package io.ganwatch.augment;

import io.ganwatch.features.RawValues;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

import java.util.Locale;
import java.util.Objects;

/**
 * Turns a raw table value (a {@link Double} or text, as the readers and the augmentation methods
 * give them) back into the Avro type of a field, so that synthetic rows can be written in a
 * source's own schema: whole numbers are rounded for int and long fields (an int must be in range),
 * floats narrowed, enum values must be one of the symbols, booleans must read {@code true} or
 * {@code false}, and a missing value needs a nullable field. Shared by {@link SyntheticWriter}
 * (files) and the augmentation service (topic records).
 */
public final class AvroValues {
    private AvroValues() {
    }

    /**
     * A raw value as the Avro type of {@code schema}; a union takes the first non-null branch the value fits.
     *
     * @param field the field's name, for the message
     * @param line  the synthetic row's line, for the message
     * @throws IllegalArgumentException naming the field and the value, when the value does not fit
     * @throws io.ganwatch.input.InputException for NaN or an infinity in a numeric field
     */
    public static Object convert(Object v, Schema schema, String field, long line) {
        Objects.requireNonNull(schema, "schema");
        if (schema.getType() == Schema.Type.UNION) {
            if (RawValues.isMissing(v)) {
                if (schema.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL)) {
                    return null;
                }
                throw cannot(v, schema, field, line, "the field is not nullable");
            }
            IllegalArgumentException first = null;
            for (Schema branch : schema.getTypes()) {
                if (branch.getType() != Schema.Type.NULL) {
                    try {
                        return convert(v, branch, field, line);
                    } catch (IllegalArgumentException e) {
                        first = first == null ? e : first;
                    }
                }
            }
            throw first != null ? first : cannot(v, schema, field, line, "no branch of the union fits");
        }
        if (RawValues.isMissing(v)) {
            if (schema.getType() == Schema.Type.NULL) {
                return null;
            }
            throw cannot(v, schema, field, line, "the value is missing and the field is not nullable");
        }
        switch (schema.getType()) {
            case INT, LONG, FLOAT, DOUBLE -> {
                Double d = RawValues.number(v, "synthetic rows", line, field);
                if (d == null) {
                    throw cannot(v, schema, field, line, "not a number");
                }
                return switch (schema.getType()) {
                    case INT -> {
                        long n = Math.round(d);
                        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
                            throw cannot(v, schema, field, line, "out of int range");
                        }
                        yield (int) n;
                    }
                    case LONG -> Math.round(d);
                    case FLOAT -> d.floatValue();
                    default -> d;
                };
            }
            case STRING -> {
                return RawValues.category(v);
            }
            case ENUM -> {
                String symbol = RawValues.category(v);
                if (!schema.hasEnumSymbol(symbol)) {
                    throw cannot(v, schema, field, line, "not one of the symbols " + schema.getEnumSymbols());
                }
                return new GenericData.EnumSymbol(schema, symbol);
            }
            case BOOLEAN -> {
                String s = RawValues.category(v).toLowerCase(Locale.ROOT);
                if (!s.equals("true") && !s.equals("false")) {
                    throw cannot(v, schema, field, line, "not true or false");
                }
                return Boolean.valueOf(s);
            }
            default -> throw cannot(v, schema, field, line, "ganwatch writes only flat records of primitive fields");
        }
    }

    private static IllegalArgumentException cannot(Object v, Schema schema, String field, long line, String why) {
        return new IllegalArgumentException("synthetic row " + line + ": field '" + field + "' of Avro type "
                + schema.getType().getName() + " cannot hold '" + v + "' (" + why + "); write the rows as .csv instead");
    }
}
