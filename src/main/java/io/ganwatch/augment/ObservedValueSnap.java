package io.ganwatch.augment;

import io.ganwatch.features.RawValues;
import io.ganwatch.input.Table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves a synthetic row's numbers onto values its class shows in the training rows, in the columns where
 * the class repeats its values.
 *
 * <p>Why: a GAN's continuous output is smooth, while many real columns are not. NSL-KDD's R2L rows sit
 * on 160 exact {@code src_bytes} values (the sizes of the files warezclient fetched), and for U2R many
 * counters are 0 or 1 in nearly every row. A smooth value between those is what gives a generated row
 * away (a forest told real from generated R2L rows at AUC 0.978 on {@code src_bytes} alone), and it lies
 * where no real row of the class lies. A column is snapped for a class when the class's rows repeat its
 * values: at most half as many distinct values as rows. A column whose values are all different stays
 * continuous, as generated. Each generated value goes to the nearest observed one.
 *
 * <p>A row that becomes identical to a training row of its class keeps its values as generated
 * instead, so that snapping makes no copies of the training rows.
 */
public final class ObservedValueSnap {
    /** A class's rows repeat a column's values when there are at most this many rows per distinct value. */
    static final int ROWS_PER_VALUE = 2;

    private final String labelColumn;
    private final int label;
    /** Per class value, per column: the sorted values to snap to, or null where the column stays as generated. */
    private final Map<String, double[][]> targets;
    /** The training rows of each class, as comparable keys. */
    private final Map<String, Set<List<String>>> training;

    private ObservedValueSnap(String labelColumn, int label, Map<String, double[][]> targets,
                              Map<String, Set<List<String>>> training) {
        this.labelColumn = labelColumn;
        this.label = label;
        this.targets = targets;
        this.training = training;
    }

    /**
     * Learns the values to snap to from real rows.
     *
     * @param real        real training rows of the classes to snap (others may be present: each class is learned apart)
     * @param labelColumn the column naming each row's class
     */
    public static ObservedValueSnap learn(Table real, String labelColumn) {
        int label = real.columnIndex(labelColumn);
        Map<String, List<Table.Row>> byClass = new HashMap<>();
        for (Table.Row r : real.rows()) {
            byClass.computeIfAbsent(String.valueOf(r.get(label)), k -> new ArrayList<>()).add(r);
        }
        Map<String, double[][]> targets = new HashMap<>();
        Map<String, Set<List<String>>> training = new HashMap<>();
        byClass.forEach((value, rows) -> {
            double[][] perColumn = new double[real.columns().size()][];
            for (int c = 0; c < perColumn.length; c++) {
                perColumn[c] = c == label ? null : repeatedValues(real, rows, c);
            }
            targets.put(value, perColumn);
            Set<List<String>> keys = new HashSet<>();
            for (Table.Row r : rows) {
                keys.add(key(r.values()));
            }
            training.put(value, keys);
        });
        return new ObservedValueSnap(labelColumn, label, targets, training);
    }

    /**
     * The sorted distinct numbers of column {@code c}, when every present value is a number and they repeat; else
     * null. Values are read as everywhere else ({@link RawValues}): blank is missing, a non-finite number is refused.
     */
    private static double[] repeatedValues(Table real, List<Table.Row> rows, int c) {
        double[] values = new double[rows.size()];
        int n = 0;
        for (Table.Row r : rows) {
            if (RawValues.isMissing(r.get(c))) {
                continue;
            }
            Double d = RawValues.number(r.get(c), real.source(), r.line(), real.columns().get(c));
            if (d == null) {
                return null;
            }
            values[n++] = d;
        }
        double[] distinct = Arrays.stream(values, 0, n).sorted().distinct().toArray();
        return n > 0 && distinct.length * ROWS_PER_VALUE <= n ? distinct : null;
    }

    /** Columns snapped for a class (for tests and reports). */
    int snappedColumns(String classValue) {
        double[][] t = targets.get(classValue);
        return t == null ? 0 : (int) Arrays.stream(t).filter(v -> v != null).count();
    }

    /**
     * The synthetic rows with their numbers snapped (see the class comment); rows of a class the real
     * rows lacked, and non-numeric values, are left as they are.
     *
     * @param synthetic rows with the same columns as the real rows this was learned from
     */
    public Table apply(Table synthetic) {
        if (!synthetic.columns().contains(labelColumn) || synthetic.columnIndex(labelColumn) != label) {
            throw new IllegalArgumentException("synthetic rows have columns " + synthetic.columns()
                    + "; snapping needs the real rows' layout, with '" + labelColumn + "' at position " + label);
        }
        List<Table.Row> out = new ArrayList<>(synthetic.size());
        for (Table.Row r : synthetic.rows()) {
            String value = String.valueOf(r.get(label));
            double[][] t = targets.get(value);
            if (t == null) {
                out.add(r);
                continue;
            }
            Object[] snapped = r.values().clone();
            for (int c = 0; c < snapped.length && c < t.length; c++) {
                if (t[c] != null && snapped[c] instanceof Number num) {
                    snapped[c] = nearest(t[c], num.doubleValue());
                }
            }
            out.add(training.get(value).contains(key(snapped)) ? r : new Table.Row(r.line(), snapped));
        }
        return synthetic.withRows(out);
    }

    private static double nearest(double[] sorted, double v) {
        int i = Arrays.binarySearch(sorted, v);
        if (i >= 0) {
            return sorted[i];
        }
        int above = -i - 1;
        if (above == 0) {
            return sorted[0];
        }
        if (above == sorted.length) {
            return sorted[sorted.length - 1];
        }
        return v - sorted[above - 1] <= sorted[above] - v ? sorted[above - 1] : sorted[above];
    }

    /** A row's values in the category form every reader maps to ({@link RawValues#category}), where 1, 1.0 and "1" are equal. */
    private static List<String> key(Object[] values) {
        List<String> k = new ArrayList<>(values.length);
        for (Object v : values) {
            k.add(v == null ? null : RawValues.category(v));
        }
        return k;
    }
}
