package io.ganwatch.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ganwatch.avro.AlertFeedback;
import io.ganwatch.avro.Verdict;
import io.ganwatch.feedback.Verdicts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The feedback topic's wire format: one {@code AlertFeedback} ({@code schemas/AlertFeedback.avsc})
 * per message, keyed by alert id, as Avro single-object encoding (bytes {@code C3 01}, the schema's
 * fingerprint, the datum; what {@code ganwatch feedback} writes) or as one JSON object with the same
 * field names, the verdict spelled {@code true-positive} or {@code TRUE_POSITIVE} and
 * {@code decided_at} in epoch milliseconds (what a person types into a console producer). The two
 * are told apart by their first byte, whatever the stream's {@code ganwatch.format}: verdicts are
 * few, written by other tools than the scored records, and not worth a second setting.
 *
 * <p>Decoding goes through the scoring path's own decoders, so a corrupted length is refused before
 * anything is allocated for it. One codec per processor: the decoders are not thread-safe.
 */
public final class FeedbackCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RecordDecoder avro = new AvroRecordDecoder(SchemaCatalog.ofSchemas(AlertFeedback.getClassSchema()));
    private final RecordDecoder json = new JsonRecordDecoder();

    /** The verdict as the feedback topic carries it: Avro single-object encoding, or JSON when {@code asJson}. */
    public static byte[] encode(AlertFeedback feedback, boolean asJson) {
        if (asJson) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("alert_id", feedback.getAlertId());
            m.put("verdict", Verdicts.spell(feedback.getVerdict()));
            m.put("analyst", feedback.getAnalyst());
            m.put("decided_at", feedback.getDecidedAt().toEpochMilli());
            m.put("note", feedback.getNote());
            try {
                return JSON.writeValueAsBytes(m);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write feedback as JSON", e);
            }
        }
        try {
            ByteBuffer b = AlertFeedback.getEncoder().encode(feedback);
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode feedback", e);
        }
    }

    /**
     * One verdict from a message value.
     *
     * @throws RejectedRecordException {@code undecodable} for bytes in neither format, {@code unknown-schema}
     *         for Avro of another schema, {@code missing-field} for a missing or empty alert id, verdict,
     *         analyst or decision time, {@code unknown-verdict} for a verdict not spelled as one of the three
     */
    public AlertFeedback decode(byte[] value) {
        if (value == null || value.length == 0) {
            throw new RejectedRecordException(RejectReason.UNDECODABLE, "empty feedback message; send one AlertFeedback"
                    + " (Avro single-object encoding or a JSON object), e.g. with `ganwatch feedback`");
        }
        boolean isAvro = value[0] == (byte) 0xC3;
        DecodedRecord r = isAvro ? avro.decode(value) : firstNonBlank(value) == '{' ? json.decode(value) : null;
        if (r == null) {
            throw new RejectedRecordException(RejectReason.UNDECODABLE, "feedback is neither Avro single-object encoding"
                    + " (C3 01 ...) of AlertFeedback nor a JSON object; send it with `ganwatch feedback`");
        }
        String alertId = text(r, "alert_id");
        Object verdictValue = r.get("verdict");
        if (verdictValue == null) {
            throw new RejectedRecordException(RejectReason.MISSING_FIELD, "feedback on alert " + alertId + " has no verdict;"
                    + " send true-positive, false-positive or unsure");
        }
        Verdict verdict;
        try {
            verdict = Verdicts.parse(DeadLetters.shortened(verdictValue.toString(), 80));
        } catch (IllegalArgumentException e) {
            throw new RejectedRecordException(RejectReason.UNKNOWN_VERDICT, e.getMessage() + " (alert " + alertId + ")");
        }
        String analyst = text(r, "analyst");
        Object decided = r.get("decided_at");
        if (!(decided instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new RejectedRecordException(RejectReason.MISSING_FIELD, "feedback on alert " + alertId
                    + " has no decided_at (epoch milliseconds)");
        }
        Object note = r.get("note");
        return AlertFeedback.newBuilder().setAlertId(alertId).setVerdict(verdict).setAnalyst(analyst)
                .setDecidedAt(Instant.ofEpochMilli(n.longValue())).setNote(note == null ? null : note.toString()).build();
    }

    private static String text(DecodedRecord r, String field) {
        Object v = r.get(field);
        if (!(v instanceof String s) || s.isBlank()) {
            throw new RejectedRecordException(RejectReason.MISSING_FIELD, "feedback has no " + field
                    + (v == null ? "" : " (found " + DeadLetters.shortened(String.valueOf(v), 80) + ")")
                    + "; a verdict needs alert_id, verdict, analyst and decided_at");
        }
        return s;
    }

    private static int firstNonBlank(byte[] value) {
        for (byte b : value) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b;
            }
        }
        return -1;
    }
}
