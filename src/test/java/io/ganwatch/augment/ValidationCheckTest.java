package io.ganwatch.augment;

import io.ganwatch.augment.classify.ClassifierKind;
import io.ganwatch.augment.classify.MinorityClassifierTrainer;
import io.ganwatch.features.FeatureEncoder;
import io.ganwatch.features.FeatureSpecLearner;
import io.ganwatch.input.Table;
import io.ganwatch.training.TrainingListener;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The check that a job's synthetic rows do no worse than weighting the minority, on held-out training rows. */
class ValidationCheckTest {
    private static final Table TRAIN = AugmentTables.table("train.csv", 1500, 60, 3);
    private static final Set<String> MINORITY = Set.of("fraud_a", "fraud_b");

    private static ClassifierEvaluation classifier() {
        FeatureEncoder encoder = new FeatureEncoder(FeatureSpecLearner.excluding(Set.of("label")).learn(TRAIN));
        return new ClassifierEvaluation(encoder, MinorityClassifierTrainer.of(ClassifierKind.LOGISTIC));
    }

    private static Table misleading(int n) {
        return AugmentTables.misleading(TRAIN, n);
    }

    @Test
    void rowsThatMisleadTheClassifierGetAWarningNamingBothPrAucs() {
        int[] fitRows = {0};
        ValidationCheck c = ValidationCheck.run(classifier(), TRAIN, fit -> {
            fitRows[0] = fit.size();
            return misleading(600);
        }, "label", MINORITY, 7);

        // the rows are made from the fitting part alone: 80 % of each class
        assertThat(fitRows[0]).isEqualTo(1500 - 300 + 60 - 12);
        assertThat(c).isNotNull();
        assertThat(c.prAuc()).isLessThan(c.weightedPrAuc());
        assertThat(c.warning()).contains(String.format(java.util.Locale.ROOT, "%.4f", c.prAuc()),
                String.format(java.util.Locale.ROOT, "%.4f", c.weightedPrAuc()), "method weighted");
        assertThat(ValidationCheck.run(classifier(), TRAIN, fit -> misleading(600), "label", MINORITY, 7)).isEqualTo(c);
    }

    @Test
    void aClassTooSmallToValidateIsNotChecked() {
        Table tiny = AugmentTables.table("train.csv", 500, ValidationCheck.MIN_MINORITY_ROWS - 1, 3);
        FeatureEncoder encoder = new FeatureEncoder(FeatureSpecLearner.excluding(Set.of("label")).learn(tiny));
        ClassifierEvaluation c = new ClassifierEvaluation(encoder, MinorityClassifierTrainer.of(ClassifierKind.LOGISTIC));

        assertThat(ValidationCheck.run(c, tiny, fit -> tiny.withRows(List.of()), "label", MINORITY, 7)).isNull();
    }

    @Test
    void aSmoteJobCarriesItsCheckAndABaselineNone() {
        Table test = AugmentTables.table("test.csv", 800, 40, 4);
        AugmentResult smote = new Augmenter().run(new AugmentSpec(TRAIN, test, "label", MINORITY, AugmentMethod.SMOTE, 300,
                ClassifierKind.LOGISTIC, 7, null), TrainingListener.NONE);
        AugmentResult weighted = new Augmenter().run(new AugmentSpec(TRAIN, test, "label", MINORITY, AugmentMethod.WEIGHTED, 0,
                ClassifierKind.LOGISTIC, 7, null), TrainingListener.NONE);

        assertThat(smote.validation()).isNotNull();
        assertThat(smote.validation().prAuc()).isBetween(0.0, 1.0);
        assertThat(smote.validation().weightedPrAuc()).isBetween(0.0, 1.0);
        assertThat(smote.warning() == null).isEqualTo(smote.validation().prAuc() >= smote.validation().weightedPrAuc());
        assertThat(AugmentJson.toJson(smote).get("validation").get("weighted_pr_auc").asDouble())
                .isEqualTo(smote.validation().weightedPrAuc());
        assertThat(weighted.validation()).isNull();
        assertThat(AugmentJson.toJson(weighted).get("warning").isNull()).isTrue();
    }

    @Test
    void theWarningShowsEnoughDecimalsToTellTheTwoPrAucsApart() {
        assertThat(ValidationCheck.distinct(0.69161, 0.83432)).containsExactly("0.6916", "0.8343");
        assertThat(ValidationCheck.distinct(0.994612, 0.994638)).containsExactly("0.99461", "0.99464");
        assertThat(ValidationCheck.distinct(0.5, 0.5)).containsExactly("0.5000000000", "0.5000000000");
    }
}
