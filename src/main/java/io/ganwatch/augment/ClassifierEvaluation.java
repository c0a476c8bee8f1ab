package io.ganwatch.augment;

import io.ganwatch.augment.classify.MinorityClassifierTrainer;
import io.ganwatch.augment.classify.MinorityEvaluator;
import io.ganwatch.augment.classify.MinorityMetrics;
import io.ganwatch.augment.classify.MinorityModel;
import io.ganwatch.features.FeatureEncoder;
import io.ganwatch.input.Table;

import java.util.Objects;
import java.util.Set;

/**
 * Whether synthetic rows help: trains the judging classifier on the real training rows plus the
 * synthetic rows (all labelled minority) and measures minority-vs-rest on the real test rows.
 * Every table is encoded with the one encoder learned on the real training rows, so the three
 * methods of one job are compared on identical features.
 *
 * @param encoder the job's encoder
 * @param trainer the classifier
 */
public record ClassifierEvaluation(FeatureEncoder encoder, MinorityClassifierTrainer trainer) {

    /** Requires both parts. */
    public ClassifierEvaluation {
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(trainer, "trainer");
    }

    /**
     * Trains and tests.
     *
     * @param train       real training rows, label column included
     * @param synthetic   synthetic minority rows (may be empty)
     * @param test        real test rows
     * @param labelColumn the label column
     * @param minority    the minority label values
     * @param seed        seeds the classifier
     * @param weighted    weigh each minority row by rest/minority in the classifier (the {@code weighted} method)
     */
    public MinorityMetrics evaluate(Table train, Table synthetic, Table test, String labelColumn, Set<String> minority,
                                    long seed, boolean weighted) {
        MinorityModel model = train(train, synthetic, labelColumn, minority, seed, weighted);
        double[] p = model.probabilities(encoder.encode(test));
        return MinorityEvaluator.of(p, MinorityLabels.flags(test, labelColumn, minority));
    }

    /**
     * Trains and tests with the minority weighted to balance the rest, the synthetic rows carrying
     * {@code syntheticShare} of the minority's weight and the real minority rows the remainder: at 0 the
     * {@code weighted} baseline, at synthetic / (real + synthetic) minority rows every minority row
     * weighs the same (as {@code weighted = true} in {@link #evaluate(Table, Table, Table, String, Set, long, boolean)}).
     *
     * @param syntheticShare share of the minority's weight on the synthetic rows, in [0, 1)
     */
    public MinorityMetrics evaluate(Table train, Table synthetic, Table test, String labelColumn, Set<String> minority,
                                    long seed, double syntheticShare) {
        if (!(syntheticShare >= 0 && syntheticShare < 1)) {
            throw new IllegalArgumentException("the synthetic rows' share of the minority weight must be in [0, 1), was "
                    + syntheticShare);
        }
        float[][] real = encoder.encode(train);
        float[][] made = encoder.encode(synthetic);
        boolean[] realFlags = MinorityLabels.flags(train, labelColumn, minority);
        int realMinority = 0;
        for (boolean f : realFlags) {
            realMinority += f ? 1 : 0;
        }
        int rest = real.length - realMinority;
        float[][] rows = concat(real, made);
        boolean[] flags = new boolean[rows.length];
        System.arraycopy(realFlags, 0, flags, 0, realFlags.length);
        java.util.Arrays.fill(flags, real.length, rows.length, true);
        float[] weights = new float[rows.length];
        double share = made.length == 0 ? 0 : syntheticShare;
        for (int i = 0; i < rows.length; i++) {
            weights[i] = !flags[i] ? 1f
                    : i < real.length ? (float) ((1 - share) * rest / realMinority)
                    : (float) (share * rest / made.length);
        }
        MinorityModel model = trainer.train(rows, flags, weights, seed);
        return MinorityEvaluator.of(model.probabilities(encoder.encode(test)), MinorityLabels.flags(test, labelColumn, minority));
    }

    /**
     * Trains the classifier on real rows alone (no synthetic rows), e.g. to judge generated rows.
     *
     * @param weighted weigh each minority row by rest/minority
     */
    public MinorityModel fit(Table train, String labelColumn, Set<String> minority, long seed, boolean weighted) {
        return train(train, train.withRows(java.util.List.of()), labelColumn, minority, seed, weighted);
    }

    private MinorityModel train(Table train, Table synthetic, String labelColumn, Set<String> minority, long seed,
                                boolean weighted) {
        float[][] real = encoder.encode(train);
        float[][] made = encoder.encode(synthetic);
        boolean[] realFlags = MinorityLabels.flags(train, labelColumn, minority);
        float[][] rows = concat(real, made);
        boolean[] flags = new boolean[rows.length];
        System.arraycopy(realFlags, 0, flags, 0, realFlags.length);
        java.util.Arrays.fill(flags, real.length, rows.length, true);
        return weighted ? trainer.trainBalanced(rows, flags, seed) : trainer.train(rows, flags, seed);
    }

    private static float[][] concat(float[][] a, float[][] b) {
        float[][] rows = new float[a.length + b.length][];
        System.arraycopy(a, 0, rows, 0, a.length);
        System.arraycopy(b, 0, rows, a.length, b.length);
        return rows;
    }
}
