package io.ganwatch.streams;

/** Turns message bytes into a {@link DecodedRecord}, or throws {@link RejectedRecordException}. */
public interface RecordDecoder {
    /** Decodes one message value. */
    DecodedRecord decode(byte[] value);

    /** The decoder for a wire format. */
    static RecordDecoder of(WireFormat format, SchemaCatalog schemas) {
        return format == WireFormat.AVRO ? new AvroRecordDecoder(schemas) : new JsonRecordDecoder();
    }
}
