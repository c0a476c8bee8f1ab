package io.ganwatch.augment.service;

import io.ganwatch.input.Table;
import io.ganwatch.streams.WireFormat;
import org.apache.avro.Schema;

import java.util.Objects;

/**
 * Real rows read for a request, with the Avro record schema they were written in when the source
 * is Avro (a {@code .avro} file or Avro messages), so that synthetic records can be written in the
 * source's own schema.
 *
 * @param table       the rows; for Avro, one column per schema field in field order
 * @param schema      the records' schema, or {@code null} when the source is not Avro
 * @param topicFormat the wire format of a topic source, or {@code null} for a file
 */
public record SourceData(Table table, Schema schema, WireFormat topicFormat) {
    /** Requires the table. */
    public SourceData {
        Objects.requireNonNull(table, "table");
    }

    /** A file source's rows. */
    public SourceData(Table table, Schema schema) {
        this(table, schema, null);
    }
}
