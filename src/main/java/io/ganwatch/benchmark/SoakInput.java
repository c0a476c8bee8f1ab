package io.ganwatch.benchmark;

import io.ganwatch.avro.CardTransaction;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The soak's input (issue 9 §4): the demo's payments in Avro single-object encoding, with every
 * {@value #BAD_EVERY}th record replaced by one kind of bad input, the kinds taken in turn.
 *
 * <p>Two kinds need writer schemas the stream is told about ({@code --schema}): a payment without
 * its {@code amount}, and one whose {@code amount} is a string. They are {@link #writerSchemas()}.
 */
final class SoakInput {
    /** One record in this many is bad: 1%. */
    static final int BAD_EVERY = 100;

    /** The kinds of bad input, in the order they are mixed in. */
    enum Kind {
        /** Random bytes. */
        RANDOM_BYTES,
        /** A valid payment cut short. */
        TRUNCATED_AVRO,
        /** A valid payment whose schema fingerprint is not any known schema's. */
        WRONG_FINGERPRINT,
        /** A payment whose amount is NaN or infinite. */
        NOT_FINITE,
        /** A payment written with a schema that has no {@code amount}. */
        MISSING_FIELD,
        /** A payment written with a schema whose {@code amount} is a string, and not a number's. */
        WRONG_TYPE,
        /** A payment whose merchant category is a 1 MB string, a valid record of 1 MB. */
        ONE_MEGABYTE,
        /** JSON nested 100,000 deep. */
        DEEP_JSON,
        /** A value of no bytes. */
        EMPTY_VALUE,
        /** A valid payment with a null key. */
        NULL_KEY;

        /** Lower-case, dash-separated, as in the result's JSON. */
        String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** One record to produce: its key (possibly null), its value and its kind ({@code null} for a valid payment). */
    record Message(byte[] key, byte[] value, Kind kind) {
    }

    private static final Schema PAYMENT = CardTransaction.getClassSchema();
    private static final Schema NO_AMOUNT = variant("SoakPaymentWithoutAmount", null);
    private static final Schema AMOUNT_AS_TEXT = variant("SoakPaymentWithTextAmount", Schema.create(Schema.Type.STRING));
    private static final int ONE_MB = 1_000_000;

    private final BinaryMessageEncoder<GenericRecord> payments =
            new BinaryMessageEncoder<>(GenericData.get(), CardTransaction.getClassSchema());
    private final BinaryMessageEncoder<GenericRecord> noAmount = new BinaryMessageEncoder<>(GenericData.get(), NO_AMOUNT);
    private final BinaryMessageEncoder<GenericRecord> textAmount = new BinaryMessageEncoder<>(GenericData.get(), AMOUNT_AS_TEXT);
    private final Random random;
    private final byte[] deepJson;
    private final String oneMegabyte;

    SoakInput(long seed) {
        this.random = new Random(seed);
        byte[] json = new byte[200_000];
        Arrays.fill(json, 0, json.length / 2, (byte) '[');
        Arrays.fill(json, json.length / 2, json.length, (byte) ']');
        this.deepJson = json;
        char[] big = new char[ONE_MB];
        Arrays.fill(big, 'x');
        this.oneMegabyte = new String(big);
    }

    /** The writer schemas of {@link Kind#MISSING_FIELD} and {@link Kind#WRONG_TYPE}, for the stream's {@code --schema}. */
    static List<Schema> writerSchemas() {
        return List.of(NO_AMOUNT, AMOUNT_AS_TEXT);
    }

    /** The kind of the {@code index}th record, or {@code null} for a valid payment. */
    static Kind kindOf(long index) {
        if (index % BAD_EVERY != BAD_EVERY - 1) {
            return null;
        }
        Kind[] kinds = Kind.values();
        return kinds[(int) ((index / BAD_EVERY) % kinds.length)];
    }

    /** The {@code index}th record, made from {@code payment} (a CardTransaction as field name to value). */
    Message message(long index, Map<String, Object> payment) {
        byte[] key = ("k" + index).getBytes(StandardCharsets.UTF_8);
        Kind kind = kindOf(index);
        if (kind == null) {
            return new Message(key, encode(payments, PAYMENT, payment), null);
        }
        byte[] value = switch (kind) {
            case RANDOM_BYTES -> {
                byte[] b = new byte[1 + random.nextInt(300)];
                random.nextBytes(b);
                yield b;
            }
            case TRUNCATED_AVRO -> {
                byte[] b = encode(payments, PAYMENT, payment);
                yield Arrays.copyOf(b, 10 + random.nextInt(b.length - 11)); // past the header, short of the end
            }
            case WRONG_FINGERPRINT -> {
                byte[] b = encode(payments, PAYMENT, payment);
                b[2 + random.nextInt(8)] ^= (byte) (1 + random.nextInt(255));
                yield b;
            }
            case NOT_FINITE -> encode(payments, PAYMENT, with(payment, "amount",
                    random.nextBoolean() ? Double.NaN : random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY));
            case MISSING_FIELD -> encode(noAmount, NO_AMOUNT, payment);
            case WRONG_TYPE -> encode(textAmount, AMOUNT_AS_TEXT, with(payment, "amount", "about " + payment.get("amount")));
            case ONE_MEGABYTE -> encode(payments, PAYMENT, with(payment, "merchant_category", oneMegabyte));
            case DEEP_JSON -> deepJson;
            case EMPTY_VALUE -> new byte[0];
            case NULL_KEY -> encode(payments, PAYMENT, payment);
        };
        return new Message(kind == Kind.NULL_KEY ? null : key, value, kind);
    }

    private static Map<String, Object> with(Map<String, Object> payment, String field, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(payment);
        m.put(field, value);
        return m;
    }

    private static byte[] encode(BinaryMessageEncoder<GenericRecord> encoder, Schema schema, Map<String, Object> fields) {
        GenericRecord g = new GenericData.Record(schema);
        for (Schema.Field f : schema.getFields()) {
            g.put(f.pos(), fields.get(f.name()));
        }
        try {
            ByteBuffer b = encoder.encode(g);
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CardTransaction's fields under another name, {@code amount} dropped ({@code amountType} null) or retyped. */
    private static Schema variant(String name, Schema amountType) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : CardTransaction.getClassSchema().getFields()) {
            if (!f.name().equals("amount")) {
                fields.add(new Schema.Field(f, f.schema()));
            } else if (amountType != null) {
                fields.add(new Schema.Field("amount", amountType));
            }
        }
        return Schema.createRecord(name, null, "io.ganwatch.soak", false, fields);
    }
}
