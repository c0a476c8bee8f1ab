package io.ganwatch.training;

/**
 * Hyper-parameters of ALAD training (Zenati et al., 2018), recorded in every model bundle.
 *
 * @param epochs        maximum passes over the training rows; {@link #AUTOMATIC} to choose from the data
 * @param batchSize     rows per step; {@link #AUTOMATIC} to choose from the data (see {@link TrainingSchedule})
 * @param latentDim     size of the latent code z; 0 picks one from the input width
 * @param learningRate  Adam learning rate for all networks
 * @param beta1         Adam beta1 (0.5, the usual choice for GANs)
 * @param seed          seeds data shuffling, weight initialisation and latent sampling
 * @param timeBudgetSeconds stop after the epoch that crosses this many seconds; 0 for no limit
 * @param minSteps      train at least this many steps, adding epochs on small data sets (a few
 *                      thousand rows give only a handful of steps per epoch)
 * @param prototypes    most fitted rows the score's kNN head keeps ({@link #AUTOMATIC}: 4096, or 8192 for narrow
 *                      rows, {@link #maxPrototypes(int)}); each one costs a dot product per scored row, so fewer score
 *                      faster and see less
 * @param averageDecay  the checkpoints and the bundle hold an exponential moving average of the weights
 *                      with this decay ({@link WeightAverage}; ALAD's published code scores with 0.999);
 *                      0 keeps the weights of the last step, as bundles recorded before this field were
 * @param prototypeChoice how the kNN head chooses its prototypes where not every normal row fits (see
 *                      {@link PrototypeChoice}); read as the default from bundles recorded before this field, which
 *                      took a uniform sample (their {@code scoring.prototypes_chosen} is absent)
 */
public record AladConfig(int epochs, int batchSize, int latentDim, double learningRate, double beta1, long seed,
                         double timeBudgetSeconds, int minSteps, int prototypes, double averageDecay,
                         PrototypeChoice prototypeChoice) {

    /**
     * How the kNN head chooses its prototypes from the fitted normal rows where not all of them fit
     * ({@code detector/Prototypes}). Both pass over repeated rows.
     */
    public enum PrototypeChoice {
        /**
         * Half a seeded sample of the distinct rows, half the rows farthest from it (the default): on KDD99, F1 at
         * contamination 0.9786 → 0.9868, NSL-KDD and shuttle gain a little.
         */
        SAMPLE_AND_FARTHEST,
        /**
         * A seeded sample of the distinct rows alone: for data whose anomalies lie in the thin parts of normal data,
         * which the farthest rows fill (5_campaign: 0.007 ROC-AUC better this way).
         */
        SAMPLE
    }

    /**
     * Decay of {@link #averageDecay()} by default: none. Averaging (0.999, ALAD's published setting) was
     * measured on the ADBench suite and on KDD99 and changed nothing beyond the fourth decimal
     * (BENCHMARKS.md, "What ALAD's training contributes to the kNN head"), so the simpler, faster
     * training stays the default and averaging is there to ask for.
     */
    public static final double DEFAULT_AVERAGE_DECAY = 0;

    /** Value of {@link #epochs()} or {@link #batchSize()} that lets {@link TrainingSchedule} choose from the data. */
    public static final int AUTOMATIC = 0;

    /**
     * Defaults chosen on the benchmarks (see BENCHMARKS.md): batch size and epochs adapt to the data
     * ({@link TrainingSchedule}; on large sets batch 256 and 30 epochs).
     */
    public static AladConfig defaults(long seed) {
        return new AladConfig(AUTOMATIC, AUTOMATIC, 0, 1e-4, 0.5, seed, 0, 0, AUTOMATIC, DEFAULT_AVERAGE_DECAY,
                PrototypeChoice.SAMPLE_AND_FARTHEST);
    }

    /** Settings with the default choice of prototypes. */
    public AladConfig(int epochs, int batchSize, int latentDim, double learningRate, double beta1, long seed,
                      double timeBudgetSeconds, int minSteps, int prototypes, double averageDecay) {
        this(epochs, batchSize, latentDim, learningRate, beta1, seed, timeBudgetSeconds, minSteps, prototypes, averageDecay,
                PrototypeChoice.SAMPLE_AND_FARTHEST);
    }

    /** Settings with the default weight averaging (none). */
    public AladConfig(int epochs, int batchSize, int latentDim, double learningRate, double beta1, long seed,
                      double timeBudgetSeconds, int minSteps, int prototypes) {
        this(epochs, batchSize, latentDim, learningRate, beta1, seed, timeBudgetSeconds, minSteps, prototypes,
                DEFAULT_AVERAGE_DECAY);
    }

    /** Settings with the automatic number of prototypes (and, read from a bundle written before it was recorded, that). */
    public AladConfig(int epochs, int batchSize, int latentDim, double learningRate, double beta1, long seed,
                      double timeBudgetSeconds, int minSteps) {
        this(epochs, batchSize, latentDim, learningRate, beta1, seed, timeBudgetSeconds, minSteps, AUTOMATIC);
    }

    /** Rejects values that cannot train. */
    public AladConfig {
        if (prototypeChoice == null) {
            prototypeChoice = PrototypeChoice.SAMPLE_AND_FARTHEST; // a bundle recorded before the field
        }
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be at least 1 (or 0 for automatic), was " + epochs);
        }
        if (batchSize != AUTOMATIC && batchSize < 2) {
            throw new IllegalArgumentException("batch size must be at least 2 (or 0 for automatic), was " + batchSize);
        }
        if (latentDim < 0) {
            throw new IllegalArgumentException("latent dimension must be positive (or 0 for automatic), was " + latentDim);
        }
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new IllegalArgumentException("learning rate must be in (0, 1), was " + learningRate);
        }
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("beta1 must be in [0, 1), was " + beta1);
        }
        if (minSteps < 0) {
            throw new IllegalArgumentException("minimum steps must not be negative");
        }
        if (prototypes != AUTOMATIC && prototypes < 10) {
            throw new IllegalArgumentException("prototypes must be at least 10 (or 0 for automatic), was " + prototypes);
        }
        if (timeBudgetSeconds < 0) {
            throw new IllegalArgumentException("time budget must not be negative");
        }
        if (!(averageDecay >= 0 && averageDecay < 1)) {
            throw new IllegalArgumentException("the weight-averaging decay must be in [0, 1) (0 for none), was " + averageDecay);
        }
    }

    /** The latent size for an input of {@code width} features: about a quarter of it, within [4, 32]. */
    public int latentFor(int width) {
        return latentDim > 0 ? latentDim : Math.max(4, Math.min(32, Math.round(width / 4f)));
    }

    /** Same settings with another seed (ensembles, multi-seed benchmarks). */
    public AladConfig withSeed(long newSeed) {
        return new AladConfig(epochs, batchSize, latentDim, learningRate, beta1, newSeed, timeBudgetSeconds, minSteps, prototypes,
                averageDecay, prototypeChoice);
    }

    /**
     * Prototypes the kNN head keeps at most for rows of {@code inputWidth} encoded features: {@link #prototypes()}, or,
     * when automatic, {@link #NARROW_PROTOTYPES} for rows of at most {@link #NARROW_WIDTH} features and 4096 for wider ones.
     *
     * <p>Why by width: the graph takes the distances of narrow rows in the input space under the feature layer's metric
     * ({@code OnnxExporter}), about twice as fast as in the 128-wide feature space at 9 features (1.2 times at 80), so
     * narrow rows can keep twice the prototypes and score about as fast as every bundle did before. Each prototype also
     * costs a comparison and a TopK slot whatever the width, so wider rows gain too little to pay for more (measured,
     * BENCHMARKS.md, "Distances in the input space").
     */
    public int maxPrototypes(int inputWidth) {
        if (prototypes != AUTOMATIC) {
            return prototypes;
        }
        return inputWidth <= NARROW_WIDTH ? NARROW_PROTOTYPES : 4096;
    }

    /** Rows of at most this many encoded features keep {@link #NARROW_PROTOTYPES} automatically. */
    public static final int NARROW_WIDTH = 16;
    /**
     * Prototypes kept automatically for narrow rows. A 4096-row scoring call holds a [4096, prototypes] float matrix of
     * distances, 128 MiB at 8192 (the stream scores batches of 256).
     */
    public static final int NARROW_PROTOTYPES = 8192;

    /**
     * Epochs to run when one epoch has {@code stepsPerEpoch} steps: {@link #epochs()}, or more to reach
     * {@link #minSteps()}. Only for a configuration whose epochs are set (see {@link TrainingSchedule#applyTo}).
     */
    public int epochsFor(int stepsPerEpoch) {
        return Math.max(epochs, (minSteps + stepsPerEpoch - 1) / stepsPerEpoch);
    }
}
