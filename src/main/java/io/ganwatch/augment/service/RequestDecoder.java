package io.ganwatch.augment.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ganwatch.avro.AugmentationRequest;
import io.ganwatch.avro.FileDestination;
import io.ganwatch.avro.FileSource;
import io.ganwatch.avro.TopicDestination;
import io.ganwatch.avro.TopicSource;

import org.apache.avro.message.BinaryMessageDecoder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a request message: Avro single-object encoding of {@code AugmentationRequest} (it starts
 * with {@code C3 01}), or one JSON object with the same field names, so that a request can also be
 * typed into kcat. In JSON a source is {@code {"path": ..., "format": ...}} or
 * {@code {"topic": ..., "wire_format": ...}}, a destination {@code {"path": ...}} or {@code {"topic": ...}}, and
 * {@code gan_sampling} {@code {"temperature": 1, "truncation": 1, "snap": false}} (each part optional), and
 * {@code gan_fine_tune} a number.
 */
final class RequestDecoder {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The requests schema before {@code gan_sampling}, kept so that callers still encoding with it are
     * understood (single-object encoding names the writer's schema by its fingerprint).
     */
    static final String BEFORE_SAMPLING = "AugmentationRequest-before-sampling.avsc";

    /** The requests schema before {@code gan_fine_tune}, kept for the same reason. */
    static final String BEFORE_FINE_TUNE = "AugmentationRequest-before-fine-tune.avsc";

    private static final BinaryMessageDecoder<AugmentationRequest> AVRO =
            EarlierSchemas.addTo(AugmentationRequest.createDecoder(null), BEFORE_SAMPLING, BEFORE_FINE_TUNE);

    private RequestDecoder() {
    }

    /**
     * Decodes one message value.
     *
     * @throws RejectedRequestException when the bytes are neither a known Avro request nor a JSON request
     */
    static IncomingRequest decode(byte[] value) {
        if (value == null || value.length == 0) {
            throw new RejectedRequestException("the request message is empty; send an AugmentationRequest (Avro or JSON)");
        }
        return value.length >= 2 && value[0] == (byte) 0xC3 && value[1] == (byte) 0x01 ? avro(value) : json(value);
    }

    private static IncomingRequest avro(byte[] value) {
        AugmentationRequest r;
        try {
            r = AVRO.decode(value);
        } catch (IOException | RuntimeException e) {
            // Not only IOException and AvroRuntimeException: corrupt bytes make Avro throw whatever its
            // decoding trips over (a bad union index is an ArrayIndexOutOfBoundsException), and one such
            // message must not stop the service and every restart after it.
            throw new RejectedRequestException("the request is not an AugmentationRequest this service knows (" + e
                    + "); encode it with schemas/AugmentationRequest.avsc from this release, or send JSON", e);
        }
        return new IncomingRequest(r.getRequestId(), location(r.getSource()), r.getTestSource() == null ? null : location(r.getTestSource()),
                r.getLabelColumn(), r.getMinority(), r.getCount(), r.getMethod().name(),
                r.getClassifier() == null ? null : r.getClassifier().name(), r.getSeed(), r.getEpochs(), r.getTimeBudgetSeconds(),
                location(r.getDestination()), r.getGanSampling() == null ? null
                : new IncomingRequest.GanSampling(r.getGanSampling().getTemperature(), r.getGanSampling().getTruncation(),
                r.getGanSampling().getSnap()), r.getGanFineTune());
    }

    private static IncomingRequest.Location location(Object avro) {
        if (avro instanceof FileSource f) {
            return IncomingRequest.Location.file(f.getPath(), f.getFormat());
        }
        if (avro instanceof TopicSource t) {
            return IncomingRequest.Location.topic(t.getTopic(), t.getWireFormat() == null ? null : t.getWireFormat().name());
        }
        if (avro instanceof FileDestination f) {
            return IncomingRequest.Location.file(f.getPath(), null);
        }
        if (avro instanceof TopicDestination t) {
            return IncomingRequest.Location.topic(t.getTopic(), null);
        }
        throw new RejectedRequestException("unknown kind of source or destination: " + avro);
    }

    private static IncomingRequest json(byte[] value) {
        JsonNode n;
        try {
            n = JSON.readTree(value);
        } catch (IOException e) {
            String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new RejectedRequestException("the request is neither Avro single-object encoding nor valid JSON (" + m
                    + "); send an AugmentationRequest as Avro or as one JSON object", e);
        }
        if (n == null || !n.isObject()) {
            throw new RejectedRequestException("a JSON request must be one object with the fields of AugmentationRequest");
        }
        return new IncomingRequest(text(n, "request_id"), jsonLocation(n, "source", "format"),
                n.hasNonNull("test_source") ? jsonLocation(n, "test_source", "format") : null,
                text(n, "label_column"), minority(n), integer(n, "count"), text(n, "method"), text(n, "classifier"),
                n.hasNonNull("seed") ? longValue(n, "seed") : null, integer(n, "epochs"), integer(n, "time_budget_seconds"),
                jsonLocation(n, "destination", null), ganSampling(n), decimal(n, "gan_fine_tune", ""));
    }

    private static IncomingRequest.GanSampling ganSampling(JsonNode request) {
        JsonNode n = request.get("gan_sampling");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw new RejectedRequestException("'gan_sampling' must be an object: {\"temperature\": 1, \"truncation\": 1, \"snap\": false}");
        }
        JsonNode snap = n.get("snap");
        if (snap != null && !snap.isNull() && !snap.isBoolean()) {
            throw new RejectedRequestException("'gan_sampling.snap' must be true or false, was " + snap);
        }
        return new IncomingRequest.GanSampling(decimal(n, "temperature", "gan_sampling."), decimal(n, "truncation", "gan_sampling."),
                snap == null || snap.isNull() ? null : snap.booleanValue());
    }

    /** The number in {@code field}, or {@code null} when left out; {@code prefix} names the object it is in. */
    private static Double decimal(JsonNode n, String field, String prefix) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new RejectedRequestException("'" + prefix + field + "' must be a number, was " + v);
        }
        return v.doubleValue();
    }

    private static IncomingRequest.Location jsonLocation(JsonNode request, String field, String formatField) {
        JsonNode n = request.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw new RejectedRequestException("'" + field + "' must be an object: {\"path\": ...} or {\"topic\": ...}");
        }
        String format = formatField == null ? null : n.hasNonNull("wire_format") ? text(n, "wire_format") : text(n, formatField);
        return new IncomingRequest.Location(text(n, "path"), text(n, "topic"), format);
    }

    private static List<String> minority(JsonNode request) {
        JsonNode n = request.get("minority");
        if (n == null || n.isNull()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode v : n.isArray() ? n : List.of(n)) {
            if (!v.isValueNode() || v.isNull()) {
                throw new RejectedRequestException("'minority' must be a list of label values, e.g. [\"fraud\"]");
            }
            out.add(v.isNumber() && v.canConvertToExactIntegral() ? Long.toString(v.longValue()) : v.asText());
        }
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw new RejectedRequestException("'" + field + "' must be text");
        }
        return v.asText();
    }

    private static Integer integer(JsonNode n, String field) {
        Long v = n.hasNonNull(field) ? longValue(n, field) : null;
        if (v != null && (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE)) {
            throw new RejectedRequestException("'" + field + "' is " + v + ", too large");
        }
        return v == null ? null : v.intValue();
    }

    private static Long longValue(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isTextual() && v.asText().trim().matches("-?\\d{1,18}")) {
            return Long.parseLong(v.asText().trim());
        }
        throw new RejectedRequestException("'" + field + "' must be a whole number, was " + v);
    }
}
