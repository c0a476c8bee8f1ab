package io.ganwatch.augment;

import io.ganwatch.input.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Whether a job's synthetic rows help, judged on the training data alone: the training rows are
 * split (stratified, seeded) into a fitting part and a validation part; one classifier is trained on
 * the fitting part plus the synthetic rows, another on the fitting part with the minority weighted
 * (the {@code weighted} method), and both are scored by PR-AUC on the validation part. When the
 * synthetic rows do worse than weighting, the job says so in its result rather than handing the
 * user rows that make their model worse. The test set is never used.
 *
 * <p>Synthetic rows must not be made from the validation part: SMOTE rows interpolated from held-out
 * minority rows let a classifier recognise those rows almost by heart (validation PR-AUC 1.0 on NSL-KDD
 * U2R), so the caller remakes them from the fitting part. A GAN trained on all rows is not retrained
 * for the check; its rows are far from copies (DCR ratio above 1 in the benchmark), and what they owe to
 * the held-out rows favours them, so a warning despite that is a strong one.
 *
 * @param prAuc         validation PR-AUC of the classifier trained with the synthetic rows
 * @param weightedPrAuc validation PR-AUC of the class-weighted classifier without them
 * @param warning       the sentence for the user when {@code prAuc < weightedPrAuc}, else {@code null}
 */
public record ValidationCheck(double prAuc, double weightedPrAuc, String warning) {
    /** Share of each class held out for validation. */
    public static final double VALIDATION_SHARE = 0.2;

    /** Fewest minority training rows the check runs with: fewer leave one or two to validate on, which decides nothing. */
    public static final int MIN_MINORITY_ROWS = 10;

    /**
     * Runs the check, with the synthetic rows that {@code syntheticFrom} makes from the fitting part, or
     * returns {@code null} when the training rows hold fewer than {@value #MIN_MINORITY_ROWS} minority rows.
     */
    static ValidationCheck run(ClassifierEvaluation classifier, Table train, UnaryOperator<Table> syntheticFrom,
                               String labelColumn, Set<String> minority, long seed) {
        boolean[] flags = MinorityLabels.flags(train, labelColumn, minority);
        List<Table.Row> minorityRows = new ArrayList<>();
        List<Table.Row> rest = new ArrayList<>();
        for (int i = 0; i < flags.length; i++) {
            (flags[i] ? minorityRows : rest).add(train.rows().get(i));
        }
        if (minorityRows.size() < MIN_MINORITY_ROWS) {
            return null;
        }
        // A stream of its own, so that the split does not move the generator's or classifier's draws.
        Random random = new Random(seed ^ 0x76A11DA7EL);
        List<Table.Row> fit = new ArrayList<>();
        List<Table.Row> validation = new ArrayList<>();
        for (List<Table.Row> cls : List.of(minorityRows, rest)) {
            List<Table.Row> shuffled = new ArrayList<>(cls);
            java.util.Collections.shuffle(shuffled, random);
            int held = (int) Math.round(cls.size() * VALIDATION_SHARE);
            validation.addAll(shuffled.subList(0, held));
            fit.addAll(shuffled.subList(held, shuffled.size()));
        }
        Table fitRows = train.withRows(fit);
        Table validationRows = train.withRows(validation);
        Table synthetic = syntheticFrom.apply(fitRows);
        double with = classifier.evaluate(fitRows, synthetic, validationRows, labelColumn, minority, seed, false).prAuc();
        Table none = train.withRows(List.of());
        double weighted = classifier.evaluate(fitRows, none, validationRows, labelColumn, minority, seed, true).prAuc();
        String[] shown = distinct(with, weighted);
        String warning = with < weighted
                ? String.format(Locale.ROOT, "the synthetic rows lower the validation PR-AUC to %s, below the %s of the"
                        + " class-weighted baseline (%.0f%% of the training rows held out); a classifier trained with minority"
                        + " weights (method weighted) is likely to do better than one trained with these rows",
                shown[0], shown[1], 100 * VALIDATION_SHARE)
                : null;
        return new ValidationCheck(with, weighted, warning);
    }

    /**
     * The two values to four decimals, or to as many more (up to ten) as it takes to tell them apart, so that a
     * warning never reads "0.9946, below the 0.9946".
     */
    static String[] distinct(double a, double b) {
        for (int digits = 4; ; digits++) {
            String format = "%." + digits + "f";
            String x = String.format(Locale.ROOT, format, a);
            String y = String.format(Locale.ROOT, format, b);
            if (!x.equals(y) || digits == 10) {
                return new String[]{x, y};
            }
        }
    }
}
