package io.ganwatch.streams;

import java.util.List;

/**
 * Pulls the fields a model reads out of a decoded record, in the feature spec's column order.
 * This is what lets the topology score ANY record type: the bundle names the fields, not the code.
 */
final class FieldExtractor {
    private final List<String> fields;

    FieldExtractor(List<String> fields) {
        this.fields = List.copyOf(fields);
    }

    Object[] extract(DecodedRecord record) {
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < values.length; i++) {
            String f = fields.get(i);
            if (!record.has(f)) {
                throw new RejectedRecordException(RejectReason.MISSING_FIELD,
                        "field '" + f + "' is missing; the model reads " + String.join(", ", fields));
            }
            Object v = record.get(f);
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
}
