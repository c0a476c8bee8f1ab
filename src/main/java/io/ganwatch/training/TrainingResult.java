package io.ganwatch.training;

import java.util.List;

/**
 * What training produced.
 *
 * @param weights   the checkpoint with the best validation AUC
 * @param bestEpoch the 1-based epoch of that checkpoint
 * @param history   per-epoch losses and validation AUC
 * @param seconds   wall-clock training time
 * @param latentDim latent size used
 */
public record TrainingResult(AladWeights weights, int bestEpoch, List<EpochStats> history, double seconds, int latentDim) {
    /** Copies the history. */
    public TrainingResult {
        history = List.copyOf(history);
    }
}
