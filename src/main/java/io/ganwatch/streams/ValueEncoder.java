package io.ganwatch.streams;

import io.ganwatch.detector.Detector;
import org.apache.avro.generic.GenericRecord;

import java.util.Map;

/**
 * <b>Internal, not part of ganwatch's API</b> (which is {@code io.ganwatch.api}): the stream's own
 * decode and validate-and-encode path, opened to the library API so that it scores a value exactly
 * as the stream processor does instead of through a second encoder. Public only because Java has no
 * narrower visibility across packages.
 *
 * <p>An instance belongs to one model and one thread at a time (its field extractor caches Avro field
 * positions per writer schema); make one per batch or per processor.
 */
public final class ValueEncoder {
    private static final JsonRecordDecoder JSON = new JsonRecordDecoder();
    private final Detector model;
    private final FieldExtractor extractor;

    /** For encoding values with {@code model}. */
    public ValueEncoder(Detector model) {
        this.model = model;
        this.extractor = new FieldExtractor(model.bundle().metadata().features().columnNames());
    }

    /** The model this encoder encodes for. */
    public Detector model() {
        return model;
    }

    /** An Avro record (generic or specific) as the decoders see it. */
    public static DecodedRecord ofAvro(GenericRecord record) {
        return new AvroDecodedRecord(record);
    }

    /** A map of field name to value (String, Number, Boolean, null) as the decoders see it. */
    public static DecodedRecord ofMap(Map<String, ?> fields) {
        return new MapDecodedRecord(fields);
    }

    /**
     * One JSON object, decoded as the stream's {@code json} wire format decodes it.
     *
     * @throws RejectedRecordException ({@link RejectReason#UNDECODABLE}) when it is not one JSON object
     */
    public static DecodedRecord ofJson(byte[] json) {
        return JSON.decode(json);
    }

    /**
     * The record's feature row for this encoder's model: {@link ScoringProcessor#encode}, the stream's one
     * validate-and-encode step.
     *
     * @param source named in error messages (the stream names the topic)
     * @param line   the value's 1-based place in a batch, named in error messages; 0 for none
     * @throws RejectedRecordException for a missing field, a non-finite number or a value the spec cannot encode
     */
    public float[] encode(DecodedRecord record, String source, long line) {
        return ScoringProcessor.encode(record, extractor, model.encoder(), source, line);
    }
}
