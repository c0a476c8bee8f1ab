package io.ganwatch.augment.classify;

import io.ganwatch.evaluation.Metrics;

/**
 * {@link MinorityMetrics} of P(minority) against the true classes of a test set.
 *
 * <p>Delegates to {@link Metrics}, the detector's evaluation, so that "precision", "PR-AUC" and
 * the rest mean the same in every ganwatch report: average precision as scikit-learn computes it,
 * ROC-AUC from Tribuo's curve, and zero precision when nothing is predicted minority.
 */
public final class MinorityEvaluator {
    /** A row is predicted minority at P(minority) ≥ this, the classifier's own decision. */
    public static final double DECISION = 0.5;

    private MinorityEvaluator() {
    }

    /**
     * Evaluates probabilities against classes.
     *
     * @throws IllegalArgumentException for a length mismatch, a NaN, or a test set without both classes
     */
    public static MinorityMetrics of(double[] pMinority, boolean[] isMinority) {
        Metrics m = Metrics.of(pMinority, isMinority, DECISION);
        return new MinorityMetrics(m.precision(), m.recall(), m.f1(), m.prAuc(), m.rocAuc());
    }
}
