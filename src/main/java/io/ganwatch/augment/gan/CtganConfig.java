package io.ganwatch.augment.gan;

import java.time.Duration;
import java.util.Arrays;

/**
 * Hyper-parameters of the conditional tabular GAN. Defaults follow CTGAN (Xu et al. 2019).
 *
 * @param epochs         passes over the training rows (training also stops at {@code timeBudget})
 * @param batchSize      rows per step; a multiple of {@code pac}
 * @param pac            PacGAN packing: the critic judges {@code pac} rows at once, which damps mode collapse
 * @param embedding      width of the generator's noise input
 * @param generatorUnits widths of the generator's residual layers
 * @param criticUnits    widths of the critic's hidden layers
 * @param learningRate   Adam learning rate of both networks
 * @param beta1          Adam β1
 * @param beta2          Adam β2
 * @param gradientPenalty weight of the WGAN-GP gradient penalty
 * @param maxModes       most Gaussian-mixture modes per continuous column
 * @param timeBudget     wall-clock limit on training; the last finished epoch is kept
 * @param seed           seed for every random choice in training
 * @param fineTuneShare  share of the budget spent at the end fine-tuning on the job's minority ({@link MinorityFineTune});
 *                       0 for none, else in (0, {@value MinorityFineTune#MAX_SHARE}]
 */
public record CtganConfig(int epochs, int batchSize, int pac, int embedding, int[] generatorUnits, int[] criticUnits,
                          double learningRate, double beta1, double beta2, double gradientPenalty, int maxModes,
                          Duration timeBudget, long seed, double fineTuneShare) {

    /** Settings without fine-tuning. */
    public CtganConfig(int epochs, int batchSize, int pac, int embedding, int[] generatorUnits, int[] criticUnits,
                       double learningRate, double beta1, double beta2, double gradientPenalty, int maxModes,
                       Duration timeBudget, long seed) {
        this(epochs, batchSize, pac, embedding, generatorUnits, criticUnits, learningRate, beta1, beta2, gradientPenalty,
                maxModes, timeBudget, seed, 0);
    }

    /** The same settings, fine-tuning on the minority for {@code share} of the budget (0: not at all). */
    public CtganConfig withFineTune(double share) {
        return new CtganConfig(epochs, batchSize, pac, embedding, generatorUnits, criticUnits, learningRate, beta1, beta2,
                gradientPenalty, maxModes, timeBudget, seed, share);
    }

    /**
     * Checks a fine-tuning share: 0 (none) or in (0, {@value MinorityFineTune#MAX_SHARE}].
     *
     * @param name what the message calls it (a flag, a field)
     * @throws IllegalArgumentException naming it and the range
     */
    public static void checkFineTuneShare(double share, String name) {
        if (!(share == 0 || share > 0 && share <= MinorityFineTune.MAX_SHARE)) {
            throw new IllegalArgumentException(name + " must be 0 (none) or a share of the time budget in (0, "
                    + MinorityFineTune.MAX_SHARE + "], was " + share);
        }
    }

    /** Whether training ends by fine-tuning on the minority. */
    public boolean fineTunes() {
        return fineTuneShare > 0;
    }

    /** CTGAN's defaults, with a given epoch count, time budget and seed. */
    public static CtganConfig defaults(int epochs, Duration timeBudget, long seed) {
        return new CtganConfig(epochs, 500, 10, 128, new int[]{256, 256}, new int[]{256, 256},
                2e-4, 0.5, 0.9, 10, 10, timeBudget, seed);
    }

    /** Validates every field, naming the bad one. */
    public CtganConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, was " + epochs);
        }
        if (pac < 1 || batchSize < pac || batchSize % pac != 0) {
            throw new IllegalArgumentException("batch size must be a positive multiple of pac (" + pac + "), was " + batchSize);
        }
        if (embedding < 1 || generatorUnits.length == 0 || criticUnits.length == 0
                || Arrays.stream(generatorUnits).anyMatch(u -> u < 1) || Arrays.stream(criticUnits).anyMatch(u -> u < 1)) {
            throw new IllegalArgumentException("embedding and layer widths must be positive, with at least one layer per network");
        }
        if (!(learningRate > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(gradientPenalty >= 0)) {
            throw new IllegalArgumentException("learning rate must be positive, betas in [0, 1), gradient penalty non-negative");
        }
        if (maxModes < 1) {
            throw new IllegalArgumentException("max modes must be at least 1, was " + maxModes);
        }
        if (timeBudget == null || timeBudget.isNegative() || timeBudget.isZero()) {
            throw new IllegalArgumentException("time budget must be positive");
        }
        checkFineTuneShare(fineTuneShare, "the fine-tuning share of the budget");
        generatorUnits = generatorUnits.clone();
        criticUnits = criticUnits.clone();
    }

    @Override
    public int[] generatorUnits() {
        return generatorUnits.clone();
    }

    @Override
    public int[] criticUnits() {
        return criticUnits.clone();
    }
}
