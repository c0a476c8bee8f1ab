package io.ganwatch.augment.classify;

/**
 * Settings of the logistic regression (Tribuo's linear SGD trainer with the log loss and AdaGrad).
 *
 * <p>Used both as the second judging classifier and inside {@link DetectionAuc}. The defaults are
 * Tribuo's {@code LogisticRegressionTrainer} (AdaGrad with initial rate 1, ε 0.1, minibatch 1) with
 * 10 epochs instead of 5, as the encoded rows are small and a second look at them is cheap.
 *
 * @param epochs       passes over the training rows
 * @param learningRate AdaGrad's initial learning rate
 * @param minibatch    rows per gradient step
 */
public record LogisticConfig(int epochs, double learningRate, int minibatch) {

    /** 10 epochs, AdaGrad rate 1, minibatch 1. */
    public static LogisticConfig defaults() {
        return new LogisticConfig(10, 1.0, 1);
    }

    /** Validates every field, naming the bad one. */
    public LogisticConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("logistic regression needs at least 1 epoch, was " + epochs);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("logistic regression learning rate must be positive and finite, was " + learningRate);
        }
        if (minibatch < 1) {
            throw new IllegalArgumentException("logistic regression minibatch must be at least 1, was " + minibatch);
        }
    }
}
