package io.ganwatch.augment;

import io.ganwatch.features.RawValues;
import io.ganwatch.input.InputException;
import io.ganwatch.input.Table;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the label column of a table: how often each value occurs, and which rows are minority.
 * Labels are compared as {@link RawValues#category} text, the same way the feature encoder and the
 * detector's {@code Labels} read them, so {@code 1} and {@code 1.0} are one label.
 */
public final class MinorityLabels {
    private MinorityLabels() {
    }

    /**
     * Rows per label value, most frequent first (ties by value, so the order is reproducible).
     *
     * @throws InputException when the column is absent (naming the columns) or a row has no label
     */
    public static Map<String, Integer> counts(Table table, String labelColumn) {
        int c = table.columnIndex(labelColumn);
        Map<String, Integer> counts = new HashMap<>();
        for (Table.Row row : table.rows()) {
            counts.merge(label(table, row, c, labelColumn), 1, Integer::sum);
        }
        return counts.entrySet().stream()
                .sorted(byFrequency())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    /** One flag per row: true where the label is one of {@code minority}. */
    public static boolean[] flags(Table table, String labelColumn, Set<String> minority) {
        int c = table.columnIndex(labelColumn);
        boolean[] out = new boolean[table.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = minority.contains(label(table, table.rows().get(i), c, labelColumn));
        }
        return out;
    }

    /** The rows whose label is one of {@code minority}, in table order. */
    public static Table minorityRows(Table table, String labelColumn, Set<String> minority) {
        boolean[] f = flags(table, labelColumn, minority);
        List<Table.Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < f.length; i++) {
            if (f[i]) {
                rows.add(table.rows().get(i));
            }
        }
        return table.withRows(rows);
    }

    /** The counts of the minority values only, in the order of {@link #counts} (most frequent first). */
    public static Map<String, Integer> minorityCounts(Table table, String labelColumn, Set<String> minority) {
        Map<String, Integer> out = new LinkedHashMap<>();
        counts(table, labelColumn).forEach((k, v) -> {
            if (minority.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** "a (120), b (7), ..." for at most {@code limit} values: what an error message lists. */
    static String describe(Map<String, Integer> counts, int limit) {
        String shown = counts.entrySet().stream().limit(limit)
                .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "));
        int more = counts.size() - Math.min(limit, counts.size());
        return counts.isEmpty() ? "none (the file has no rows)" : more > 0 ? shown + " and " + more + " more" : shown;
    }

    private static String label(Table table, Table.Row row, int c, String column) {
        Object v = row.get(c);
        if (RawValues.isMissing(v)) {
            throw new InputException(table.source(), row.line(), column, "label is missing; give every row a label or drop the row");
        }
        return RawValues.category(v);
    }

    private static Comparator<Map.Entry<String, Integer>> byFrequency() {
        return Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey());
    }
}
