package io.ganwatch.streams;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads one Avro binary datum that must fill the rest of a message exactly, refusing any string,
 * bytes, array or map length the rest of the message cannot hold before anything is allocated for
 * it. Avro's own decoder allocates a value of the declared length (and a list of the declared item
 * count) first and reads after, so a corrupted varint claiming 2 GB was allocated, or ended the task
 * with {@link OutOfMemoryError}, instead of being rejected (found by {@code DecoderFuzzTest}). One
 * reader per writer schema; not thread-safe.
 */
final class BoundedDatumReader {
    /** Items an array of zero-byte items (nulls, empty records) may claim: such items cost no input to claim. */
    static final long MAX_ZERO_WIDTH_ITEMS = 1 << 16;

    private final GenericDatumReader<GenericRecord> reader;
    private final Bounded decoder;

    BoundedDatumReader(Schema writer) {
        this.reader = new GenericDatumReader<>(writer);
        this.decoder = new Bounded(hasZeroWidthItems(writer, new HashSet<>()));
    }

    /**
     * The datum in {@code value[offset..]}.
     *
     * @throws IOException when the bytes are not one datum of the writer schema (a length or count
     *                     beyond the input, bytes left over, a malformed varint)
     */
    GenericRecord read(byte[] value, int offset) throws IOException {
        decoder.in = DecoderFactory.get().binaryDecoder(value, offset, value.length - offset, decoder.in);
        GenericRecord record = reader.read(null, decoder);
        int left = decoder.remaining();
        if (left > 0) {
            throw new EOFException(left + " bytes follow the datum");
        }
        return record;
    }

    // Only an array can hold items that take no bytes (a map entry has at least its key's length).
    private static boolean hasZeroWidthItems(Schema s, Set<Schema> seen) {
        if (!seen.add(s)) {
            return false;
        }
        return switch (s.getType()) {
            case ARRAY -> minBytes(s.getElementType(), new HashSet<>()) == 0 || hasZeroWidthItems(s.getElementType(), seen);
            case MAP -> hasZeroWidthItems(s.getValueType(), seen);
            case RECORD -> s.getFields().stream().anyMatch(f -> hasZeroWidthItems(f.schema(), seen));
            case UNION -> s.getTypes().stream().anyMatch(t -> hasZeroWidthItems(t, seen));
            default -> false;
        };
    }

    private static int minBytes(Schema s, Set<Schema> seen) {
        return switch (s.getType()) {
            case NULL -> 0;
            case FIXED -> Math.min(s.getFixedSize(), 1);
            case RECORD -> seen.add(s) ? s.getFields().stream().mapToInt(f -> minBytes(f.schema(), seen)).max().orElse(0) : 1;
            default -> 1; // every other type writes at least one byte: a varint, a length, an index or a boolean
        };
    }

    /** Avro's binary decoder with every declared length and item count checked against the bytes left. */
    private static final class Bounded extends Decoder {
        private final boolean zeroWidthItems;
        private BinaryDecoder in;

        Bounded(boolean zeroWidthItems) {
            this.zeroWidthItems = zeroWidthItems;
        }

        int remaining() throws IOException {
            // for a decoder over a byte array, its input stream's available() is exactly what is left of the array
            return in.inputStream().available();
        }

        private int length(String what) throws IOException {
            long n = in.readLong();
            if (n < 0) {
                throw new EOFException("a " + what + " of negative length " + n);
            }
            int left = remaining();
            if (n > left) {
                throw new EOFException("a " + what + " of " + n + " bytes where " + left + " remain");
            }
            return (int) n;
        }

        // The binary form of every block count: Avro's own reader of it throws UnsupportedOperationException
        // (not an IOException) for a count beyond 2^31, so it is read here.
        private long items() throws IOException {
            long n = in.readLong();
            if (n < 0) {
                in.readLong(); // the block's size in bytes, which a reader may use to skip it
                n = -n;
                if (n < 0) {
                    throw new EOFException("a block count of " + Long.MIN_VALUE);
                }
            }
            int left = remaining();
            if (n > left && (!zeroWidthItems || n > Math.max(left, MAX_ZERO_WIDTH_ITEMS))) {
                throw new EOFException("a block of " + n + " items where " + left + " bytes remain");
            }
            return n;
        }

        @Override
        public Utf8 readString(Utf8 old) throws IOException {
            int n = length("string");
            Utf8 result = old != null ? old : new Utf8();
            result.setByteLength(n);
            in.readFixed(result.getBytes(), 0, n);
            return result;
        }

        @Override
        public String readString() throws IOException {
            int n = length("string");
            byte[] b = new byte[n];
            in.readFixed(b, 0, n);
            return new String(b, StandardCharsets.UTF_8);
        }

        @Override
        public ByteBuffer readBytes(ByteBuffer old) throws IOException {
            int n = length("bytes value");
            ByteBuffer result = old != null && old.capacity() >= n ? old : ByteBuffer.allocate(n);
            result.clear();
            in.readFixed(result.array(), result.arrayOffset(), n);
            result.limit(n);
            return result;
        }

        @Override
        public long readArrayStart() throws IOException {
            return items();
        }

        @Override
        public long arrayNext() throws IOException {
            return items();
        }

        @Override
        public long readMapStart() throws IOException {
            return items();
        }

        @Override
        public long mapNext() throws IOException {
            return items();
        }

        @Override
        public void readNull() throws IOException {
            in.readNull();
        }

        @Override
        public boolean readBoolean() throws IOException {
            return in.readBoolean();
        }

        @Override
        public int readInt() throws IOException {
            return in.readInt();
        }

        @Override
        public long readLong() throws IOException {
            return in.readLong();
        }

        @Override
        public float readFloat() throws IOException {
            return in.readFloat();
        }

        @Override
        public double readDouble() throws IOException {
            return in.readDouble();
        }

        @Override
        public void skipString() throws IOException {
            in.skipString();
        }

        @Override
        public void skipBytes() throws IOException {
            in.skipBytes();
        }

        @Override
        public void readFixed(byte[] bytes, int start, int length) throws IOException {
            in.readFixed(bytes, start, length);
        }

        @Override
        public void skipFixed(int length) throws IOException {
            in.skipFixed(length);
        }

        @Override
        public int readEnum() throws IOException {
            return in.readEnum();
        }

        @Override
        public long skipArray() throws IOException {
            return in.skipArray();
        }

        @Override
        public long skipMap() throws IOException {
            return in.skipMap();
        }

        @Override
        public int readIndex() throws IOException {
            return in.readIndex();
        }
    }
}
