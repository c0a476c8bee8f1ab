package io.ganwatch.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ganwatch.detector.Detector;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One alert from the alerts topic as one line a person can read at a glance: whose card, what
 * payment, how far over the threshold, which fields the model blames, and whether the simulator had in
 * fact injected it. The last part is what turns a stream of alerts into a visible check of the detector.
 */
final class AlertLine {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** "≥" where the terminal can show it. */
    private static final String AT_LEAST = StandardCharsets.UTF_8.equals(Charset.defaultCharset()) ? "\u2265" : ">=";

    private AlertLine() {
    }

    /**
     * The fields the demo reads from one alert.
     *
     * @param alertId       the alert's {@code alert_id}, or {@code null} when absent
     * @param transactionId transaction id from the original record, or {@code null} when absent
     * @param line          the printable line
     * @param top1          the first top feature's name, or {@code null} when the alert names none
     */
    record Parsed(String alertId, String transactionId, String line, String top1) {
    }

    /**
     * Reads an AnomalyAlert in JSON form.
     *
     * @param labels fraud pattern of an injected transaction id, {@code null} for the card holder's own
     * @throws IllegalArgumentException when the value is not an alert
     */
    static Parsed parse(String alertJson, Function<String, FraudPattern> labels) {
        JsonNode alert;
        JsonNode record;
        try {
            alert = JSON.readTree(alertJson);
            record = JSON.readTree(alert.path("record_json").asText("{}"));
        } catch (IOException e) {
            throw new IllegalArgumentException("not an alert: " + e.getMessage(), e);
        }
        String id = record.hasNonNull("transaction_id") ? record.get("transaction_id").asText() : null;
        List<String> top = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        alert.path("top_features").forEach(f -> {
            top.add(f.path("name").asText());
            shown.add(f.path("name").asText() + "=" + (f.path("value").isNull() ? "(missing)" : f.path("value").asText())
                    + (f.path("unseen").asBoolean(false) ? " " + Detector.Contribution.NEVER_SEEN : ""));
        });
        FraudPattern injected = id == null ? null : labels.apply(id);
        String line = String.format(Locale.ROOT, "ALERT  card %-7s amount %9.2f %s  %-9s %s in %s %02d:00  score %6.2f %s %.2f  top: %s  [%s]",
                alert.path("record_key").asText("?"), record.path("amount").asDouble(), record.path("currency").asText("?"),
                record.path("channel").asText("?"), record.path("merchant_category").asText("?"), record.path("country").asText("?"),
                record.path("hour_of_day").asInt(), alert.path("score").asDouble(), AT_LEAST, alert.path("threshold").asDouble(),
                String.join(", ", shown), injected == null ? "not injected" : "injected: " + injected.label());
        return new Parsed(alert.hasNonNull("alert_id") ? alert.get("alert_id").asText() : null, id, line,
                top.isEmpty() ? null : top.get(0));
    }
}
