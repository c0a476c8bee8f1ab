package io.ganwatch.demo;

import io.ganwatch.input.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Simulated transactions as the table the trainer learns from, with values in the same form the
 * stream processor will see them in after JSON decoding (numbers as numbers, text as text, booleans
 * as text), so that the feature spec learned here encodes live records identically.
 */
final class TrainingTable {
    /** Columns forced to be categorical: merchant category codes look like numbers but are names. */
    static final List<String> CATEGORICAL = List.of("merchant_category");

    private TrainingTable() {
    }

    /** The feature columns of {@code transactions}: every CardTransaction field except {@link Transaction#NOT_FEATURES}. */
    static Table of(String source, List<Transaction> transactions) {
        if (transactions.isEmpty()) {
            throw new IllegalArgumentException("no transactions to train on");
        }
        List<String> columns = new ArrayList<>(transactions.get(0).fields().keySet());
        columns.removeAll(Transaction.NOT_FEATURES);
        List<Table.Row> rows = new ArrayList<>(transactions.size());
        long line = 1;
        for (Transaction t : transactions) {
            Map<String, Object> f = t.fields();
            Object[] values = new Object[columns.size()];
            for (int i = 0; i < values.length; i++) {
                Object v = f.get(columns.get(i));
                values[i] = v instanceof Boolean ? v.toString() : v instanceof Number n ? (Object) n.doubleValue() : v;
            }
            rows.add(new Table.Row(line++, values));
        }
        return new Table(source, columns, rows);
    }
}
