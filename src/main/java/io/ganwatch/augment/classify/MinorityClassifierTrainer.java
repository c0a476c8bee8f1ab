package io.ganwatch.augment.classify;

import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostTrainer;
import org.tribuo.math.optimisers.AdaGrad;

import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Trains the Tribuo classifier that judges an augmentation: encoded rows and minority flags in, a
 * model answering P(minority) out.
 *
 * @param kind     XGBoost or logistic regression
 * @param xgboost  settings used when {@code kind} is XGBoost
 * @param logistic settings used when {@code kind} is logistic
 */
public record MinorityClassifierTrainer(ClassifierKind kind, XgboostConfig xgboost, LogisticConfig logistic) {
    /** AdaGrad's ε, Tribuo's default for logistic regression. */
    private static final double ADAGRAD_EPSILON = 0.1;

    // Tribuo logs every training run at INFO through java.util.logging, which would print to the
    // console between the progress bar and the summary. Held here so the level setting is not lost
    // when JUL drops an unreferenced logger.
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

    static {
        TRIBUO_LOG.setLevel(Level.WARNING);
    }

    /** Requires every part. */
    public MinorityClassifierTrainer {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(xgboost, "xgboost");
        Objects.requireNonNull(logistic, "logistic");
    }

    /** The classifier with default settings. */
    public static MinorityClassifierTrainer of(ClassifierKind kind) {
        return new MinorityClassifierTrainer(kind, XgboostConfig.defaults(), LogisticConfig.defaults());
    }

    /**
     * Trains on the rows.
     *
     * @param rows     encoded rows, all of one width
     * @param minority one flag per row; both classes must occur
     * @param seed     seeds the trainer (XGBoost's sampling, SGD's shuffling)
     * @throws IllegalArgumentException when one class is missing or the shapes disagree
     */
    public MinorityModel train(float[][] rows, boolean[] minority, long seed) {
        return train(rows, minority, seed, false);
    }

    /**
     * Trains with each minority row weighted by (rest rows / minority rows), so that both classes
     * weigh the same in the loss: XGBoost's {@code scale_pos_weight} and scikit-learn's
     * {@code class_weight="balanced"} up to a constant, through Tribuo's example weights (both
     * trainers honour them).
     */
    public MinorityModel trainBalanced(float[][] rows, boolean[] minority, long seed) {
        return train(rows, minority, seed, true);
    }

    /**
     * Trains with each row weighing {@code weights[i]} in the loss (Tribuo's example weights).
     *
     * @throws IllegalArgumentException when one class is missing, the shapes disagree, or a weight is not positive
     */
    public MinorityModel train(float[][] rows, boolean[] minority, float[] weights, long seed) {
        requireBothClasses(minority);
        for (float w : weights) {
            if (!(w > 0) || Float.isInfinite(w)) {
                throw new IllegalArgumentException("example weights must be positive and finite, got " + w);
            }
        }
        return new MinorityModel(trainer(seed).train(TribuoRows.dataset(rows, minority, weights)), rows[0].length);
    }

    private MinorityModel train(float[][] rows, boolean[] minority, long seed, boolean balanced) {
        int positives = requireBothClasses(minority);
        float minorityWeight = balanced ? (float) (minority.length - positives) / positives : 1f;
        float[] weights = new float[minority.length];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = minority[i] ? minorityWeight : 1f;
        }
        return train(rows, minority, weights, seed);
    }

    /** The number of minority rows, when neither class is missing. */
    private static int requireBothClasses(boolean[] minority) {
        int positives = 0;
        for (boolean m : minority) {
            positives += m ? 1 : 0;
        }
        if (positives == 0 || positives == minority.length) {
            throw new IllegalArgumentException("a minority-vs-rest classifier needs rows of both classes, got "
                    + positives + " minority rows of " + minority.length);
        }
        return positives;
    }

    private Trainer<Label> trainer(long seed) {
        return switch (kind) {
            case XGBOOST -> new XGBoostClassificationTrainer(XGBoostTrainer.BoosterType.GBTREE,
                    XGBoostTrainer.TreeMethod.HIST, xgboost.trees(), xgboost.eta(), 0.0, xgboost.maxDepth(),
                    xgboost.minChildWeight(), xgboost.subsample(), 1.0, 1.0, 0.0, xgboost.threads(),
                    XGBoostTrainer.LoggingVerbosity.SILENT, seed);
            case LOGISTIC -> new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(logistic.learningRate(), ADAGRAD_EPSILON),
                    logistic.epochs(), Integer.MAX_VALUE, logistic.minibatch(), seed);
        };
    }
}
