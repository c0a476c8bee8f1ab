package io.ganwatch.augment;

import io.ganwatch.augment.classify.ClassifierKind;
import io.ganwatch.augment.classify.MinorityClassifierTrainer;
import io.ganwatch.features.FeatureEncoder;
import io.ganwatch.features.FeatureSpecLearner;
import io.ganwatch.input.Table;
import io.ganwatch.training.TrainingListener;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Filtering generated rows with a classifier trained on the real rows. */
class SyntheticFilterTest {
    private static final Table TRAIN = AugmentTables.table("train.csv", 1500, 60, 3);
    private static final Set<String> MINORITY = Set.of("fraud_a", "fraud_b");

    @Test
    void keepsTheCountAskedForDrawnFromTheAcceptedOnesInTheirOrder() {
        SyntheticFilter filter = new SyntheticFilter(4, 0.5);
        double[] p = {0.9, 0.1, 0.6, 0.2, 0.7, 0.55, 0.3, 0.95};
        List<Integer> candidates = IntStream.range(0, p.length).boxed().toList();

        List<Integer> kept = filter.keep(p, candidates, 3, 11);

        assertThat(kept).hasSize(3).isSorted().allSatisfy(i -> assertThat(p[i]).isGreaterThanOrEqualTo(0.5));
        assertThat(filter.keep(p, candidates, 3, 11)).isEqualTo(kept);
        // another seed draws another subset of the five accepted rows at least once in a few tries
        assertThat(IntStream.range(12, 20).mapToObj(s -> filter.keep(p, candidates, 3, s)).distinct().count()).isGreaterThan(1);
    }

    @Test
    void tooFewAcceptedAreFilledWithTheMostPlausibleOfTheRest() {
        SyntheticFilter filter = new SyntheticFilter(4, 0.5);
        double[] p = {0.1, 0.45, 0.8, 0.3, 0.05, 0.4};

        assertThat(filter.keep(p, List.of("a", "b", "c", "d", "e", "f"), 3, 1)).containsExactly("b", "c", "f");
        assertThat(filter.keep(new double[] {0.2, 0.9}, List.of("a", "b"), 5, 1)).containsExactly("a", "b");
        assertThatThrownBy(() -> filter.keep(p, List.of("a", "b"), 5, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rowsOfTheWrongClassAreFilteredOutAndTheCountHolds() {
        FeatureEncoder encoder = new FeatureEncoder(FeatureSpecLearner.excluding(Set.of("label")).learn(TRAIN));
        ClassifierEvaluation classifier = new ClassifierEvaluation(encoder, MinorityClassifierTrainer.of(ClassifierKind.LOGISTIC));
        // candidates: 100 real-looking rare rows and 300 normal rows, all labelled as the minority
        Table candidates = allMinority(AugmentTables.table("candidates", 300, 100, 9));

        SyntheticFilter.Outcome out = new SyntheticFilter(4, 0.5).apply(classifier, TRAIN, candidates, "label", MINORITY, 80, 5);

        assertThat(out.rows().size()).isEqualTo(80);
        assertThat(out.candidates()).isEqualTo(400);
        assertThat(out.accepted()).isBetween(80, 250);
        // the rare rows are the last 100 of the candidates (lines 302..401): most kept rows come from them
        long rare = out.rows().rows().stream().filter(r -> r.line() > 301).count();
        assertThat(rare).isGreaterThan(60);
    }

    @Test
    void smoteAnchorsKeepTheCountAndTakeCandidatesWhereTheMinorityIs() {
        FeatureEncoder encoder = new FeatureEncoder(FeatureSpecLearner.excluding(Set.of("label")).learn(TRAIN));
        ClassifierEvaluation classifier = new ClassifierEvaluation(encoder, MinorityClassifierTrainer.of(ClassifierKind.LOGISTIC));
        Table candidates = allMinority(AugmentTables.table("candidates", 300, 100, 9));

        SyntheticFilter.Outcome out = SyntheticFilter.SMOTE_ANCHORED.apply(classifier, TRAIN, candidates, "label", MINORITY, 80, 5);

        assertThat(out.judge()).isEqualTo(SyntheticFilter.Judge.SMOTE_ANCHORS);
        assertThat(out.rows().size()).isEqualTo(80);
        assertThat(out.candidates()).isEqualTo(400);
        assertThat(out.accepted()).isEqualTo(80);
        assertThat(out.rows().rows().stream().map(Table.Row::line).distinct().count()).isEqualTo(80);
        // SMOTE's rows lie between real minority rows, so their nearest candidates are the rare-looking ones (lines 302..401)
        long rare = out.rows().rows().stream().filter(r -> r.line() > 301).count();
        assertThat(rare).isGreaterThan(60);
        // the same seed chooses the same rows
        assertThat(SyntheticFilter.SMOTE_ANCHORED.apply(classifier, TRAIN, candidates, "label", MINORITY, 80, 5).rows().rows())
                .extracting(Table.Row::line).isEqualTo(out.rows().rows().stream().map(Table.Row::line).toList());
    }

    @Test
    void smoteAnchorsAreRefusedOnSmotesOwnRowsAndNamedInTheJson() {
        Table test = AugmentTables.table("test.csv", 800, 40, 4);
        assertThatThrownBy(() -> new AugmentSpec(TRAIN, test, "label", MINORITY, AugmentMethod.SMOTE, 200, ClassifierKind.LOGISTIC, 7,
                null, SyntheticFilter.SMOTE_ANCHORED)).hasMessageContaining("use it with method gan");
        AugmentResult filtered = new Augmenter().run(new AugmentSpec(TRAIN, test, "label", MINORITY, AugmentMethod.SMOTE, 200,
                ClassifierKind.LOGISTIC, 7, null, SyntheticFilter.DEFAULT), TrainingListener.NONE);
        assertThat(AugmentJson.toJson(filtered).get("filter").get("judge").asText()).isEqualTo("classifier");
    }

    /** The table's rows, each labelled with a minority value. */
    private static Table allMinority(Table table) {
        List<Table.Row> rows = new ArrayList<>();
        for (Table.Row r : table.rows()) {
            Object[] v = r.values().clone();
            v[3] = "fraud_a";
            rows.add(new Table.Row(r.line(), v));
        }
        return table.withRows(rows);
    }

    @Test
    void aGanlessJobFiltersSmoteRowsWhenAskedAndSaysWhatItKept() {
        Table test = AugmentTables.table("test.csv", 800, 40, 4);
        AugmentResult plain = new Augmenter().run(new AugmentSpec(TRAIN, test, "label", MINORITY, AugmentMethod.SMOTE, 200,
                ClassifierKind.LOGISTIC, 7, null), TrainingListener.NONE);
        AugmentResult filtered = new Augmenter().run(new AugmentSpec(TRAIN, test, "label", MINORITY, AugmentMethod.SMOTE, 200,
                ClassifierKind.LOGISTIC, 7, null, SyntheticFilter.DEFAULT), TrainingListener.NONE);

        assertThat(plain.filter()).isNull();
        assertThat(AugmentJson.toJson(plain).get("filter").isNull()).isTrue();
        assertThat(filtered.synthetic().size()).isEqualTo(200);
        assertThat(filtered.filter().candidates()).isEqualTo(800);
        assertThat(AugmentJson.toJson(filtered).get("filter").get("accepted").asInt()).isEqualTo(filtered.filter().accepted());
        assertThat(new AugmentSpec(TRAIN, test, "label", MINORITY, AugmentMethod.WEIGHTED, 0, ClassifierKind.LOGISTIC, 7, null,
                SyntheticFilter.DEFAULT).filter()).isNull();
    }

    @Test
    void settingsOutsideTheirRangeAreRefusedWithTheRange() {
        assertThatThrownBy(() -> new SyntheticFilter(0, 0.5)).hasMessageContaining("between 1 and 100");
        assertThatThrownBy(() -> new SyntheticFilter(4, 1.0)).hasMessageContaining("strictly between 0 and 1");
    }
}
