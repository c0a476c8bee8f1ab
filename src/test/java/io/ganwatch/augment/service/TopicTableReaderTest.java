package io.ganwatch.augment.service;

import io.ganwatch.streams.SchemaCatalog;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The part of the topic reader that turns records into a table, and its limits, fed records directly (no broker). */
class TopicTableReaderTest {
    private final TopicTableReader reader = new TopicTableReader(new Properties(), SchemaCatalog.of(List.of()), Duration.ofSeconds(1));
    private final SourceRef.TopicRef events = new SourceRef.TopicRef("events", null);
    private long offset;

    private ConsumerRecord<byte[], byte[]> json(String value) {
        return new ConsumerRecord<>("events", 0, offset++, null, value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void jsonRecordsBecomeATableAsWideAsAllTheirFields() {
        TopicTableReader.Rows rows = reader.new Rows(events, new Limits(10, 10, Duration.ofSeconds(1), 3), "source");
        rows.add(json("{\"a\": 1, \"kind\": \"x\"}"));
        rows.add(json("{\"a\": 2, \"b\": \"y\", \"kind\": \"z\"}"));
        var table = rows.build().table();
        assertThat(table.columns()).containsExactly("a", "kind", "b");
        assertThat(table.rows().get(0).values()).containsExactly(1.0, "x", null);
    }

    @Test
    void aFieldPastTheColumnLimitIsRejectedAtTheRecordThatBringsIt() {
        Limits three = new Limits(1000, 10, Duration.ofSeconds(1), 3);
        TopicTableReader.Rows wide = reader.new Rows(events, three, "source");
        assertThatThrownBy(() -> wide.add(json("{\"a\": 1, \"b\": 2, \"c\": 3, \"d\": 4}")))
                .isInstanceOf(RejectedRequestException.class)
                .hasMessageContaining("record at events/0@0 brings field 'd'", "limit of 3 distinct fields", "--max-columns");

        // Records of one new field each: the table would be as wide as the records are many.
        TopicTableReader.Rows drifting = reader.new Rows(events, three, "source");
        drifting.add(json("{\"f0\": 1}"));
        drifting.add(json("{\"f1\": 1}"));
        drifting.add(json("{\"f2\": 1, \"f0\": 2}"));
        assertThatThrownBy(() -> drifting.add(json("{\"f3\": 1}")))
                .isInstanceOf(RejectedRequestException.class).hasMessageContaining("brings field 'f3'");
    }

    @Test
    void aRecordThatTakesTheTopicPastTheByteLimitIsRejectedBeforeItIsRead() {
        // {"a": 1} is 8 bytes: two fit in 20, the third passes them
        TopicTableReader.Rows rows = reader.new Rows(events, new Limits(1000, 10, Duration.ofSeconds(1), 10, 20), "source");
        rows.add(json("{\"a\": 1}"));
        rows.add(json("{\"a\": 2}"));
        assertThatThrownBy(() -> rows.add(json("not even JSON")))
                .isInstanceOf(RejectedRequestException.class)
                .hasMessage("source topic:events has more than 20 bytes, over this service's limit of 20 bytes; sample it down,"
                        + " or ask the operator to raise --max-source-bytes");
    }

    @Test
    void aRecordPastTheRowLimitIsRejectedBeforeItIsRead() {
        TopicTableReader.Rows rows = reader.new Rows(events, new Limits(2, 10, Duration.ofSeconds(1)), "source");
        rows.add(json("{\"a\": 1}"));
        rows.add(json("{\"a\": 2}"));
        assertThatThrownBy(() -> rows.add(json("not even JSON")))
                .isInstanceOf(RejectedRequestException.class).hasMessageContaining("has more than 2 rows", "limit of 2 rows");
    }
}
