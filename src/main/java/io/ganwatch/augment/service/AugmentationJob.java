package io.ganwatch.augment.service;

import io.ganwatch.augment.AugmentResult;
import io.ganwatch.augment.AugmentSpec;
import io.ganwatch.augment.Augmenter;
import io.ganwatch.training.TrainingListener;

/**
 * Runs one augmentation for the service. The service's own logic (checks, idempotency, results,
 * output) does not depend on how rows are made, so it takes the job as a parameter; production
 * always uses {@link #augmenter()}.
 */
@FunctionalInterface
public interface AugmentationJob {
    /**
     * Makes the synthetic rows and measures them.
     *
     * @throws IllegalArgumentException or {@link io.ganwatch.input.InputException} when the request
     *                                  cannot be served as posed (the service answers REJECTED); anything
     *                                  else means the job broke (FAILED)
     */
    AugmentResult run(AugmentSpec spec);

    /** The real job: {@link Augmenter}, without progress reporting. */
    static AugmentationJob augmenter() {
        return spec -> new Augmenter().run(spec, TrainingListener.NONE);
    }
}
