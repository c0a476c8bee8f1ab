package io.ganwatch.streams;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * What a dead letter carries and what it logs, the same whether Kafka Streams' exception handler
 * routes it ({@link DeadLetterHandler}) or a batch flush does: the original key, value and headers,
 * plus Kafka Streams' {@code __streams.errors.*} headers and ganwatch's {@value #REASON_HEADER}.
 *
 * <p>Logging stays bounded under a flood of bad input: one WARN line per dead letter without a stack
 * trace, at most {@value #LINES_PER_MINUTE} a minute, then one line counting the rest; the stack
 * trace goes at DEBUG. The reason and coordinates are always in the headers.
 */
final class DeadLetters {
    /** Header holding the {@link RejectReason#code()}. */
    static final String REASON_HEADER = "ganwatch.reason";
    static final String EXCEPTION_HEADER = "__streams.errors.exception";
    static final String MESSAGE_HEADER = "__streams.errors.message";
    static final String STACKTRACE_HEADER = "__streams.errors.stacktrace";
    static final String TOPIC_HEADER = "__streams.errors.topic";
    static final String PARTITION_HEADER = "__streams.errors.partition";
    static final String OFFSET_HEADER = "__streams.errors.offset";
    static final int LINES_PER_MINUTE = 20;
    /**
     * Longest message kept in a header or a log line. A rejection message quotes the bad value, and a
     * bad value can be as large as a record (the fuzz test saw a 30 kB header from one long string):
     * a dead letter would then weigh twice its record, and a log line fill a screen.
     */
    static final int MAX_MESSAGE_CHARS = 1000;
    /** Longest stack trace kept in its header; the cause chain's first frames are what a reader needs. */
    static final int MAX_TRACE_CHARS = 8000;

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final java.util.function.LongSupplier nanoClock;
    private long windowStart = Long.MIN_VALUE;
    private int linesInWindow;
    private long suppressed;

    /** Rate-limited by the system clock. */
    DeadLetters() {
        this(System::nanoTime);
    }

    /** Rate-limited by {@code nanoClock} (tests pass their own). */
    DeadLetters(java.util.function.LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** The dead letter's headers: the original ones, then the error's. */
    static Headers headers(Headers original, Exception e, RejectReason reason, String topic, int partition, long offset) {
        RecordHeaders h = new RecordHeaders();
        if (original != null) {
            for (Header header : original) {
                h.add(header);
            }
        }
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        h.add(EXCEPTION_HEADER, utf8(e.getClass().getName()));
        h.add(MESSAGE_HEADER, utf8(shortened(e.getMessage(), MAX_MESSAGE_CHARS)));
        h.add(STACKTRACE_HEADER, utf8(shortened(trace.toString(), MAX_TRACE_CHARS)));
        h.add(TOPIC_HEADER, utf8(topic));
        h.add(PARTITION_HEADER, utf8(String.valueOf(partition)));
        h.add(OFFSET_HEADER, utf8(String.valueOf(offset)));
        h.add(REASON_HEADER, utf8(reason.code()));
        return h;
    }

    /** {@code s} cut to {@code max} characters, saying how many were left out. */
    static String shortened(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int cut = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max; // never split a character in two
        return s.substring(0, cut) + "… (" + (s.length() - cut) + " more characters)";
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /** Logs one dead letter, within the rate limit. */
    synchronized void log(RejectReason reason, String topic, int partition, long offset, Exception e) {
        long minute = nanoClock.getAsLong() / 60_000_000_000L;
        if (minute != windowStart) {
            if (suppressed > 0) {
                LOG.warn("{} more dead letters in the last minute were not logged; their reasons are in the dead-letter"
                        + " headers and in /metrics", suppressed);
            }
            windowStart = minute;
            linesInWindow = 0;
            suppressed = 0;
        }
        if (linesInWindow < LINES_PER_MINUTE) {
            linesInWindow++;
            LOG.warn("dead letter {}-{}@{}: {}: {}", topic, partition, offset, reason.code(), shortened(e.getMessage(), MAX_MESSAGE_CHARS));
        } else {
            suppressed++;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("dead letter {}-{}@{}", topic, partition, offset, e);
        }
    }
}
