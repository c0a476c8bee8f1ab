package io.ganwatch.input;

import java.util.SplittableRandom;

/**
 * Which slot of a fixed-size uniform sample each item of a stream takes (Vitter's Algorithm R,
 * seeded): the first {@code size} items fill the slots in order, and the n-th after them replaces a
 * random slot with probability size / n. One pass, the sample's memory only, and every item kept with
 * the same probability. The caller holds the sample (floats, values, rows) and asks only where each
 * item goes, so the three samplers of the project (quantiles, encoded training rows, an augmentation
 * job's rows) draw the same way. Not thread-safe.
 */
public final class Reservoir {
    private final int size;
    private final SplittableRandom random;
    private long seen;

    /**
     * An empty sample.
     *
     * @param size slots; 0 keeps nothing
     * @param seed seeds the draws
     */
    public Reservoir(int size, long seed) {
        if (size < 0) {
            throw new IllegalArgumentException("a sample cannot have " + size + " slots");
        }
        this.size = size;
        this.random = new SplittableRandom(seed);
    }

    /** The slot the next item takes, or -1 when it is not kept. */
    public int offer() {
        long i = seen++;
        if (i < size) {
            return (int) i;
        }
        if (size == 0 || i == Long.MAX_VALUE) {
            return -1;
        }
        long j = random.nextLong(i + 1);
        return j < size ? (int) j : -1;
    }

    /** Items offered so far. */
    public long seen() {
        return seen;
    }
}
