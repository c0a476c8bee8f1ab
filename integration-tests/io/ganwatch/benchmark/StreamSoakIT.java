package io.ganwatch.benchmark;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stream-benchmark --soak}, short: the stream command as a child JVM on a local broker, 2,000
 * records with every kind of bad input. Each input comes out once, each bad kind with its reason.
 */
class StreamSoakIT {
    @Test
    @SuppressWarnings("unchecked")
    void everyKindOfBadInputIsDeadLetteredWithItsReasonAndEveryRecordIsAccountedForOnce() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Map<String, Object> r = StreamSoak.run(new StreamSoak.Options(2_000, null, 3, 256),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        String printed = log.toString(StandardCharsets.UTF_8);

        assertThat(r.get("accounted")).as(printed).isEqualTo(true);
        assertThat(r.get("duplicates")).isEqualTo(0L);
        assertThat((long) r.get("scored") + (long) r.get("dead_letters")).isEqualTo(2_000L);
        Map<String, Map<String, Long>> perKind = (Map<String, Map<String, Long>>) r.get("outcome_per_kind");
        assertThat(perKind.get("valid")).containsOnlyKeys("scored");
        assertThat(perKind.get("null-key")).as("a null key is no reason to reject").containsOnlyKeys("scored");
        assertThat(perKind.get("one-megabyte")).as("a valid 1 MB record is scored").containsOnlyKeys("scored");
        for (String kind : List.of("random-bytes", "truncated-avro", "deep-json", "empty-value")) {
            assertThat(perKind.get(kind)).as(kind).containsOnlyKeys("undecodable");
        }
        assertThat(perKind.get("wrong-fingerprint")).containsOnlyKeys("unknown-schema");
        assertThat(perKind.get("not-finite")).containsOnlyKeys("not-finite");
        assertThat(perKind.get("missing-field")).containsOnlyKeys("missing-field");
        assertThat(perKind.get("wrong-type")).containsOnlyKeys("unencodable");
        assertThat((List<Double>) r.get("rss_mb")).isNotEmpty().allMatch(mb -> mb > 50);
        assertThat((List<Double>) r.get("heap_mb")).as("the heap from the stream's /metrics").isNotEmpty().allMatch(mb -> mb > 1);
        // Dead letters log one rate-limited line each at most, never a stack trace per record.
        assertThat((double) r.get("log_bytes_per_dead_letter")).isLessThan(400);
    }
}
