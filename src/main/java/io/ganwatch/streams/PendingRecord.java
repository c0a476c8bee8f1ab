package io.ganwatch.streams;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * An input record waiting in the batch buffer, with everything needed to score it and forward its
 * outputs later, also after a restart: its coordinates, timestamp, key, value and headers.
 *
 * <p>Its stored form is a small fixed layout (version byte, then length-prefixed fields), written by
 * hand because it is internal to one state store and must stay cheap on the per-record path.
 *
 * @param topic     source topic
 * @param partition source partition
 * @param offset    source offset
 * @param timestamp record timestamp
 * @param key       raw key, or null
 * @param value     raw value
 * @param headers   the record's headers
 */
record PendingRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value, Headers headers) {
    private static final byte LAYOUT = 1;

    /**
     * The stored form, after {@code tag} (the buffer's batch sequence number): written into one array,
     * since this runs once per buffered record.
     */
    byte[] toBytes(long tag) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        int size = 8 + 1 + 4 + t.length + 4 + 8 + 8 + 4 + len(key) + 4 + len(value) + 4;
        Header[] hs = headers.toArray();
        for (Header h : hs) {
            size += 4 + h.key().getBytes(StandardCharsets.UTF_8).length + 4 + len(h.value());
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putLong(tag).put(LAYOUT);
        putBytes(b, t);
        b.putInt(partition).putLong(offset).putLong(timestamp);
        putBytes(b, key);
        putBytes(b, value);
        b.putInt(hs.length);
        for (Header h : hs) {
            putBytes(b, h.key().getBytes(StandardCharsets.UTF_8));
            putBytes(b, h.value());
        }
        return b.array();
    }

    /** The tag a stored form was written with. */
    static long tagOf(byte[] stored) {
        return ByteBuffer.wrap(stored).getLong();
    }

    /** Reads a stored form written by {@link #toBytes(long)}. */
    static PendingRecord fromBytes(byte[] stored) {
        ByteBuffer b = ByteBuffer.wrap(stored);
        b.getLong(); // the tag
        byte layout = b.get();
        if (layout != LAYOUT) {
            throw new IllegalStateException("batch buffer entry has layout " + layout + "; this ganwatch reads layout " + LAYOUT
                    + ": finish the buffered records with the version that wrote them, or reset the application");
        }
        String topic = new String(getBytes(b), StandardCharsets.UTF_8);
        int partition = b.getInt();
        long offset = b.getLong();
        long timestamp = b.getLong();
        byte[] key = getBytes(b);
        byte[] value = getBytes(b);
        int n = b.getInt();
        RecordHeaders headers = new RecordHeaders();
        for (int i = 0; i < n; i++) {
            headers.add(new String(getBytes(b), StandardCharsets.UTF_8), getBytes(b));
        }
        return new PendingRecord(topic, partition, offset, timestamp, key, value, headers);
    }

    /** The stored size of {@code value} and {@code key} alone, to decide whether a record fits the buffer. */
    static long payloadSize(byte[] key, byte[] value) {
        return len(key) + (long) len(value);
    }

    private static int len(byte[] a) {
        return a == null ? 0 : a.length;
    }

    private static void putBytes(ByteBuffer b, byte[] a) {
        if (a == null) {
            b.putInt(-1);
        } else {
            b.putInt(a.length).put(a);
        }
    }

    private static byte[] getBytes(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0) {
            return null;
        }
        byte[] a = new byte[n];
        b.get(a);
        return a;
    }
}
