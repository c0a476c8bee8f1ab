package io.ganwatch.augment;

import io.ganwatch.input.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generated labelled tables for the augmentation tests: a rare class in two numeric columns
 * ({@code amount}, continuous; {@code attempts}, whole numbers) and one categorical column
 * ({@code channel}). Values are text, as the CSV reader leaves them.
 */
final class AugmentTables {
    static final List<String> COLUMNS = List.of("amount", "attempts", "channel", "label");

    private AugmentTables() {
    }

    /**
     * {@code normal} rows and rare rows split into {@code fraud_a} (two thirds) and {@code fraud_b}.
     * Rare rows have larger amounts, more attempts and mostly use the web channel; normal rows
     * overlap them a little, so a classifier is good but not perfect.
     */
    static Table table(String source, int normal, int rare, long seed) {
        Random r = new Random(seed);
        List<Table.Row> rows = new ArrayList<>();
        long line = 2;
        for (int i = 0; i < normal + rare; i++) {
            boolean isRare = i >= normal;
            double amount = isRare ? 60 + 15 * r.nextGaussian() : 30 + 12 * r.nextGaussian();
            int attempts = isRare ? 3 + r.nextInt(4) : r.nextInt(4);
            String channel = isRare ? (r.nextDouble() < 0.8 ? "web" : "pos")
                    : new String[] {"web", "pos", "atm"}[r.nextInt(3)];
            String label = !isRare ? "normal" : i - normal < 2 * rare / 3 ? "fraud_a" : "fraud_b";
            rows.add(new Table.Row(line++, new Object[] {String.format(java.util.Locale.ROOT, "%.2f", amount),
                    Integer.toString(attempts), channel, label}));
        }
        return new Table(source, COLUMNS, rows);
    }

    /** The first {@code n} normal rows of {@code train} relabelled {@code fraud_a}: synthetic rows that teach a classifier the wrong class. */
    static Table misleading(Table train, int n) {
        List<Table.Row> rows = new ArrayList<>();
        for (Table.Row r : train.rows()) {
            if ("normal".equals(r.get(3)) && rows.size() < n) {
                Object[] v = r.values().clone();
                v[3] = "fraud_a";
                rows.add(new Table.Row(rows.size() + 1, v));
            }
        }
        return train.withRows(rows);
    }
}
