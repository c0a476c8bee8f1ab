package io.ganwatch.training;

/** Receives progress from a trainer (the CLI shows a progress bar; tests ignore it). */
public interface TrainingListener {
    /** Ignores everything. */
    TrainingListener NONE = new TrainingListener() {
    };

    /**
     * Called before training with a line worth showing the user, such as the batch size and epochs
     * chosen for the data when they were not given.
     */
    default void note(String line) {
    }

    /** Called once before the first step. */
    default void started(int epochs, int stepsPerEpoch) {
    }

    /** Called after every step with that step's losses. */
    default void step(int epoch, int step, double discriminatorLoss, double generatorLoss) {
    }

    /** Called after every epoch. */
    default void epoch(EpochStats stats, boolean bestSoFar) {
    }

    /** Called once when training stops. */
    default void finished() {
    }
}
