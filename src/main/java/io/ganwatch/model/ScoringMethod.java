package io.ganwatch.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ganwatch.training.AladConfig.PrototypeChoice;

/**
 * How a bundle's graph turns a row into its score, recorded in {@code model.json} (field
 * {@code scoring}) so that a reader of the bundle knows what the numbers mean. Bundles written before
 * ganwatch recorded it score with ALAD's feature-matching score alone and have no such field.
 *
 * @param method       {@link #KNN_FEATURES} or {@link #ALAD_FEATURE_MATCHING}
 * @param k            neighbours averaged (0 for ALAD's score)
 * @param prototypes   normal training rows stored in the graph (0 for ALAD's score)
 * @param featureSpace which learned features the distance is taken in
 * @param alpha        how relative the distance is to the neighbours' own spread (see {@link KnnHead})
 * @param knnWeight    factor on the mean neighbour distance (1 / its median on held-back normal rows)
 * @param aladWeight   factor on ALAD's score added to it (0: not added)
 * @param heldBack     whether the prototypes include the normal rows held back from fitting (every normal row
 *                     training kept), so that the threshold was calibrated leaving each row's nearest prototype,
 *                     itself, out; false in bundles written before ganwatch did so
 * @param prototypesChosen how the prototypes were chosen from the normal rows ({@link #EVERY_NORMAL_ROW},
 *                     {@link #DISTINCT_SAMPLE_AND_FARTHEST} or {@link #DISTINCT_SAMPLE}); null in bundles written
 *                     before ganwatch recorded it
 */
public record ScoringMethod(@JsonProperty("method") String method, @JsonProperty("k") int k,
                            @JsonProperty("prototypes") int prototypes, @JsonProperty("feature_space") String featureSpace,
                            @JsonProperty("alpha") double alpha, @JsonProperty("knn_weight") double knnWeight,
                            @JsonProperty("alad_weight") double aladWeight,
                            @JsonProperty("held_back_rows_are_prototypes") boolean heldBack,
                            @JsonProperty("prototypes_chosen") String prototypesChosen) {
    /** Mean distance to the k nearest prototypes in the GAN's feature space (the (x, x) discriminator's feature layer). */
    public static final String KNN_FEATURES = "knn-in-feature-space";
    /** ALAD's feature-matching score (Zenati et al. 2018). */
    public static final String ALAD_FEATURE_MATCHING = "alad-feature-matching";
    /** Every normal row training kept is a prototype, the held-back ones included. */
    public static final String EVERY_NORMAL_ROW = "every normal row";
    /** Not all fit: the distinct fitted rows, or where more, half a seeded sample of them and half farthest-first. */
    public static final String DISTINCT_SAMPLE_AND_FARTHEST = "distinct fitted rows: half a seeded sample, half farthest-first";
    /** Not all fit, and {@code --prototype-choice SAMPLE}: the distinct fitted rows, or a seeded sample of them. */
    public static final String DISTINCT_SAMPLE = "distinct fitted rows: a seeded sample";
    /**
     * The record of a graph exported with {@code head}.
     *
     * @param heldBack whether the head's prototypes include the held-back normal rows
     * @param choice   how they were chosen where not all fit
     */
    public static ScoringMethod of(KnnHead head, boolean heldBack, PrototypeChoice choice) {
        String space = head.space() == io.ganwatch.training.AladFeatures.Space.LINEAR
                ? "dxx-features before activation" : "dxx-features f(x,x)";
        return new ScoringMethod(KNN_FEATURES, head.k(), head.size(), space, head.alpha(), head.knnWeight(), head.aladWeight(),
                heldBack, heldBack ? EVERY_NORMAL_ROW : choice == PrototypeChoice.SAMPLE ? DISTINCT_SAMPLE : DISTINCT_SAMPLE_AND_FARTHEST);
    }
}
