package io.ganwatch.augment.classify;

/**
 * Settings of the gradient-boosted trees (Tribuo's XGBoost trainer) that judge an augmentation.
 *
 * <p>The defaults are XGBoost's own for the tree shape (depth 6, η 0.3) with 150 rounds: enough to
 * fit NSL-KDD-sized tables, and the same for every method, so that none, SMOTE and GAN results
 * differ only in the rows they add. Two threads because the machines this runs on share two cores.
 *
 * @param trees          boosting rounds
 * @param maxDepth       deepest tree
 * @param eta            learning rate (shrinkage), in (0, 1]
 * @param minChildWeight least hessian sum in a leaf
 * @param subsample      share of rows sampled per tree, in (0, 1]
 * @param threads        native threads XGBoost uses
 */
public record XgboostConfig(int trees, int maxDepth, double eta, double minChildWeight, double subsample, int threads) {

    /** 150 trees, depth 6, η 0.3, min child weight 1, no row subsampling, 2 threads. */
    public static XgboostConfig defaults() {
        return new XgboostConfig(150, 6, 0.3, 1.0, 1.0, 2);
    }

    /** Validates every field, naming the bad one. */
    public XgboostConfig {
        if (trees < 1) {
            throw new IllegalArgumentException("XGBoost needs at least 1 tree, was " + trees);
        }
        if (maxDepth < 1) {
            throw new IllegalArgumentException("XGBoost tree depth must be at least 1, was " + maxDepth);
        }
        if (!(eta > 0 && eta <= 1)) {
            throw new IllegalArgumentException("XGBoost eta must be in (0, 1], was " + eta);
        }
        if (!(minChildWeight >= 0) || Double.isInfinite(minChildWeight)) {
            throw new IllegalArgumentException("XGBoost min child weight must be finite and non-negative, was " + minChildWeight);
        }
        if (!(subsample > 0 && subsample <= 1)) {
            throw new IllegalArgumentException("XGBoost subsample must be in (0, 1], was " + subsample);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("XGBoost needs at least 1 thread, was " + threads);
        }
    }
}
