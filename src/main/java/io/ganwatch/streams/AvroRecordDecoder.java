package io.ganwatch.streams;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * Decodes Avro single-object encoding into generic records, for any schema in the
 * {@link SchemaCatalog}: the fingerprint in the message header picks the schema, and a
 * {@link BoundedDatumReader} reads the datum after it.
 */
final class AvroRecordDecoder implements RecordDecoder {
    private static final int HEADER = 10;

    private final SchemaCatalog schemas;
    private final Map<Long, BoundedDatumReader> decoders = new HashMap<>();

    AvroRecordDecoder(SchemaCatalog schemas) {
        this.schemas = schemas;
    }

    @Override
    public DecodedRecord decode(byte[] value) {
        if (value == null || value.length < HEADER || value[0] != (byte) 0xC3 || value[1] != (byte) 0x01) {
            throw new RejectedRecordException(RejectReason.UNDECODABLE,
                    "not Avro single-object encoding (no C3 01 header); produce with the schema's single-object encoder or use the json wire format");
        }
        long fingerprint = ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        BoundedDatumReader decoder = decoders.computeIfAbsent(fingerprint, fp -> {
            Schema s = schemas.find(fp);
            return s == null ? null : new BoundedDatumReader(s);
        });
        if (decoder == null) {
            throw new RejectedRecordException(RejectReason.UNKNOWN_SCHEMA, String.format(
                    "schema fingerprint %016x is not in the schema store; add the record's .avsc to the configuration", fingerprint));
        }
        try {
            return new AvroDecodedRecord(decoder.read(value, HEADER));
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
            throw new RejectedRecordException(RejectReason.UNDECODABLE, "Avro datum cannot be read with its schema: " + e.getMessage(), e);
        }
    }
}
