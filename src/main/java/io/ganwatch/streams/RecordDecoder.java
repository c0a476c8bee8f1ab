package io.ganwatch.streams;

/** Turns message bytes into a {@link DecodedRecord}, or throws {@link RejectedRecordException}. */
public interface RecordDecoder {
    /** Decodes one message value. */
    DecodedRecord decode(byte[] value);

    /** The decoder for a wire format that needs no schema registry. */
    static RecordDecoder of(WireFormat format, SchemaCatalog schemas) {
        return of(format, schemas, null);
    }

    /** The decoder for a wire format; {@code registry} is required for {@link WireFormat#CONFLUENT_AVRO} only. */
    static RecordDecoder of(WireFormat format, SchemaCatalog schemas, io.ganwatch.registry.SchemaRegistryClient registry) {
        return switch (format) {
            case AVRO -> new AvroRecordDecoder(schemas);
            case JSON -> new JsonRecordDecoder();
            case CONFLUENT_AVRO -> new ConfluentRecordDecoder(java.util.Objects.requireNonNull(registry,
                    "the confluent-avro wire format needs a schema registry client"));
        };
    }
}
