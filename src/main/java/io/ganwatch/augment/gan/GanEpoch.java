package io.ganwatch.augment.gan;

/**
 * What one epoch of conditional-GAN training did; plotted in the augmentation report.
 *
 * @param epoch         1-based epoch
 * @param criticLoss    mean critic (WGAN) loss over the epoch, gradient penalty included
 * @param generatorLoss mean generator loss (adversarial + conditional cross-entropy)
 * @param seconds       wall-clock seconds since training started, at the end of this epoch
 */
public record GanEpoch(int epoch, double criticLoss, double generatorLoss, double seconds) {
}
