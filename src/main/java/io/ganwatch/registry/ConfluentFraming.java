package io.ganwatch.registry;

import java.nio.ByteBuffer;

/**
 * The 5-byte header of the schema-registry wire format: magic byte 0, then the schema id as a
 * 4-byte big-endian int; the Avro binary datum follows.
 */
public final class ConfluentFraming {
    /** The first byte of every message. */
    public static final byte MAGIC = 0;
    /** Header length: magic byte and schema id. */
    public static final int HEADER = 5;

    private ConfluentFraming() {
    }

    /** Whether {@code value} starts with the header (and so may be a message of this format). */
    public static boolean hasHeader(byte[] value) {
        return value != null && value.length >= HEADER && value[0] == MAGIC;
    }

    /**
     * The schema id of a message.
     *
     * @throws IllegalArgumentException when the value has no header
     */
    public static int schemaId(byte[] value) {
        if (!hasHeader(value)) {
            throw new IllegalArgumentException("not the schema-registry wire format: expected magic byte 0 and a 4-byte schema id, got "
                    + (value == null ? "no value" : value.length < HEADER ? value.length + " bytes" : String.format("first byte 0x%02x", value[0])));
        }
        return ByteBuffer.wrap(value, 1, 4).getInt();
    }

    /** The message for {@code schemaId} around {@code datum} bytes {@code [offset, offset + length)}. */
    public static byte[] frame(int schemaId, byte[] datum, int offset, int length) {
        return ByteBuffer.allocate(HEADER + length).put(MAGIC).putInt(schemaId).put(datum, offset, length).array();
    }
}
