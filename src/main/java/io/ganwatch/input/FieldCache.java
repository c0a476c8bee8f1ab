package io.ganwatch.input;

/**
 * One column's parsed values, looked up by the characters of a field inside its line, so that a
 * value seen before costs no String at all (KDD files repeat "0", "tcp", "0.00" millions of times).
 *
 * <p>A reader splitting a line into one String per field made about 2 KB of garbage a KDD row; at
 * half a million rows a pass that is a gigabyte, and the young collections it caused during
 * training's encoding pass are part of why G1 grew the heap. Keys are compared by content with
 * {@link String#regionMatches}; the hash is {@link String#hashCode()}'s, computed on the range.
 * Open addressing, linear probing, at most half full. Stops growing at {@code limit} entries, like
 * {@link Sources.Dedup}, so that an id-like column does not turn the cache into the memory problem.
 * A {@code null} value (an empty numeric field) is not stored.
 */
final class FieldCache {
    private final int limit;
    private String[] keys = new String[64];
    private Object[] values = new Object[64];
    private int size;

    FieldCache(int limit) {
        this.limit = limit;
    }

    /** {@link String#hashCode()} of {@code line.substring(from, to)}, without making it. */
    static int hash(String line, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + line.charAt(i);
        }
        return h;
    }

    /** The value stored for the characters {@code line[from, to)} with hash {@code hash}, or {@code null}. */
    Object get(String line, int from, int to, int hash) {
        int len = to - from;
        int mask = keys.length - 1;
        for (int i = mix(hash) & mask; ; i = (i + 1) & mask) {
            String k = keys[i];
            if (k == null) {
                return null;
            }
            if (k.length() == len && k.hashCode() == hash && k.regionMatches(0, line, from, len)) {
                return values[i];
            }
        }
    }

    /** Stores {@code value} for {@code key} unless the cache is full or the value is {@code null}; returns {@code value}. */
    Object put(String key, Object value) {
        if (value == null || size >= limit) {
            return value;
        }
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        if (insert(keys, values, key, value)) {
            size++;
        }
        return value;
    }

    int size() {
        return size;
    }

    private void grow() {
        String[] k = new String[keys.length * 2];
        Object[] v = new Object[keys.length * 2];
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                insert(k, v, keys[i], values[i]);
            }
        }
        keys = k;
        values = v;
    }

    /** Whether {@code key} was new. */
    private static boolean insert(String[] keys, Object[] values, String key, Object value) {
        int mask = keys.length - 1;
        for (int i = mix(key.hashCode()) & mask; ; i = (i + 1) & mask) {
            if (keys[i] == null) {
                keys[i] = key;
                values[i] = value;
                return true;
            }
            if (keys[i].equals(key)) {
                values[i] = value;
                return false;
            }
        }
    }

    /** Spreads String hashes of short numerals, which differ mostly in their low bits, over the table. */
    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
