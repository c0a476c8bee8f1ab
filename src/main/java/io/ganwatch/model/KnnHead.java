package io.ganwatch.model;

/**
 * What the exported graph needs to score by distance in the GAN's learned feature space: stored
 * normal training rows (prototypes), each in the feature space and as its encoded input, and how
 * the distance and ALAD's own score are weighed into the one score.
 *
 * <p>Score of a row x with features f(x): {@code knnWeight · mean_{i ≤ k} ‖f(x) − f(p_i)‖ + aladWeight · alad(x)},
 * p_1..p_k the prototypes nearest to x in the feature space. Each weight is 1 over its score's
 * median on held-back normal rows (or 0 to leave the term out), so both terms are in "times a
 * typical normal row" and neither wins by its units.
 *
 * @param k          neighbours averaged
 * @param features   prototypes in the feature space, {@code [prototypes][features]}
 * @param inputs     the same prototypes as encoded input rows, {@code [prototypes][width]}; the
 *                   nearest one explains a row (which features differ from it)
 * @param knnWeight  factor on the mean neighbour distance, &gt; 0
 * @param aladWeight factor on ALAD's feature-matching score, ≥ 0
 */
public record KnnHead(int k, float[][] features, float[][] inputs, float knnWeight, float aladWeight) {
    /** Checks shapes and weights. */
    public KnnHead {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, was " + k);
        }
        if (features.length < k || features.length != inputs.length) {
            throw new IllegalArgumentException("need at least k = " + k + " prototypes, as many in the feature space ("
                    + features.length + ") as in the input space (" + inputs.length + ")");
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
