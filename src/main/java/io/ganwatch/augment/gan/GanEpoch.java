package io.ganwatch.augment.gan;

/**
 * What one epoch of conditional-GAN training did; plotted in the augmentation report.
 *
 * @param epoch         1-based epoch
 * @param criticLoss    mean critic (WGAN) loss over the epoch, gradient penalty included
 * @param generatorLoss mean generator loss (adversarial + conditional cross-entropy)
 * @param seconds       wall-clock seconds since training started, at the end of this epoch (its coverage
 *                      measurement included)
 * @param coverage      coverage of the trainer's fixed validation sample by the generator at the end of this
 *                      epoch (see {@link CtganTrainer}); for the last epoch, by the exported generator (the
 *                      weight average), and its {@code seconds} then include that measurement; NaN for the
 *                      epochs where it was not measured
 */
public record GanEpoch(int epoch, double criticLoss, double generatorLoss, double seconds, double coverage) {

    /** An epoch whose coverage was not measured. */
    public GanEpoch(int epoch, double criticLoss, double generatorLoss, double seconds) {
        this(epoch, criticLoss, generatorLoss, seconds, Double.NaN);
    }
}
