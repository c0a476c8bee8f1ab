package io.ganwatch.features;

import io.ganwatch.input.Table;

import java.util.ArrayList;
import java.util.List;

/** Builds in-memory tables for the feature tests; data rows start at line 2, as below a CSV header. */
final class Tables {
    private Tables() {
    }

    static Table of(List<String> columns, Object[]... rows) {
        List<Table.Row> list = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            list.add(new Table.Row(i + 2L, rows[i]));
        }
        return new Table("train.csv", columns, list);
    }

    /** A one-column table. */
    static Table column(String name, Object... values) {
        Object[][] rows = new Object[values.length][];
        for (int i = 0; i < values.length; i++) {
            rows[i] = new Object[] {values[i]};
        }
        return of(List.of(name), rows);
    }
}
