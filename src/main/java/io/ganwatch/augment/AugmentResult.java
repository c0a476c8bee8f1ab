package io.ganwatch.augment;

import io.ganwatch.augment.classify.ClassifierKind;
import io.ganwatch.augment.classify.MinorityMetrics;
import io.ganwatch.augment.gan.GanEpoch;
import io.ganwatch.input.Table;

import java.util.List;
import java.util.Set;

/**
 * What an augmentation job produced and measured.
 *
 * @param method       how the rows were made
 * @param minority     the minority label values
 * @param classifier   the classifier used for {@code test}
 * @param synthetic    the synthetic rows, raw, with the training table's columns (empty for NONE)
 * @param trainSeconds seconds spent fitting the generator (GAN training, SMOTE neighbours)
 * @param test         minority metrics on the real test set, or {@code null} without one
 * @param quality      synthetic-row quality, or {@code null} for NONE
 * @param ganHistory   per-epoch GAN losses (empty unless GAN)
 * @param modelVersion identifies the generator (sha256 of the GAN's ONNX graph, or the method and seed)
 * @param stoppedByTimeBudget whether GAN training stopped at its time budget before its epochs were done
 */
public record AugmentResult(AugmentMethod method, Set<String> minority, ClassifierKind classifier, Table synthetic,
                            double trainSeconds, MinorityMetrics test, QualityScores quality,
                            List<GanEpoch> ganHistory, String modelVersion, boolean stoppedByTimeBudget) {
    /** A result whose training (if any) ran all its epochs. */
    public AugmentResult(AugmentMethod method, Set<String> minority, ClassifierKind classifier, Table synthetic,
                         double trainSeconds, MinorityMetrics test, QualityScores quality,
                         List<GanEpoch> ganHistory, String modelVersion) {
        this(method, minority, classifier, synthetic, trainSeconds, test, quality, ganHistory, modelVersion, false);
    }
}
