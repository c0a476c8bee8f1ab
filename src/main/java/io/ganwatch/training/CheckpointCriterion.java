package io.ganwatch.training;

/**
 * Rates a candidate checkpoint from its weights alone, without labels; the trainer keeps the epoch
 * rated highest. Without one, {@link AladTrainer} rates by how well ALAD's own score separates the
 * held-back normal rows from {@link CorruptedRows corrupted copies} of them.
 */
@FunctionalInterface
public interface CheckpointCriterion {
    /** The rating of {@code weights} (higher is better; not finite when they cannot be rated). */
    double rate(AladWeights weights);
}
