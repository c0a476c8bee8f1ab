package io.ganwatch.streams;

import io.ganwatch.testing.CapturedLog;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLettersTest {
    @Test
    void aFloodOfDeadLettersLogsOneLineEachWithoutAStackTraceUpToTheLimitThenACount() {
        AtomicLong now = new AtomicLong();
        DeadLetters letters = new DeadLetters(now::get);
        RejectedRecordException e = new RejectedRecordException(RejectReason.MISSING_FIELD, "field 'amount' is missing", null);
        try (CapturedLog log = new CapturedLog(DeadLetters.class)) {
            for (int i = 0; i < 25; i++) {
                letters.log(RejectReason.MISSING_FIELD, "in", 1, i, e);
            }
            assertThat(log.lines()).hasSize(DeadLetters.LINES_PER_MINUTE)
                    .allSatisfy(l -> assertThat(l).startsWith("WARN dead letter in-1@").contains("missing-field")
                            .contains("field 'amount' is missing").doesNotContain("[thrown"));
            now.addAndGet(61_000_000_000L);
            letters.log(RejectReason.MISSING_FIELD, "in", 1, 25, e);
            assertThat(log.lines()).hasSize(DeadLetters.LINES_PER_MINUTE + 2);
            assertThat(log.lines().get(DeadLetters.LINES_PER_MINUTE)).isEqualTo(
                    "WARN 5 more dead letters in the last minute were not logged; their reasons are in the dead-letter headers and in /metrics");
            assertThat(log.lines().get(DeadLetters.LINES_PER_MINUTE + 1)).startsWith("WARN dead letter in-1@25:");
        }
    }

    @Test
    void aHugeBadValueIsQuotedOnlyInPartInTheHeadersAndTheLog() {
        String huge = "x".repeat(30_000);
        RejectedRecordException e = new RejectedRecordException(RejectReason.UNENCODABLE, "field 'amount' is not a number: '" + huge + "'", null);
        Headers h = DeadLetters.headers(null, e, RejectReason.UNENCODABLE, "in", 0, 7);
        String message = new String(h.lastHeader(DeadLetters.MESSAGE_HEADER).value(), StandardCharsets.UTF_8);
        assertThat(message).startsWith("field 'amount' is not a number: 'xxx")
                .endsWith("… (" + (e.getMessage().length() - DeadLetters.MAX_MESSAGE_CHARS) + " more characters)");
        assertThat(message.length()).isLessThan(DeadLetters.MAX_MESSAGE_CHARS + 40);
        assertThat(h.lastHeader(DeadLetters.STACKTRACE_HEADER).value().length).isLessThan(DeadLetters.MAX_TRACE_CHARS + 40);
        try (CapturedLog log = new CapturedLog(DeadLetters.class)) {
            new DeadLetters().log(RejectReason.UNENCODABLE, "in", 0, 7, e);
            assertThat(log.lines()).singleElement().satisfies(l -> assertThat(l.length()).isLessThan(DeadLetters.MAX_MESSAGE_CHARS + 120));
        }
        assertThat(DeadLetters.shortened("short", 10)).isEqualTo("short");
        assertThat(DeadLetters.shortened("ab\uD83D\uDE00cd", 3)).isEqualTo("ab… (4 more characters)");
    }

    @Test
    void theHeadersKeepTheOriginalOnesAndAddTheReasonAndCoordinates() {
        Headers original = new RecordHeaders().add("trace", "t1".getBytes(StandardCharsets.UTF_8));
        Headers h = DeadLetters.headers(original, new IllegalStateException("boom"), RejectReason.PROCESSING_ERROR, "in", 2, 40);
        assertThat(new String(h.lastHeader("trace").value(), StandardCharsets.UTF_8)).isEqualTo("t1");
        assertThat(new String(h.lastHeader(DeadLetters.REASON_HEADER).value(), StandardCharsets.UTF_8)).isEqualTo("processing-error");
        assertThat(new String(h.lastHeader(DeadLetters.OFFSET_HEADER).value(), StandardCharsets.UTF_8)).isEqualTo("40");
        assertThat(new String(h.lastHeader(DeadLetters.MESSAGE_HEADER).value(), StandardCharsets.UTF_8)).isEqualTo("boom");
        assertThat(new String(h.lastHeader(DeadLetters.STACKTRACE_HEADER).value(), StandardCharsets.UTF_8))
                .contains("IllegalStateException");
    }
}
