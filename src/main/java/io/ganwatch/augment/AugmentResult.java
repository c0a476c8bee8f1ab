package io.ganwatch.augment;

import io.ganwatch.augment.classify.ClassifierKind;
import io.ganwatch.augment.classify.MinorityMetrics;
import io.ganwatch.augment.gan.GanEpoch;
import io.ganwatch.augment.gan.MinorityFineTune;
import io.ganwatch.augment.gan.ModeCollapse;
import io.ganwatch.augment.gan.Sampling;
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
 * @param validation   the synthetic rows against the class-weighted baseline on held-out training rows, or
 *                     {@code null} for a method that makes no rows or a class too small to check
 * @param filter       what the filter of generated rows kept, or {@code null} when the rows were not filtered
 * @param auto         what the {@code auto} method picked and why ({@code method} is the pick), or {@code null}
 * @param sampling     how the GAN's generator was sampled, or {@code null} when no GAN made the rows
 * @param fineTune     what the GAN's training ended fine-tuned on, or {@code null} when it did not (or no GAN made the rows)
 */
public record AugmentResult(AugmentMethod method, Set<String> minority, ClassifierKind classifier, Table synthetic,
                            double trainSeconds, MinorityMetrics test, QualityScores quality,
                            List<GanEpoch> ganHistory, String modelVersion, boolean stoppedByTimeBudget,
                            ValidationCheck validation, SyntheticFilter.Outcome filter, AutoChoice auto, Sampling sampling,
                            MinorityFineTune fineTune) {
    /** A result whose GAN (if any) was not fine-tuned. */
    public AugmentResult(AugmentMethod method, Set<String> minority, ClassifierKind classifier, Table synthetic,
                         double trainSeconds, MinorityMetrics test, QualityScores quality,
                         List<GanEpoch> ganHistory, String modelVersion, boolean stoppedByTimeBudget,
                         ValidationCheck validation, SyntheticFilter.Outcome filter, AutoChoice auto, Sampling sampling) {
        this(method, minority, classifier, synthetic, trainSeconds, test, quality, ganHistory, modelVersion, stoppedByTimeBudget,
                validation, filter, auto, sampling, null);
    }

    /** A result of rows no GAN made. */
    public AugmentResult(AugmentMethod method, Set<String> minority, ClassifierKind classifier, Table synthetic,
                         double trainSeconds, MinorityMetrics test, QualityScores quality,
                         List<GanEpoch> ganHistory, String modelVersion, boolean stoppedByTimeBudget,
                         ValidationCheck validation, SyntheticFilter.Outcome filter, AutoChoice auto) {
        this(method, minority, classifier, synthetic, trainSeconds, test, quality, ganHistory, modelVersion, stoppedByTimeBudget,
                validation, filter, auto, null);
    }

    /** A result whose rows were not filtered. */
    public AugmentResult(AugmentMethod method, Set<String> minority, ClassifierKind classifier, Table synthetic,
                         double trainSeconds, MinorityMetrics test, QualityScores quality,
                         List<GanEpoch> ganHistory, String modelVersion, boolean stoppedByTimeBudget,
                         ValidationCheck validation) {
        this(method, minority, classifier, synthetic, trainSeconds, test, quality, ganHistory, modelVersion, stoppedByTimeBudget,
                validation, null, null);
    }

    /** A result without a validation check. */
    public AugmentResult(AugmentMethod method, Set<String> minority, ClassifierKind classifier, Table synthetic,
                         double trainSeconds, MinorityMetrics test, QualityScores quality,
                         List<GanEpoch> ganHistory, String modelVersion, boolean stoppedByTimeBudget) {
        this(method, minority, classifier, synthetic, trainSeconds, test, quality, ganHistory, modelVersion, stoppedByTimeBudget, null);
    }

    /**
     * The warning for the user, or {@code null}: synthetic rows worse than weighting the minority
     * ({@link ValidationCheck}), a GAN whose coverage collapsed in training ({@link #collapseWarning()}),
     * or both sentences joined by a semicolon.
     */
    public String warning() {
        String worse = validation == null ? null : validation.warning();
        String collapse = collapseWarning();
        return worse == null ? collapse : collapse == null ? worse : worse + "; " + collapse;
    }

    /** The mode-collapse sentence read off the GAN's coverage curve ({@link ModeCollapse}), or {@code null}. */
    public String collapseWarning() {
        return ganHistory == null ? null : ModeCollapse.warning(ganHistory);
    }

    /** A result whose training (if any) ran all its epochs. */
    public AugmentResult(AugmentMethod method, Set<String> minority, ClassifierKind classifier, Table synthetic,
                         double trainSeconds, MinorityMetrics test, QualityScores quality,
                         List<GanEpoch> ganHistory, String modelVersion) {
        this(method, minority, classifier, synthetic, trainSeconds, test, quality, ganHistory, modelVersion, false);
    }
}
