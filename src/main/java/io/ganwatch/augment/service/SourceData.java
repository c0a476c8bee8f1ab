package io.ganwatch.augment.service;

import io.ganwatch.input.Table;
import org.apache.avro.Schema;

import java.util.Objects;

/**
 * Real rows read for a request, with the Avro record schema they were written in when the source
 * is Avro (a {@code .avro} file or Avro messages), so that synthetic records can be written in the
 * source's own schema.
 *
 * @param table  the rows; for Avro, one column per schema field in field order
 * @param schema the records' schema, or {@code null} when the source is not Avro
 */
public record SourceData(Table table, Schema schema) {
    /** Requires the table. */
    public SourceData {
        Objects.requireNonNull(table, "table");
    }
}
