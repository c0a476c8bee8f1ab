package io.ganwatch.augment;

import io.ganwatch.augment.classify.ClassifierKind;
import io.ganwatch.augment.gan.CtganConfig;
import io.ganwatch.augment.gan.Sampling;
import io.ganwatch.features.RawValues;
import io.ganwatch.input.InputException;
import io.ganwatch.input.Table;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One augmentation job: which rows are the minority, how to make more of them, and how to judge
 * whether they help. Validated at construction so that a bad request fails before any training.
 *
 * <p>Every check a request can fail lives here, so that the CLI and the augmentation service
 * refuse the same requests with the same words: {@link IllegalArgumentException} for a bad
 * parameter, {@link InputException} for a problem with the tables (naming the file and column).
 * Each message says what to pass instead.
 *
 * @param train       real training rows, label column included
 * @param test        real test rows with the same columns, or {@code null} to skip classifier evaluation
 * @param labelColumn the column holding the class
 * @param minority    label values that make up the minority class (one-vs-rest); the order given is kept.
 *                    Each must occur in the training or the test rows, and at least one in training
 * @param method      how to make synthetic rows
 * @param count       synthetic rows to make (0 for {@link AugmentMethod#NONE}, where it is ignored)
 * @param classifier  classifier used for the evaluation
 * @param seed        seed for every random choice
 * @param gan         GAN hyper-parameters (required for {@link AugmentMethod#GAN}, else may be {@code null})
 * @param filter      how generated rows are filtered before they are kept, or {@code null} to keep them all;
 *                    ignored (made {@code null}) for methods that make no rows
 * @param sampling    how the GAN's generator is sampled (noise truncation, temperature of the draws), or
 *                    {@code null} for {@link #defaultSampling(int)} of the minority's training rows; used by the GAN only
 */
public record AugmentSpec(Table train, Table test, String labelColumn, Set<String> minority, AugmentMethod method,
                          int count, ClassifierKind classifier, long seed, CtganConfig gan, SyntheticFilter filter,
                          Sampling sampling) {

    /** Minority classes with fewer training rows than this are small: their GAN rows come from truncated noise. */
    public static final int SMALL_CLASS_ROWS = 100;
    /** Noise truncation for a small class (see {@link #defaultSampling(int)}). */
    public static final double SMALL_CLASS_TRUNCATION = 1.0;

    /**
     * How the GAN is sampled unless a job says otherwise: for a minority of fewer than {@value #SMALL_CLASS_ROWS}
     * training rows, noise truncated to ±{@value #SMALL_CLASS_TRUNCATION}; otherwise the generator's own
     * distribution. Measured on NSL-KDD over three seeds (BENCHMARKS.md, "Truncated noise"): for U2R (52 rows)
     * truncation doubled the GAN rows' PR-AUC on every seed, for R2L (995 rows) it lowered F1 on two of three,
     * whose test set rewards the untruncated rows' variety; on KDD99 (one seed, 26 U2R rows) it changed neither, and
     * the rows were easier to tell from real ones (detection AUC 0.75 to 0.94). A generator learns a class of a few dozen rows
     * worst at its tails, and truncation keeps its rows near what it learned best; 100 rows is also where
     * work on curating synthetic rows (CLLM, 2023) sees small classes gain.
     */
    public static Sampling defaultSampling(int minorityRows) {
        return minorityRows < SMALL_CLASS_ROWS ? new Sampling(1, SMALL_CLASS_TRUNCATION) : Sampling.AS_TRAINED;
    }

    /** A job whose GAN (if any) is sampled as {@link #defaultSampling(int)} says. */
    public AugmentSpec(Table train, Table test, String labelColumn, Set<String> minority, AugmentMethod method,
                       int count, ClassifierKind classifier, long seed, CtganConfig gan, SyntheticFilter filter) {
        this(train, test, labelColumn, minority, method, count, classifier, seed, gan, filter, null);
    }

    /**
     * A job whose rows are kept as made. Filtering is asked for, not assumed: measured on NSL-KDD
     * (BENCHMARKS.md), {@link SyntheticFilter#DEFAULT} lifted the GAN's U2R PR-AUC but cut R2L's, whose
     * test set holds attacks unlike the training rows; the rows a classifier of the training rows rejects
     * are the ones that reach them.
     */
    public AugmentSpec(Table train, Table test, String labelColumn, Set<String> minority, AugmentMethod method,
                       int count, ClassifierKind classifier, long seed, CtganConfig gan) {
        this(train, test, labelColumn, minority, method, count, classifier, seed, gan, null);
    }

    /** The same job with another method (and that method's count and filter: 0 and none for a method without rows). */
    public AugmentSpec with(AugmentMethod other, Table otherTest) {
        // A job's filter is asked for its GAN's rows; SMOTE tried by AUTO stays SMOTE as users know it.
        SyntheticFilter f = other == AugmentMethod.SMOTE && method != AugmentMethod.SMOTE ? null : filter;
        return new AugmentSpec(train, otherTest, labelColumn, minority, other, other.makesRows() ? count : 0, classifier, seed, gan, f,
                sampling);
    }


    /** Most label values an error message lists. */
    static final int LISTED_LABELS = 20;

    /**
     * Validates the request.
     *
     * @throws IllegalArgumentException for a missing or out-of-range parameter
     * @throws InputException           for a label column or value the tables do not have, a test table
     *                                  without the training columns or without both classes, too few
     *                                  minority rows for SMOTE, or a training table that is all minority
     */
    public AugmentSpec {
        if (train == null) {
            throw new IllegalArgumentException("no training table; pass --train FILE");
        }
        if (labelColumn == null || labelColumn.isBlank()) {
            throw new IllegalArgumentException("no label column; pass --label-column with one of " + String.join(", ", train.columns()));
        }
        if (method == null) {
            throw new IllegalArgumentException("no augmentation method; use none, weighted, smote, gan or auto");
        }
        if (classifier == null) {
            throw new IllegalArgumentException("no classifier; use xgboost or logistic");
        }
        minority = cleanMinority(minority);
        if (!method.makesRows()) {
            filter = null;
        }
        if (method == AugmentMethod.SMOTE && filter != null && filter.judge() == SyntheticFilter.Judge.SMOTE_ANCHORS) {
            throw new IllegalArgumentException("the smote-anchors filter places the GAN's rows at SMOTE's; use it with method gan"
                    + " (or auto), or use the classifier filter with smote");
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count + "; pass --count N with N > 0");
        }
        if (count == 0 && method.makesRows()) {
            throw new IllegalArgumentException("count is 0: " + method.key() + " would make no rows; pass --count N with N > 0,"
                    + " or use --method none or weighted for a baseline");
        }
        if (method.trainsGan() && gan == null) {
            throw new IllegalArgumentException("the " + method.key() + " method needs GAN settings (epochs, time budget)");
        }

        Map<String, Integer> counts = MinorityLabels.counts(train, labelColumn);
        if (test != null) {
            checkTestColumns(train, test);
        }
        Map<String, Integer> testCounts = test == null ? Map.of() : MinorityLabels.counts(test, labelColumn);
        // A value may occur in the test rows only: a minority family often has members the training
        // data never saw (NSL-KDD's U2R), and they must count as minority when testing.
        List<String> unknown = minority.stream().filter(v -> !counts.containsKey(v) && !testCounts.containsKey(v)).toList();
        if (!unknown.isEmpty()) {
            throw new InputException(train.source(), 0, labelColumn, "no row " + (test == null ? "" : "of the training or test file ")
                    + "has the label " + quoted(unknown) + "; the training labels are " + MinorityLabels.describe(counts, LISTED_LABELS)
                    + "; pass --minority with some of them");
        }
        if (minority.stream().noneMatch(counts::containsKey)) {
            throw new InputException(train.source(), 0, labelColumn, "no training row has a minority label (" + quoted(List.copyOf(minority))
                    + " occur only in the test file); the training labels are " + MinorityLabels.describe(counts, LISTED_LABELS)
                    + "; add at least one that occurs in training to --minority");
        }
        int minorityRows = minority.stream().mapToInt(v -> counts.getOrDefault(v, 0)).sum();
        if (sampling == null) {
            sampling = defaultSampling(minorityRows);
        }
        if (minorityRows == train.size()) {
            throw new InputException(train.source(), 0, labelColumn, "every row is labelled " + quoted(List.copyOf(minority))
                    + ", so there is nothing to tell the minority apart from; train on a file that also holds other classes");
        }
        if (method == AugmentMethod.SMOTE && minorityRows < 2) {
            throw new InputException(train.source(), 0, labelColumn, "SMOTE needs at least 2 minority rows to interpolate"
                    + " between, the file has " + minorityRows + "; add rows of the class, widen --minority, or use --method gan");
        }
        if (test != null) {
            checkTest(test, testCounts, labelColumn, minority);
        }
    }

    private static Set<String> cleanMinority(Set<String> minority) {
        if (minority == null || minority.isEmpty()) {
            throw new IllegalArgumentException("no minority label; pass --minority VALUE (several separated by commas)");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String v : minority) {
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException("a minority label is empty; pass --minority with non-empty values separated by commas");
            }
            // The form the labels of the rows are compared in (MinorityLabels), so "1" finds a CSV's "1.0".
            out.add(RawValues.category(v));
        }
        return Collections.unmodifiableSet(out);
    }

    private static void checkTestColumns(Table train, Table test) {
        List<String> lacking = train.columns().stream().filter(c -> !test.columns().contains(c)).toList();
        if (!lacking.isEmpty()) {
            throw new InputException(test.source(), 0, null, "lacks the training file's column(s) " + String.join(", ", lacking)
                    + "; the test file needs the same columns as --train (same --format too)");
        }
    }

    private static void checkTest(Table test, Map<String, Integer> testCounts, String labelColumn, Set<String> minority) {
        int testMinority = minority.stream().mapToInt(v -> testCounts.getOrDefault(v, 0)).sum();
        if (testMinority == 0) {
            throw new InputException(test.source(), 0, labelColumn, "no row is labelled " + quoted(List.copyOf(minority))
                    + ", so minority precision and recall cannot be measured; its labels are "
                    + MinorityLabels.describe(testCounts, LISTED_LABELS) + "; pass a test file with minority rows, or leave out --test");
        }
        if (testMinority == test.size()) {
            throw new InputException(test.source(), 0, labelColumn, "every row is minority, so ROC-AUC is undefined;"
                    + " pass a test file that also holds other classes");
        }
    }

    private static String quoted(List<String> values) {
        return values.stream().map(v -> "'" + v + "'").collect(java.util.stream.Collectors.joining(", "));
    }
}
