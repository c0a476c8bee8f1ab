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
        return test(train(train, synthetic, labelColumn, minority, seed, weighted), test, labelColumn, minority);
    }

    /**
     * Trains and tests with the minority weighted to balance the rest, the synthetic rows carrying
     * {@code syntheticShare} of the minority's weight and the real minority rows the remainder: towards 0 the
     * {@code weighted} baseline, at synthetic / (real + synthetic) minority rows every minority row
     * weighs the same (as {@code weighted = true} in {@link #evaluate(Table, Table, Table, String, Set, long, boolean)}).
     *
     * @param syntheticShare share of the minority's weight on the synthetic rows, in (0, 1)
     */
    public MinorityMetrics evaluate(Table train, Table synthetic, Table test, String labelColumn, Set<String> minority,
                                    long seed, double syntheticShare) {
        if (!(syntheticShare > 0 && syntheticShare < 1)) {
            throw new IllegalArgumentException("the synthetic rows' share of the minority weight must be in (0, 1), was "
                    + syntheticShare);
        }
        Stacked s = stack(train, synthetic, labelColumn, minority);
        int made = s.rows().length - s.real();
        int realMinority = 0;
        for (int i = 0; i < s.real(); i++) {
            realMinority += s.flags()[i] ? 1 : 0;
        }
        int rest = s.real() - realMinority;
        float[] weights = new float[s.rows().length];
        double share = made == 0 ? 0 : syntheticShare;
        for (int i = 0; i < weights.length; i++) {
            weights[i] = !s.flags()[i] ? 1f
                    : i < s.real() ? (float) ((1 - share) * rest / realMinority)
                    : (float) (share * rest / made);
        }
        return test(trainer.train(s.rows(), s.flags(), weights, seed), test, labelColumn, minority);
    }

    /** The model's minority metrics on the real test rows. */
    private MinorityMetrics test(MinorityModel model, Table test, String labelColumn, Set<String> minority) {
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
        Stacked s = stack(train, synthetic, labelColumn, minority);
        return weighted ? trainer.trainBalanced(s.rows(), s.flags(), seed) : trainer.train(s.rows(), s.flags(), seed);
    }

    /** The encoded real rows, then the synthetic ones, with their minority flags (every synthetic row a minority row). */
    private Stacked stack(Table train, Table synthetic, String labelColumn, Set<String> minority) {
        float[][] real = encoder.encode(train);
        float[][] made = encoder.encode(synthetic);
        float[][] rows = new float[real.length + made.length][];
        System.arraycopy(real, 0, rows, 0, real.length);
        System.arraycopy(made, 0, rows, real.length, made.length);
        boolean[] flags = new boolean[rows.length];
        System.arraycopy(MinorityLabels.flags(train, labelColumn, minority), 0, flags, 0, real.length);
        java.util.Arrays.fill(flags, real.length, rows.length, true);
        return new Stacked(rows, flags, real.length);
    }

    /** Rows to train on: {@code real} real rows first, then synthetic ones. */
    private record Stacked(float[][] rows, boolean[] flags, int real) {
    }
}
