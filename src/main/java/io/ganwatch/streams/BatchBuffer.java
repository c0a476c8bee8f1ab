package io.ganwatch.streams;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The durable copy of a task's open batch, in its changelogged, cached state store: slot {@code i}
 * holds the batch's {@code i}-th record, tagged with the batch's sequence number, and slot
 * {@value #HEADER} holds the sequence number of the open batch. Emptying the buffer after a flush is
 * one write (the next sequence number) instead of a delete per slot; slots tagged with an older
 * number are simply not part of the batch. With the store's cache, each slot and the header reach
 * the changelog at most once per commit.
 */
final class BatchBuffer {
    private static final int HEADER = -1;

    private final KeyValueStore<Integer, byte[]> store;
    private long sequence;

    /** Reads the open batch's sequence number from {@code store}. */
    BatchBuffer(KeyValueStore<Integer, byte[]> store) {
        this.store = store;
        byte[] h = store.get(HEADER);
        this.sequence = h == null ? 0 : ByteBuffer.wrap(h).getLong();
    }

    /** The records of the open batch left in the store (after a restart or rebalance), in slot order. */
    List<KeyValue<Integer, PendingRecord>> open() {
        List<KeyValue<Integer, PendingRecord>> out = new ArrayList<>();
        try (KeyValueIterator<Integer, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<Integer, byte[]> kv = it.next();
                if (kv.key != HEADER && PendingRecord.tagOf(kv.value) == sequence) {
                    out.add(KeyValue.pair(kv.key, PendingRecord.fromBytes(kv.value)));
                }
            }
        }
        out.sort(java.util.Comparator.comparingInt(kv -> kv.key));
        return out;
    }

    /** Stores {@code record} in {@code slot} of the open batch. */
    void put(int slot, PendingRecord record) {
        store.put(slot, record.toBytes(sequence));
    }

    /** Empties the buffer: the open batch's records were all forwarded. */
    void clear() {
        sequence++;
        store.put(HEADER, ByteBuffer.allocate(8).putLong(sequence).array());
    }
}
