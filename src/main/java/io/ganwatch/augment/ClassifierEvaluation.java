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
        float[][] rows = new float[real.length + made.length][];
        boolean[] flags = new boolean[rows.length];
        System.arraycopy(real, 0, rows, 0, real.length);
        System.arraycopy(made, 0, rows, real.length, made.length);
        System.arraycopy(realFlags, 0, flags, 0, realFlags.length);
        java.util.Arrays.fill(flags, real.length, rows.length, true);
        return weighted ? trainer.trainBalanced(rows, flags, seed) : trainer.train(rows, flags, seed);
    }
}
