package io.ganwatch.cli;

import io.ganwatch.training.AladConfig;
import picocli.CommandLine.Option;

/** ALAD hyper-parameter flags shared by {@code train} and {@code benchmark}; defaults from {@link AladConfig#defaults}. */
public final class TrainingOptions {
    private static final AladConfig D = AladConfig.defaults(0);

    @Option(names = "--epochs", description = "Maximum training epochs; 0 = chosen from the data: at least 30, more on"
            + " small sets so that training makes at least 240 steps (default: ${DEFAULT-VALUE}).")
    int epochs = D.epochs();

    @Option(names = "--batch-size", description = "Rows per training step; 0 = chosen from the data: about an eighth of"
            + " the training rows as a power of two within [8, 256] (default: ${DEFAULT-VALUE}).")
    int batchSize = D.batchSize();

    @Option(names = "--latent-dim", description = "Latent size; 0 = about a quarter of the encoded width, within [4, 32] (default: ${DEFAULT-VALUE}).")
    int latentDim = D.latentDim();

    @Option(names = "--learning-rate", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate = D.learningRate();

    @Option(names = "--time-budget", description = "Stop after the epoch that passes this many seconds; 0 = no limit (default: ${DEFAULT-VALUE}).")
    double timeBudget = D.timeBudgetSeconds();

    @Option(names = "--min-steps", description = "Train at least this many steps, adding epochs on small data (default: ${DEFAULT-VALUE}).")
    int minSteps = D.minSteps();

    @Option(names = "--prototypes", description = "Most fitted normal rows the score compares a row with (its k nearest"
            + " in the GAN's feature space); fewer score faster and see less; 0 = 4096, or 8192 for rows of at most 16 encoded features"
            + " (default: ${DEFAULT-VALUE}).")
    int prototypes = D.prototypes();

    @Option(names = "--average-decay", description = "Score with an exponential moving average of the weights over the"
            + " training steps, with this decay (ALAD's published code: 0.999); 0 = the last step's weights"
            + " (default: ${DEFAULT-VALUE}).")
    double averageDecay = D.averageDecay();

    @Option(names = "--prototype-choice", description = "Where not every normal row fits as a prototype:"
            + " SAMPLE_AND_FARTHEST keeps half a sample of the distinct rows and half the rows farthest from it, which"
            + " covers the thin parts of normal data; SAMPLE keeps the sample alone, for data whose anomalies lie in"
            + " those thin parts (default: ${DEFAULT-VALUE}).")
    AladConfig.PrototypeChoice prototypeChoice = D.prototypeChoice();

    @Option(names = "--target-fpr", description = "False-positive rate on normal data the threshold is calibrated to (default: ${DEFAULT-VALUE}).")
    double targetFpr = 0.01;

    /** The configuration for one seed. */
    AladConfig config(long seed) {
        return new AladConfig(epochs, batchSize, latentDim, learningRate, D.beta1(), seed, timeBudget, minSteps, prototypes,
                averageDecay, prototypeChoice);
    }
}
