package io.ganwatch.features;

import io.ganwatch.input.InputException;
import io.ganwatch.input.Table;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns raw values into the float vectors a model consumes, following a {@link FeatureSpec}.
 *
 * <p>The only encoder in ganwatch: training, batch scoring and the stream processor all call it,
 * so a bundle's model always sees features encoded exactly as in training. Thread-safe.
 */
public final class FeatureEncoder {
    private final FeatureSpec spec;
    private final int[] offsets;
    private final List<Map<String, Integer>> categoryIndex;

    /** Builds lookup tables for the spec's categorical columns. */
    public FeatureEncoder(FeatureSpec spec) {
        this.spec = spec;
        this.offsets = spec.offsets();
        this.categoryIndex = spec.columns().stream().map(c -> {
            Map<String, Integer> m = new HashMap<>();
            if (c instanceof CategoricalColumn cat) {
                for (int i = 0; i < cat.categories().size(); i++) {
                    m.put(cat.categories().get(i), i);
                }
            }
            return Map.copyOf(m);
        }).toList();
    }

    /** The spec this encoder follows. */
    public FeatureSpec spec() {
        return spec;
    }

    /** Encoded width. */
    public int width() {
        return offsets[offsets.length - 1];
    }

    /**
     * Encodes every row of a table.
     *
     * @return row-major {@code [rows][width]}
     * @throws InputException naming the first row and column that cannot be encoded, or a missing column
     */
    public float[][] encode(Table table) {
        int[] source = sourceColumns(table);
        float[][] out = new float[table.size()][width()];
        Object[] values = new Object[source.length];
        for (int r = 0; r < table.size(); r++) {
            encodeRow(table, r, source, values, out[r], 0);
        }
        return out;
    }

    /**
     * Encodes rows {@code [from, to)} of a table straight into one row-major buffer, the layout ONNX
     * Runtime takes, without a per-row array (the scoring hot path). Encoding in parallel chunks was
     * tried and measured no faster on 2 cores, where ONNX Runtime already uses both.
     *
     * @param out at least {@code (to - from) * width()} floats
     */
    public void encode(Table table, int from, int to, float[] out) {
        int[] source = sourceColumns(table);
        Object[] values = new Object[source.length];
        int width = width();
        for (int r = from; r < to; r++) {
            encodeRow(table, r, source, values, out, (r - from) * width);
        }
    }

    private void encodeRow(Table table, int r, int[] source, Object[] values, float[] out, int offset) {
        Table.Row row = table.rows().get(r);
        for (int i = 0; i < source.length; i++) {
            values[i] = row.get(source[i]);
        }
        encodeInto(values, table.source(), row.line(), out, offset);
    }

    /** For each spec column, its index in the table; an error naming the first one the table lacks. */
    private int[] sourceColumns(Table table) {
        int[] source = new int[spec.columns().size()];
        for (int i = 0; i < source.length; i++) {
            String name = spec.columns().get(i).name();
            source[i] = table.columns().indexOf(name);
            if (source[i] < 0) {
                throw new InputException(table.source(), 0, name,
                        "the model needs this column but the input has only " + String.join(", ", table.columns())
                                + "; add the column or score with a model trained on these columns");
            }
        }
        return source;
    }

    /**
     * Encodes one record whose values are given in the spec's column order.
     *
     * @param values one raw value per spec column; {@code null} or blank means missing
     * @param source where the record came from, for error messages
     * @param line   line or record number, for error messages
     * @param out    destination; {@link #width()} floats are written from {@code offset}
     */
    public void encodeInto(Object[] values, String source, long line, float[] out, int offset) {
        for (int i = 0; i < values.length; i++) {
            ColumnSpec column = spec.columns().get(i);
            int at = offset + offsets[i];
            Object v = values[i];
            boolean missing = RawValues.isMissing(v);
            if (missing && spec.missing() == MissingPolicy.REJECT) {
                throw new InputException(source, line, column.name(), "value is missing; the model was trained with --missing reject");
            }
            if (column instanceof NumericColumn num) {
                double d = num.impute();
                if (!missing) {
                    Double parsed = RawValues.number(v, source, line, column.name());
                    if (parsed == null) {
                        throw new InputException(source, line, column.name(),
                                "text value '" + v + "' in a numeric column; fix the value or leave it empty to mark it missing");
                    }
                    d = parsed;
                }
                out[at] = num.encode(d);
            } else {
                CategoricalColumn cat = (CategoricalColumn) column;
                java.util.Arrays.fill(out, at, at + cat.width(), 0f);
                Integer k = missing ? null : categoryIndex.get(i).get(RawValues.category(v));
                out[at + (k == null ? cat.categories().size() : k)] = 1f;
            }
        }
    }
}
