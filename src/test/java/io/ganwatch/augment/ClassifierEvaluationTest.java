package io.ganwatch.augment;

import io.ganwatch.augment.classify.ClassifierKind;
import io.ganwatch.augment.classify.MinorityClassifierTrainer;
import io.ganwatch.augment.classify.MinorityMetrics;
import io.ganwatch.features.FeatureEncoder;
import io.ganwatch.features.FeatureSpecLearner;
import io.ganwatch.input.Table;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The judging classifier with the synthetic rows held to a share of the minority's weight. */
class ClassifierEvaluationTest {
    private static final Table TRAIN = AugmentTables.table("train.csv", 1500, 60, 3);
    private static final Table TEST = AugmentTables.table("test.csv", 800, 40, 4);
    private static final Set<String> MINORITY = Set.of("fraud_a", "fraud_b");

    private static ClassifierEvaluation classifier() {
        FeatureEncoder encoder = new FeatureEncoder(FeatureSpecLearner.excluding(Set.of("label")).learn(TRAIN));
        return new ClassifierEvaluation(encoder, MinorityClassifierTrainer.of(ClassifierKind.XGBOOST));
    }

    private static Table misleading(int n) {
        return AugmentTables.misleading(TRAIN, n);
    }

    @Test
    void theShareOfEqualWeightsIsTheBalancedClassifier() {
        Table made = misleading(240);
        MinorityMetrics balanced = classifier().evaluate(TRAIN, made, TEST, "label", MINORITY, 7, true);
        // 240 synthetic and 60 real minority rows: every minority row weighs the same at a share of 240 / 300.
        MinorityMetrics share = classifier().evaluate(TRAIN, made, TEST, "label", MINORITY, 7, 240.0 / 300);

        assertThat(share.prAuc()).isCloseTo(balanced.prAuc(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(share.f1()).isCloseTo(balanced.f1(), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void misleadingRowsHeldToASmallShareHurtLess() {
        Table made = misleading(600);
        MinorityMetrics small = classifier().evaluate(TRAIN, made, TEST, "label", MINORITY, 7, 0.05);
        MinorityMetrics equal = classifier().evaluate(TRAIN, made, TEST, "label", MINORITY, 7, 600.0 / 660);
        MinorityMetrics realOnly = classifier().evaluate(TRAIN, TRAIN.withRows(List.of()), TEST, "label", MINORITY, 7, true);

        assertThat(small.prAuc()).isGreaterThan(equal.prAuc() + 0.05);
        assertThat(small.prAuc()).isCloseTo(realOnly.prAuc(), org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void aShareOutsideTheRangeIsRefused() {
        assertThatThrownBy(() -> classifier().evaluate(TRAIN, misleading(10), TEST, "label", MINORITY, 7, 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(0, 1)");
        assertThatThrownBy(() -> classifier().evaluate(TRAIN, misleading(10), TEST, "label", MINORITY, 7, 0.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(0, 1)");
    }
}
