package io.ganwatch.streams;

import io.ganwatch.avro.Verdict;
import io.ganwatch.recalibration.JudgedAlert;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code train --input-topic} leaves out: records whose alert's last verdict is true-positive; an
 * alert unjudged, judged a false positive, or taken back with unsure stays in.
 */
class ConfirmedAlertsTest {
    private static JudgedAlert alert(String topic, int partition, long offset, Verdict verdict) {
        // The id exactly as the stream writes it on its alerts.
        String id = new AlertFactory.Source(topic, partition, offset, "k", 0).alertId();
        return new JudgedAlert(id, 0.9, 0.5, 0, verdict);
    }

    @Test
    void onlyTheLastVerdictTruePositiveLeavesARecordOut() {
        ConfirmedAlerts c = ConfirmedAlerts.of(List.of(alert("in", 0, 5, Verdict.TRUE_POSITIVE),
                alert("in", 0, 6, Verdict.FALSE_POSITIVE), alert("in", 1, 5, null), alert("in", 1, 7, Verdict.UNSURE)));
        assertThat(c.confirmed("in", 0, 5)).isTrue();
        assertThat(c.confirmed("in", 0, 6)).as("false positive").isFalse();
        assertThat(c.confirmed("in", 1, 5)).as("no verdict").isFalse();
        assertThat(c.confirmed("in", 1, 7)).as("unsure").isFalse();
        assertThat(c.confirmed("in", 0, 7)).as("never alerted").isFalse();
        assertThat(c.alerted("in", 1, 5)).isTrue();
        assertThat(c.alerted("in", 0, 7)).isFalse();
        assertThat(c.alerts()).isEqualTo(4);
        assertThat(c.confirmedAlerts()).isEqualTo(1);
    }

    @Test
    void theSameOffsetOnAnotherTopicOrPartitionIsAnotherRecord() {
        ConfirmedAlerts c = ConfirmedAlerts.of(List.of(alert("in", 0, 5, Verdict.TRUE_POSITIVE)));
        assertThat(c.confirmed("in", 1, 5)).isFalse();
        assertThat(c.confirmed("in-0", 0, 5)).isFalse();
        assertThat(c.confirmed("other", 0, 5)).isFalse();
        assertThat(ConfirmedAlerts.NONE.confirmed("in", 0, 5)).isFalse();
    }
}
