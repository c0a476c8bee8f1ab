package io.ganwatch.model;

/**
 * What the exported graph needs to score by distance in the GAN's feature space: stored
 * normal training rows (prototypes), each in the feature space and as its encoded input, and how
 * the distance and ALAD's own score are weighed into the one score.
 *
 * <p>Score of a row x with features f(x):
 * {@code knnWeight · d(x) / s(x)^alpha + aladWeight · alad(x)}, where d(x) = mean_{i ≤ k} ‖f(x) − f(p_i)‖
 * over p_1..p_k, the prototypes nearest to x in the feature space, and s(x) the mean of those
 * prototypes' own spreads (each one's d among the other prototypes). With alpha 0 it is the mean
 * kNN distance; with alpha 1 a distance relative to how dense normal data is there, as LOF does;
 * in between, a distance partly relative to it. Each weight is 1 over its term's median on held-back
 * normal rows (or 0 to leave the term out), so the score reads as "times a typical normal row".
 *
 * @param space      which features of the GAN the distance is taken in
 * @param k          neighbours averaged
 * @param features   prototypes in the feature space, {@code [prototypes][features]}
 * @param inputs     the same prototypes as encoded input rows, {@code [prototypes][width]}; the
 *                   k nearest explain a row (which features differ from them)
 * @param spreads    each prototype's own spread, &gt; 0 (floored: duplicates would have 0)
 * @param alpha      how much the score is relative to the neighbours' spread, in [0, 1]
 * @param knnWeight  factor on the (relative) neighbour distance, &gt; 0
 * @param aladWeight factor on ALAD's feature-matching score, ≥ 0
 */
public record KnnHead(io.ganwatch.training.AladFeatures.Space space, int k, float[][] features, float[][] inputs,
                      float[] spreads, float alpha, float knnWeight, float aladWeight) {
    /** Checks shapes and weights. */
    public KnnHead {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, was " + k);
        }
        if (features.length < k || features.length != inputs.length) {
            throw new IllegalArgumentException("need at least k = " + k + " prototypes, as many in the feature space ("
                    + features.length + ") as in the input space (" + inputs.length + ")");
        }
        if (spreads.length != features.length) {
            throw new IllegalArgumentException("need one spread per prototype");
        }
        for (float v : spreads) {
            if (!(v > 0 && Float.isFinite(v))) {
                throw new IllegalArgumentException("every prototype's spread must be positive and finite, one was " + v);
            }
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], was " + alpha);
        }
        for (int i = 1; i < features.length; i++) {
            if (features[i].length != features[0].length || inputs[i].length != inputs[0].length) {
                throw new IllegalArgumentException("prototype " + i + " has another width than prototype 0");
            }
        }
        if (!(knnWeight > 0 && Float.isFinite(knnWeight)) || !(aladWeight >= 0 && Float.isFinite(aladWeight))) {
            throw new IllegalArgumentException("weights must be finite, the distance's positive and ALAD's not negative; were "
                    + knnWeight + " and " + aladWeight);
        }
    }

    /** Number of prototypes. */
    public int size() {
        return features.length;
    }

    /** Width of the feature space. */
    public int featureWidth() {
        return features[0].length;
    }
}
