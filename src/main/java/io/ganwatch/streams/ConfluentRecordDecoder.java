package io.ganwatch.streams;

import io.ganwatch.registry.ConfluentFraming;
import io.ganwatch.registry.SchemaRegistryClient;
import io.ganwatch.registry.SchemaRegistryException;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Decodes the schema-registry wire format (byte 0, a 4-byte big-endian schema id, the Avro binary
 * datum) into generic records, reading each datum with its writer schema fetched by id from the
 * registry. An id the registry does not know is bad input ({@code unknown-schema}); a registry that
 * cannot be reached is an outage ({@link ServiceOutageException}), never a dead letter. One decoder
 * per processor (datum readers are not thread-safe); the registry client, and its cache, is shared.
 */
final class ConfluentRecordDecoder implements RecordDecoder {
    private final SchemaRegistryClient registry;
    private final Map<Integer, BoundedDatumReader> readers = new HashMap<>();

    ConfluentRecordDecoder(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    @Override
    public DecodedRecord decode(byte[] value) {
        if (!ConfluentFraming.hasHeader(value)) {
            throw new RejectedRecordException(RejectReason.UNDECODABLE, "not the schema-registry wire format (no magic byte 0"
                    + " and 4-byte schema id); produce with a schema-registry Avro serializer or choose the matching ganwatch.format");
        }
        int id = ConfluentFraming.schemaId(value);
        if (id < 0) {
            // Not asked of the registry: it answers a path it does not serve, which reads as an outage, and a
            // single corrupted record would then restart the task forever instead of being dead-lettered.
            throw new RejectedRecordException(RejectReason.UNKNOWN_SCHEMA, "schema id " + id
                    + " is negative, which no registry assigns; the message is corrupted or not in the schema-registry wire format");
        }
        BoundedDatumReader reader = readers.get(id);
        if (reader == null) {
            reader = new BoundedDatumReader(writerSchema(id));
            readers.put(id, reader);
        }
        try {
            return new AvroDecodedRecord(reader.read(value, ConfluentFraming.HEADER));
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new RejectedRecordException(RejectReason.UNDECODABLE, "Avro datum cannot be read with its writer schema (id "
                    + id + "): " + e + "; the message is truncated or was not written with that schema", e);
        }
    }

    private Schema writerSchema(int id) {
        try {
            return registry.schemaById(id);
        } catch (SchemaRegistryException e) {
            if (e.kind() == SchemaRegistryException.Kind.UNKNOWN_SCHEMA) {
                throw new RejectedRecordException(RejectReason.UNKNOWN_SCHEMA, e.getMessage(), e);
            }
            throw new ServiceOutageException(e.getMessage() + "; the task restarts from its last commit and the record is"
                    + " processed again, none is dead-lettered", e);
        }
    }
}
