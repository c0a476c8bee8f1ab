package io.ganwatch.augment;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the {@code auto} method picked for a class and why: the validation PR-AUC of each candidate on
 * held-out training rows (the same 80/20 split as {@link ValidationCheck}; the test set is never read).
 *
 * @param chosen     the method whose rows (or weights) the result carries
 * @param validation validation PR-AUC per candidate, in the order tried; empty when the class was too
 *                   small to validate
 * @param reason     one sentence for the user
 */
public record AutoChoice(AugmentMethod chosen, Map<AugmentMethod, Double> validation, String reason) {
    /** Copies the map, keeping its order. */
    public AutoChoice {
        validation = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(validation));
    }

    /**
     * Picks the candidate with the highest validation PR-AUC; the first of equals wins (give the map simplest
     * first, so that a tie goes to the method that invents fewer rows), and a candidate without a score (NaN)
     * never does.
     */
    public static AutoChoice pick(Map<AugmentMethod, Double> validation) {
        AugmentMethod best = null;
        for (Map.Entry<AugmentMethod, Double> e : validation.entrySet()) {
            if (!Double.isNaN(e.getValue()) && (best == null || e.getValue() > validation.get(best))) {
                best = e.getKey();
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no candidate has a validation PR-AUC: " + validation);
        }
        final AugmentMethod chosen = best;
        String others = validation.entrySet().stream().filter(e -> e.getKey() != chosen)
                .map(e -> String.format(Locale.ROOT, "%s %.4f", e.getKey().key(), e.getValue()))
                .collect(Collectors.joining(", "));
        return new AutoChoice(chosen, validation, String.format(Locale.ROOT,
                "picked %s: validation PR-AUC %.4f against %s (%.0f%% of the training rows held out; the test set is not used)",
                chosen.key(), validation.get(chosen), others, 100 * ValidationCheck.VALIDATION_SHARE));
    }

    /** The choice for a class too small to validate: weighting, which invents no rows. */
    static AutoChoice tooSmall(int minorityRows) {
        return new AutoChoice(AugmentMethod.WEIGHTED, Map.of(), "picked weighted: " + minorityRows + " minority training rows are"
                + " fewer than the " + ValidationCheck.MIN_MINORITY_ROWS + " needed to compare methods on held-out rows, and"
                + " weighting is the choice that invents no rows");
    }
}
