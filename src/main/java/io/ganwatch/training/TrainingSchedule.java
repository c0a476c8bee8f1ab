package io.ganwatch.training;

/**
 * Batch size and epochs for a number of training rows, chosen from the data where the
 * configuration leaves them automatic (0).
 *
 * <p>The rule: a batch of about an eighth of the rows, as a power of two within [8, 256], so that an
 * epoch always has several steps; and at least 30 epochs, more when an epoch is short, so that every
 * run makes at least 240 optimizer steps. 240 is what the defaults of ganwatch 1 (30 epochs of 256)
 * gave the smallest sets they trained well on (about 2,000 rows, 8 steps an epoch); from there up the
 * chosen values are exactly those old defaults, so large sets train as before.
 *
 * @param batchSize    rows per step
 * @param epochs       epochs to run (before {@link AladConfig#minSteps()} may add more)
 * @param rows         the training rows it was chosen for
 * @param batchChosen  whether the batch size was chosen here (not given)
 * @param epochsChosen whether the epochs were chosen here (not given)
 */
public record TrainingSchedule(int batchSize, int epochs, int rows, boolean batchChosen, boolean epochsChosen) {
    /** Smallest batch chosen automatically. */
    static final int MIN_BATCH = 8;
    /** Largest batch chosen automatically (the default of large sets). */
    static final int MAX_BATCH = 256;
    /** Fewest epochs chosen automatically (the default of large sets). */
    static final int MIN_EPOCHS = 30;
    /** Optimizer steps an automatic schedule reaches at least. */
    static final int MIN_STEPS = 240;

    /** The schedule for {@code rows} training rows: {@code config}'s values where given, chosen ones where 0. */
    public static TrainingSchedule of(AladConfig config, int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("no training rows to choose a batch size for");
        }
        boolean chooseBatch = config.batchSize() == AladConfig.AUTOMATIC;
        boolean chooseEpochs = config.epochs() == AladConfig.AUTOMATIC;
        int batch = chooseBatch ? batchFor(rows) : config.batchSize();
        int epochs = config.epochs();
        if (chooseEpochs) {
            int steps = Math.max(1, rows / batch);
            epochs = Math.max(MIN_EPOCHS, (MIN_STEPS + steps - 1) / steps);
        }
        return new TrainingSchedule(batch, epochs, rows, chooseBatch, chooseEpochs);
    }

    /** About rows/8, rounded to the nearest power of two (in log scale), within [8, 256]. */
    static int batchFor(int rows) {
        double log2 = Math.log(rows / 8.0) / Math.log(2);
        int power = (int) Math.max(0, Math.min(30, Math.round(log2)));
        return Math.max(MIN_BATCH, Math.min(MAX_BATCH, 1 << power));
    }

    /** {@code config} with this schedule's batch size and epochs filled in. */
    public AladConfig applyTo(AladConfig config) {
        return new AladConfig(epochs, batchSize, config.latentDim(), config.learningRate(), config.beta1(), config.seed(),
                config.timeBudgetSeconds(), config.minSteps(), config.prototypes(), config.averageDecay(), config.prototypeChoice());
    }

    /** Whether anything was chosen here, i.e. worth telling the user. */
    public boolean choseAnything() {
        return batchChosen || epochsChosen;
    }

    /** What was chosen, for the user: "batch 32 and 35 epochs chosen for 249 training rows". */
    public String describe() {
        String what;
        if (batchChosen && epochsChosen) {
            what = "batch " + batchSize + " and " + epochs + " epochs";
        } else if (batchChosen) {
            what = "batch " + batchSize;
        } else {
            what = epochs + " epochs";
        }
        return what + " chosen for " + rows + " training rows (set --batch-size and --epochs to choose yourself)";
    }
}
