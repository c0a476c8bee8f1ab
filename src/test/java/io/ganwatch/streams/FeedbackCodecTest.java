package io.ganwatch.streams;

import io.ganwatch.avro.AlertFeedback;
import io.ganwatch.avro.AnomalyAlert;
import io.ganwatch.avro.Verdict;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeedbackCodecTest {
    private final FeedbackCodec codec = new FeedbackCodec();

    private static AlertFeedback verdict(Verdict v, String note) {
        return AlertFeedback.newBuilder().setAlertId("in-0-42").setVerdict(v).setAnalyst("ann")
                .setDecidedAt(Instant.ofEpochMilli(1_718_000_000_000L)).setNote(note).build();
    }

    private static RejectReason reason(byte[] value) {
        try {
            new FeedbackCodec().decode(value);
        } catch (RejectedRecordException e) {
            return e.reason();
        }
        throw new AssertionError("decoded " + new String(value, StandardCharsets.UTF_8));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void avroAndJsonAsTheCommandWritesThemDecodeToTheSameVerdict() {
        for (Verdict v : Verdict.values()) {
            AlertFeedback f = verdict(v, v == Verdict.UNSURE ? null : "backup job");
            assertThat(codec.decode(FeedbackCodec.encode(f, false))).isEqualTo(f);
            assertThat(codec.decode(FeedbackCodec.encode(f, true))).isEqualTo(f);
        }
        assertThat(new String(FeedbackCodec.encode(verdict(Verdict.FALSE_POSITIVE, null), true), StandardCharsets.UTF_8))
                .contains("\"verdict\":\"false-positive\"");
    }

    @Test
    void jsonTypedByHandTakesEitherSpellingOfTheVerdict() {
        AlertFeedback f = codec.decode(utf8(" {\"alert_id\": \"in-1-7\", \"verdict\": \"TRUE_POSITIVE\", \"analyst\": \"bo\","
                + " \"decided_at\": 1718000000000}"));
        assertThat(f.getAlertId()).isEqualTo("in-1-7");
        assertThat(f.getVerdict()).isEqualTo(Verdict.TRUE_POSITIVE);
        assertThat(f.getNote()).isNull();
    }

    @Test
    void anUnknownVerdictIsRejectedAsSuch() {
        assertThatThrownBy(() -> codec.decode(utf8("{\"alert_id\": \"in-1-7\", \"verdict\": \"maybe\", \"analyst\": \"bo\","
                + " \"decided_at\": 1}"))).isInstanceOf(RejectedRecordException.class)
                .hasMessageContaining("unknown verdict 'maybe'").hasMessageContaining("in-1-7")
                .extracting(e -> ((RejectedRecordException) e).reason()).isEqualTo(RejectReason.UNKNOWN_VERDICT);
        assertThat(reason(utf8("{\"alert_id\": \"a\", \"verdict\": 3, \"analyst\": \"bo\", \"decided_at\": 1}")))
                .isEqualTo(RejectReason.UNKNOWN_VERDICT);
    }

    @Test
    void bytesInNeitherFormatOrCutShortAreUndecodable() {
        byte[] avro = FeedbackCodec.encode(verdict(Verdict.FALSE_POSITIVE, "x"), false);
        assertThat(reason(utf8("hello"))).isEqualTo(RejectReason.UNDECODABLE);
        assertThat(reason(new byte[0])).isEqualTo(RejectReason.UNDECODABLE);
        assertThat(reason(null)).isEqualTo(RejectReason.UNDECODABLE);
        assertThat(reason(Arrays.copyOf(avro, avro.length - 3))).isEqualTo(RejectReason.UNDECODABLE);
        assertThat(reason(utf8("{\"alert_id\": "))).isEqualTo(RejectReason.UNDECODABLE);
        byte[] badEnum = avro.clone();
        badEnum[10 + 1 + "in-0-42".length()] = 40; // the verdict's index: 20 of 3 symbols
        assertThat(reason(badEnum)).isEqualTo(RejectReason.UNDECODABLE);
    }

    @Test
    void anotherSchemaIsUnknownAndMissingFieldsAreNamed() throws Exception {
        byte[] alert = AnomalyAlert.getEncoder().encode(AnomalyAlert.newBuilder().setAlertId("a").setSourceTopic("t")
                .setSourcePartition(0).setSourceOffset(0).setEventTime(Instant.EPOCH).setScore(1).setThreshold(1)
                .setModelId("m").setModelVersion("v").setTopFeatures(java.util.List.of()).setRecordJson("{}").build()).array();
        assertThat(reason(alert)).isEqualTo(RejectReason.UNKNOWN_SCHEMA);
        assertThatThrownBy(() -> codec.decode(utf8("{\"verdict\": \"unsure\", \"analyst\": \"bo\", \"decided_at\": 1}")))
                .hasMessageContaining("no alert_id");
        assertThat(reason(utf8("{\"alert_id\": \" \", \"verdict\": \"unsure\", \"analyst\": \"bo\", \"decided_at\": 1}")))
                .isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(reason(utf8("{\"alert_id\": \"a\", \"analyst\": \"bo\", \"decided_at\": 1}"))).isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(reason(utf8("{\"alert_id\": \"a\", \"verdict\": \"unsure\", \"analyst\": \"bo\"}"))).isEqualTo(RejectReason.MISSING_FIELD);
    }
}
