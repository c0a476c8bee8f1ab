package io.ganwatch.streams;

import io.ganwatch.registry.ConfluentFraming;
import io.ganwatch.registry.SchemaRegistryClient;
import io.ganwatch.registry.SchemaRegistryException;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The serializer of the alerts and scores sinks under the schema-registry wire format. The
 * processor's {@link OutputEncoder} writes Avro single-object encoding (a header naming the
 * schema by fingerprint, then the same Avro binary datum); this swaps that 10-byte header for the
 * registry's 5-byte one, with the id the schema has under {@code <topic>-value}, registered at its
 * first use on that topic. It sits at the sink because only there is the topic known.
 *
 * <p>A registry outage throws {@link ServiceOutageException}: Kafka Streams wraps it, and
 * {@link DeadLetterHandler} fails the task on it rather than dead-lettering the input.
 */
final class ConfluentOutputSerializer implements Serializer<byte[]> {
    private static final int SINGLE_OBJECT_HEADER = 10;

    private final SchemaRegistryClient registry;
    private final SchemaCatalog schemas;
    /** Schema id by topic and fingerprint: the client caches too, but this skips the schema's text. */
    private final Map<String, Integer> ids = new ConcurrentHashMap<>();

    ConfluentOutputSerializer(SchemaRegistryClient registry, SchemaCatalog schemas) {
        this.registry = registry;
        this.schemas = schemas;
    }

    @Override
    public byte[] serialize(String topic, byte[] singleObject) {
        if (singleObject == null) {
            return null;
        }
        if (singleObject.length < SINGLE_OBJECT_HEADER || singleObject[0] != (byte) 0xC3 || singleObject[1] != (byte) 0x01) {
            throw new IllegalStateException("output to " + topic + " is not Avro single-object encoding; this is a ganwatch bug");
        }
        long fingerprint = ByteBuffer.wrap(singleObject, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String key = topic + '\u0000' + fingerprint;
        Integer id = ids.get(key);
        if (id == null) {
            Schema schema = schemas.find(fingerprint);
            if (schema == null) {
                throw new IllegalStateException(String.format("output schema %016x is not in the catalog; this is a ganwatch bug", fingerprint));
            }
            try {
                id = registry.register(topic + "-value", schema);
            } catch (SchemaRegistryException e) {
                throw new ServiceOutageException(e.getMessage() + "; the task restarts from its last commit and the record is"
                    + " processed again, none is dead-lettered", e);
            }
            ids.put(key, id);
        }
        return ConfluentFraming.frame(id, singleObject, SINGLE_OBJECT_HEADER, singleObject.length - SINGLE_OBJECT_HEADER);
    }
}
