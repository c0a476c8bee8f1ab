package io.ganwatch.streams;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only fault: with the system property {@code ganwatch.test.halt=flush:K} (or
 * {@code punctuation:K}) the JVM halts, as kill -9 would stop it, in the middle of its K-th batch
 * flush (or K-th flush from the wait-limit punctuator): after half the batch's outputs were forwarded
 * and before its buffer was cleared or its transaction committed. The exactly-once tests start stream
 * instances as child JVMs with it; without the property (production) it does nothing.
 */
final class HaltHook {
    /** The hook of this JVM (a JVM is one stream instance; the count spans its tasks). */
    static final HaltHook FROM_SYSTEM = parse(System.getProperty("ganwatch.test.halt"));

    private final String kind;
    private final int at;
    private final AtomicInteger seen = new AtomicInteger();

    private HaltHook(String kind, int at) {
        this.kind = kind;
        this.at = at;
    }

    static HaltHook parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return new HaltHook("", 0);
        }
        String[] parts = spec.split(":");
        if (parts.length != 2 || !(parts[0].equals("flush") || parts[0].equals("punctuation"))) {
            throw new IllegalArgumentException("ganwatch.test.halt must be flush:K or punctuation:K, was '" + spec + "'");
        }
        return new HaltHook(parts[0], Integer.parseInt(parts[1]));
    }

    /** Called half-way through forwarding a batch's outputs; {@code fromPunctuation} when the wait limit flushed it. */
    void midFlush(boolean fromPunctuation) {
        if (at == 0 || (kind.equals("punctuation") && !fromPunctuation)) {
            return;
        }
        if (seen.incrementAndGet() == at) {
            System.err.println("ganwatch.test.halt: halting in the middle of " + kind + " " + at);
            Runtime.getRuntime().halt(137);
        }
    }
}
