package io.ganwatch.training;

/**
 * What one epoch of training did; kept in the bundle and plotted in reports.
 *
 * @param epoch              1-based epoch
 * @param discriminatorLoss  mean discriminator loss over the epoch's steps
 * @param generatorLoss      mean generator+encoder loss
 * @param validationAuc      checkpoint criterion: ROC-AUC of held-back normal rows against corrupted copies
 * @param seconds            wall-clock seconds since training started, at the end of this epoch
 */
public record EpochStats(int epoch, double discriminatorLoss, double generatorLoss, double validationAuc, double seconds) {
}
