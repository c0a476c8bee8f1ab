package io.ganwatch.augment.gan;

import io.ganwatch.input.Table;
import io.ganwatch.training.TrainingListener;

/**
 * Trains a conditional tabular GAN (CTGAN-style) on all rows of a table, conditioned on one
 * discrete column (the label), and exports the generator to ONNX.
 */
public final class CtganTrainer {
    private final CtganConfig config;

    /** A trainer with the given hyper-parameters. */
    public CtganTrainer(CtganConfig config) {
        this.config = config;
    }

    /**
     * Trains on every row of {@code table}.
     *
     * @param conditionColumn the discrete column generation is conditioned on (usually the label)
     * @param listener        progress (epochs, steps, losses)
     */
    public CtganModel train(Table table, String conditionColumn, TrainingListener listener) {
        throw new UnsupportedOperationException("conditional GAN training is being written");
    }
}
