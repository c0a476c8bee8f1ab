package io.ganwatch.augment;

import io.ganwatch.augment.classify.ClassifierKind;
import io.ganwatch.augment.gan.CtganConfig;
import io.ganwatch.input.Table;
import io.ganwatch.training.TrainingListener;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The auto method: weighted, SMOTE or the GAN, picked on held-out training rows, never on the test set. */
class AutoChoiceTest {
    private static final Table TRAIN = AugmentTables.table("train.csv", 1200, 60, 3);
    private static final Set<String> MINORITY = Set.of("fraud_a", "fraud_b");

    private static Map<AugmentMethod, Double> scores(double weighted, double smote, double gan) {
        Map<AugmentMethod, Double> m = new LinkedHashMap<>();
        m.put(AugmentMethod.WEIGHTED, weighted);
        m.put(AugmentMethod.SMOTE, smote);
        m.put(AugmentMethod.GAN, gan);
        return m;
    }

    @Test
    void picksTheBestValidationPrAucAndATieGoesToTheSimplerMethod() {
        AutoChoice gan = AutoChoice.pick(scores(0.5, 0.6, 0.7));
        assertThat(gan.chosen()).isEqualTo(AugmentMethod.GAN);
        assertThat(gan.reason()).contains("picked gan", "0.7000", "weighted 0.5000", "smote 0.6000", "test set is not used");

        assertThat(AutoChoice.pick(scores(0.7, 0.7, 0.7)).chosen()).isEqualTo(AugmentMethod.WEIGHTED);
        assertThat(AutoChoice.pick(scores(0.5, 0.8, 0.8)).chosen()).isEqualTo(AugmentMethod.SMOTE);
        assertThat(AutoChoice.pick(scores(0.5, Double.NaN, 0.4)).chosen()).isEqualTo(AugmentMethod.WEIGHTED);
        assertThatThrownBy(() -> AutoChoice.pick(scores(Double.NaN, Double.NaN, Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The test rows with every label turned around: a choice made on them would differ. */
    private static Table inverted(Table test) {
        List<Table.Row> rows = new ArrayList<>();
        for (Table.Row r : test.rows()) {
            Object[] v = r.values().clone();
            v[3] = "normal".equals(v[3]) ? "fraud_a" : "normal";
            rows.add(new Table.Row(r.line(), v));
        }
        return test.withRows(rows);
    }

    @Test
    void theChoiceNeverReadsTheTestRows() {
        CtganConfig gan = new CtganConfig(3, 200, 10, 16, new int[]{32}, new int[]{32}, 2e-3, 0.5, 0.9, 10, 4,
                Duration.ofMinutes(1), 7);
        Table test = AugmentTables.table("test.csv", 600, 40, 4);
        AugmentSpec spec = new AugmentSpec(TRAIN, test, "label", MINORITY, AugmentMethod.AUTO, 200, ClassifierKind.LOGISTIC, 7, gan);

        AugmentResult a = new Augmenter().run(spec, TrainingListener.NONE);
        AugmentResult b = new Augmenter().run(spec.with(AugmentMethod.AUTO, inverted(test)), TrainingListener.NONE);

        assertThat(a.auto()).isNotNull();
        assertThat(a.auto().validation()).containsOnlyKeys(AugmentMethod.WEIGHTED, AugmentMethod.SMOTE, AugmentMethod.GAN);
        assertThat(a.method()).isEqualTo(a.auto().chosen());
        assertThat(a.auto()).isEqualTo(b.auto());
        // the test rows were used, but only to measure the pick afterwards
        assertThat(a.test().prAuc()).isNotEqualTo(b.test().prAuc());
        assertThat(AugmentJson.toJson(a).get("auto").get("chosen").asText()).isEqualTo(a.method().key());
        assertThat(AugmentJson.toJson(a).get("auto").get("validation_pr_auc").get("gan").asDouble())
                .isEqualTo(a.auto().validation().get(AugmentMethod.GAN));
    }

    @Test
    void aClassTooSmallToValidateGetsWeightingAndSaysWhy() {
        Table tiny = AugmentTables.table("train.csv", 400, ValidationCheck.MIN_MINORITY_ROWS - 1, 3);
        CtganConfig gan = CtganConfig.defaults(1, Duration.ofMinutes(1), 7);
        AugmentResult r = new Augmenter().run(new AugmentSpec(tiny, null, "label", MINORITY, AugmentMethod.AUTO, 100,
                ClassifierKind.LOGISTIC, 7, gan), TrainingListener.NONE);

        assertThat(r.method()).isEqualTo(AugmentMethod.WEIGHTED);
        assertThat(r.synthetic().size()).isZero();
        assertThat(r.auto().reason()).contains("fewer than the 10", "invents no rows");
    }
}
