package io.ganwatch.training;

import java.util.List;

/**
 * The trained parts of ALAD that scoring needs: encoder E, generator G and the feature layer of
 * the (x, x) discriminator. The other discriminators only matter during training.
 *
 * <p>Score of a row x: {@code sum_j |f(x, x)_j - f(x, G(E(x)))_j|}, where f is the feature layer
 * applied to the concatenation of its two inputs (ALAD's "features" score, L1).
 *
 * @param encoder     layers of E, input width to latent width
 * @param generator   layers of G, latent width to input width
 * @param dxxFeatures layers mapping concat(x, x') to the discriminator's features
 */
public record AladWeights(List<DenseLayer> encoder, List<DenseLayer> generator, List<DenseLayer> dxxFeatures) {
    /** Copies the lists. */
    public AladWeights {
        encoder = List.copyOf(encoder);
        generator = List.copyOf(generator);
        dxxFeatures = List.copyOf(dxxFeatures);
    }

    /** Encoded input width. */
    public int inputWidth() {
        return encoder.get(0).inputs();
    }

    /** Width of the feature layer's output: the feature space. */
    public int featureWidth() {
        return dxxFeatures.get(dxxFeatures.size() - 1).outputs();
    }
}
