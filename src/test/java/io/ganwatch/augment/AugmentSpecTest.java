package io.ganwatch.augment;

import io.ganwatch.augment.classify.ClassifierKind;
import io.ganwatch.input.InputException;
import io.ganwatch.input.Table;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AugmentSpecTest {
    private static final Table TRAIN = AugmentTables.table("train.csv", 200, 30, 1);
    private static final Table TEST = AugmentTables.table("test.csv", 100, 10, 2);

    private static AugmentSpec spec(Table train, Table test, String label, Set<String> minority, AugmentMethod method, int count) {
        return new AugmentSpec(train, test, label, minority, method, count, ClassifierKind.XGBOOST, 1, null);
    }

    @Test
    void acceptsAGoodRequestAndKeepsTheMinorityOrder() {
        Set<String> given = new LinkedHashSet<>(List.of(" fraud_b", "fraud_a "));
        AugmentSpec s = spec(TRAIN, TEST, "label", given, AugmentMethod.SMOTE, 100);
        assertThat(s.minority()).containsExactly("fraud_b", "fraud_a");
        assertThatThrownBy(() -> s.minority().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aSmallMinorityIsSampledFromTruncatedNoiseUnlessTheJobSaysOtherwise() {
        // 30 minority rows (fraud_a and fraud_b) of 230: small.
        AugmentSpec small = spec(TRAIN, TEST, "label", Set.of("fraud_a", "fraud_b"), AugmentMethod.SMOTE, 100);
        assertThat(small.sampling()).isEqualTo(new io.ganwatch.augment.gan.Sampling(1, AugmentSpec.SMALL_CLASS_TRUNCATION));
        Table large = AugmentTables.table("train.csv", 400, AugmentSpec.SMALL_CLASS_ROWS, 1);
        assertThat(spec(large, null, "label", Set.of("fraud_a", "fraud_b"), AugmentMethod.SMOTE, 100).sampling())
                .isEqualTo(io.ganwatch.augment.gan.Sampling.AS_TRAINED);
        io.ganwatch.augment.gan.Sampling asked = new io.ganwatch.augment.gan.Sampling(0.5, 2);
        AugmentSpec given = new AugmentSpec(TRAIN, TEST, "label", Set.of("fraud_a", "fraud_b"), AugmentMethod.SMOTE, 100,
                ClassifierKind.XGBOOST, 1, null, null, asked);
        assertThat(given.sampling()).isEqualTo(asked);
        assertThat(given.with(AugmentMethod.NONE, TEST).sampling()).isEqualTo(asked);
    }

    @Test
    void aNumericMinorityValueMatchesEverySpellingOfTheNumber() {
        // Labels read from CSV as "1.0" are the label 1 a user or an Avro source spells differently.
        List<Table.Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(new Table.Row(i + 2, new Object[] {String.valueOf(i), i < 3 ? "1.0" : "0.0"}));
        }
        Table train = new Table("train.csv", List.of("x", "label"), rows);
        for (String given : List.of("1", "1.0")) {
            AugmentSpec s = spec(train, null, "label", Set.of(given), AugmentMethod.NONE, 0);
            assertThat(s.minority()).as(given).containsExactly("1");
        }
    }

    @Test
    void theBaselinesNeedNoCount() {
        assertThat(spec(TRAIN, null, "label", Set.of("fraud_a"), AugmentMethod.NONE, 0).count()).isZero();
        assertThat(spec(TRAIN, null, "label", Set.of("fraud_a"), AugmentMethod.WEIGHTED, 0).count()).isZero();
        assertThat(AugmentMethod.parse(" Weighted ")).isEqualTo(AugmentMethod.WEIGHTED);
        assertThat(AugmentMethod.WEIGHTED.makesRows()).isFalse();
        assertThat(AugmentMethod.GAN.makesRows()).isTrue();
    }

    @Test
    void unknownLabelColumnNamesTheColumns() {
        assertThatThrownBy(() -> spec(TRAIN, null, "class", Set.of("fraud_a"), AugmentMethod.SMOTE, 10))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("train.csv").hasMessageContaining("'class'")
                .hasMessageContaining("amount, attempts, channel, label");
    }

    @Test
    void unknownMinorityValueListsTheLabelsThatOccur() {
        assertThatThrownBy(() -> spec(TRAIN, null, "label", Set.of("fraud_a", "fraud_z"), AugmentMethod.SMOTE, 10))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("'fraud_z'")
                .hasMessageContaining("normal (200), fraud_a (20), fraud_b (10)")
                .hasMessageContaining("--minority");
    }

    @Test
    void aMinorityValueMayOccurInTheTestRowsOnly() {
        // A family member the training data never saw must still count as minority in the test set.
        List<Table.Row> rows = new java.util.ArrayList<>(TEST.rows());
        rows.add(new Table.Row(999, new Object[] {"70.0", "5", "web", "fraud_new"}));
        Table test = TEST.withRows(rows);
        AugmentSpec s = spec(TRAIN, test, "label", new LinkedHashSet<>(List.of("fraud_a", "fraud_new")), AugmentMethod.SMOTE, 10);
        assertThat(s.minority()).containsExactly("fraud_a", "fraud_new");
        assertThatThrownBy(() -> spec(TRAIN, test, "label", Set.of("fraud_new"), AugmentMethod.SMOTE, 10))
                .isInstanceOf(InputException.class).hasMessageContaining("no training row has a minority label")
                .hasMessageContaining("fraud_a (20)");
        assertThatThrownBy(() -> spec(TRAIN, null, "label", Set.of("fraud_a", "fraud_new"), AugmentMethod.SMOTE, 10))
                .isInstanceOf(InputException.class).hasMessageContaining("'fraud_new'");
    }

    @Test
    void countMustBePositiveForSmoteAndGan() {
        assertThatThrownBy(() -> spec(TRAIN, null, "label", Set.of("fraud_a"), AugmentMethod.SMOTE, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--count");
        assertThatThrownBy(() -> spec(TRAIN, null, "label", Set.of("fraud_a"), AugmentMethod.NONE, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }

    @Test
    void smoteNeedsTwoMinorityRows() {
        Table one = TRAIN.withRows(TRAIN.rows().subList(0, 201)); // 200 normal + 1 fraud_a
        assertThatThrownBy(() -> spec(one, null, "label", Set.of("fraud_a"), AugmentMethod.SMOTE, 10))
                .isInstanceOf(InputException.class).hasMessageContaining("at least 2 minority rows")
                .hasMessageContaining("--method gan");
    }

    @Test
    void ganNeedsItsSettings() {
        assertThatThrownBy(() -> spec(TRAIN, null, "label", Set.of("fraud_a"), AugmentMethod.GAN, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GAN settings");
    }

    @Test
    void blankOrMissingMinorityIsRefused() {
        assertThatThrownBy(() -> spec(TRAIN, null, "label", Set.of(), AugmentMethod.SMOTE, 10)).hasMessageContaining("--minority");
        assertThatThrownBy(() -> spec(TRAIN, null, "label", Set.of(" "), AugmentMethod.SMOTE, 10)).hasMessageContaining("empty");
    }

    @Test
    void allMinorityTrainingIsRefused() {
        Table rare = TRAIN.withRows(TRAIN.rows().subList(200, 220)); // fraud_a only
        assertThatThrownBy(() -> spec(rare, null, "label", Set.of("fraud_a"), AugmentMethod.SMOTE, 10))
                .isInstanceOf(InputException.class).hasMessageContaining("nothing to tell");
    }

    @Test
    void testTableNeedsTheTrainingColumns() {
        Table narrow = TEST.dropColumns(Set.of("channel"));
        assertThatThrownBy(() -> spec(TRAIN, narrow, "label", Set.of("fraud_a"), AugmentMethod.SMOTE, 10))
                .isInstanceOf(InputException.class).hasMessageContaining("test.csv").hasMessageContaining("channel");
    }

    @Test
    void testTableNeedsMinorityRows() {
        Table normalOnly = TEST.withRows(TEST.rows().subList(0, 100));
        assertThatThrownBy(() -> spec(TRAIN, normalOnly, "label", Set.of("fraud_a"), AugmentMethod.SMOTE, 10))
                .isInstanceOf(InputException.class).hasMessageContaining("test.csv")
                .hasMessageContaining("no row is labelled 'fraud_a'").hasMessageContaining("normal (100)");
    }

    @Test
    void missingLabelIsNamedWithItsLine() {
        List<Table.Row> rows = new java.util.ArrayList<>(TRAIN.rows());
        rows.set(5, new Table.Row(7, new Object[] {"1.0", "1", "web", ""}));
        assertThatThrownBy(() -> spec(TRAIN.withRows(rows), null, "label", Set.of("fraud_a"), AugmentMethod.SMOTE, 10))
                .isInstanceOf(InputException.class).hasMessageContaining("train.csv:7").hasMessageContaining("label is missing");
    }
}
