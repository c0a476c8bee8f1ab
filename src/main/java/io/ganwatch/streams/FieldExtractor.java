package io.ganwatch.streams;

import org.apache.avro.Schema;

import java.util.List;

/**
 * Pulls the fields a model reads out of a decoded record, in the feature spec's column order.
 * This is what lets the topology score ANY record type: the bundle names the fields, not the code.
 */
final class FieldExtractor {
    private final List<String> fields;
    /** Field positions in the last Avro writer schema seen (-1: absent); a topic rarely has more than one schema. */
    private Schema positionsOf;
    private int[] positions;

    FieldExtractor(List<String> fields) {
        this.fields = List.copyOf(fields);
    }

    Object[] extract(DecodedRecord record) {
        // Avro records are read by position, resolved once per writer schema: looking each field up by
        // name twice (has, then get) was the largest single cost of the scoring path (JFR, BENCHMARKS.md).
        int[] pos = record instanceof AvroDecodedRecord avro ? positions(avro.schema()) : null;
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < values.length; i++) {
            String f = fields.get(i);
            if (pos != null ? pos[i] < 0 : !record.has(f)) {
                throw new RejectedRecordException(RejectReason.MISSING_FIELD,
                        "field '" + f + "' is missing; the model reads " + String.join(", ", fields));
            }
            Object v = pos != null ? ((AvroDecodedRecord) record).getAt(pos[i]) : record.get(f);
            if (v instanceof Boolean) {
                v = v.toString(); // the file readers see booleans as text too
            } else if (v != null && !(v instanceof String) && !(v instanceof Number)) {
                throw new RejectedRecordException(RejectReason.UNENCODABLE,
                        "field '" + f + "' holds a nested value; the model reads flat numbers and text only");
            }
            values[i] = v;
        }
        return values;
    }

    private int[] positions(Schema schema) {
        if (schema != positionsOf) {
            int[] p = new int[fields.size()];
            for (int i = 0; i < p.length; i++) {
                Schema.Field f = schema.getField(fields.get(i));
                p[i] = f == null ? -1 : f.pos();
            }
            positions = p;
            positionsOf = schema;
        }
        return positions;
    }
}
