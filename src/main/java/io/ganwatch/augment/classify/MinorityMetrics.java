package io.ganwatch.augment.classify;

/**
 * How well a classifier finds the minority class on a real test set.
 *
 * @param precision minority precision at the classifier's decision (P(minority) ≥ 0.5)
 * @param recall    minority recall at that decision
 * @param f1        harmonic mean of the two
 * @param prAuc     average precision of P(minority)
 * @param rocAuc    ROC-AUC of P(minority)
 */
public record MinorityMetrics(double precision, double recall, double f1, double prAuc, double rocAuc) {
}
