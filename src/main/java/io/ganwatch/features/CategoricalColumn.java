package io.ganwatch.features;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A categorical column, one-hot encoded with one extra bucket for categories not seen in training.
 *
 * <p>The unknown bucket is what lets a model score a record with a new service name or country
 * instead of rejecting it; a never-seen category is itself a useful anomaly signal.
 *
 * @param name       column name
 * @param categories the categories seen in training, in encoding order
 */
public record CategoricalColumn(String name, List<String> categories) implements ColumnSpec {

    /** Name of the extra bucket in {@link #featureNames()}. */
    public static final String UNKNOWN = "<unknown>";

    /**
     * Copies and validates the category list, each category in its {@link RawValues#category} form.
     * Specs saved before that form existed hold CSV text such as {@code 80.0}; it becomes {@code 80},
     * so the rows it was learned from land where they did and stream records with the number 80 no
     * longer fall into the unknown bucket. Where two stored spellings are one number ({@code 80} and
     * {@code 80.0}), the first takes it and the second keeps its text: the column keeps the width the
     * graph was trained with, and that slot is no longer reached.
     */
    public CategoricalColumn {
        categories = canonical(categories);
        if (categories.isEmpty()) {
            throw new IllegalArgumentException("column '" + name + "' has no categories; it cannot be one-hot encoded");
        }
        if (categories.stream().distinct().count() != categories.size()) {
            throw new IllegalArgumentException("column '" + name + "' lists a category twice");
        }
    }

    private static List<String> canonical(List<String> stored) {
        List<String> out = new ArrayList<>(stored.size());
        Set<String> taken = new HashSet<>();
        for (String c : stored) {
            String canonical = c == null ? null : RawValues.category(c);
            out.add(canonical != null && taken.add(canonical) ? canonical : c);
        }
        return List.copyOf(out);
    }

    /** Position of a raw value within this column's one-hot block; the unknown bucket for anything else. */
    public int indexOf(Object value) {
        Integer i = index().get(RawValues.category(value));
        return i == null ? categories.size() : i;
    }

    private Map<String, Integer> index() {
        // Records cannot hold derived caches; a per-call map is fine for the sizes here (tens of
        // categories) and the encoder caches its own lookup tables.
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < categories.size(); i++) {
            m.put(categories.get(i), i);
        }
        return m;
    }

    @Override
    public int width() {
        return categories.size() + 1;
    }

    @Override
    public List<String> featureNames() {
        List<String> names = new ArrayList<>(width());
        for (String c : categories) {
            names.add(name + "=" + c);
        }
        names.add(name + "=" + UNKNOWN);
        return names;
    }
}
