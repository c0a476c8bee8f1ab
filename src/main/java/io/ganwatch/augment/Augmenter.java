package io.ganwatch.augment;

import io.ganwatch.training.TrainingListener;

/** Runs one augmentation job: make synthetic minority rows, measure them, train and test a classifier. */
public final class Augmenter {
    /** Runs the job. */
    public AugmentResult run(AugmentSpec spec, TrainingListener listener) {
        throw new UnsupportedOperationException("being written");
    }
}
