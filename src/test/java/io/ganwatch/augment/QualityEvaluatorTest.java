package io.ganwatch.augment;

import io.ganwatch.augment.classify.DetectionAuc;
import io.ganwatch.features.FeatureEncoder;
import io.ganwatch.features.FeatureSpecLearner;
import io.ganwatch.input.Table;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Table-level quality on synthetic rows whose answers are known. */
class QualityEvaluatorTest {
    private static final Table TRAIN = AugmentTables.table("train.csv", 300, 90, 5);
    private static final Table REAL = MinorityLabels.minorityRows(TRAIN, "label", Set.of("fraud_a", "fraud_b"));

    private static QualityEvaluator evaluator() {
        return new QualityEvaluator(new FeatureEncoder(FeatureSpecLearner.excluding(Set.of("label")).learn(TRAIN)),
                DetectionAuc.defaults());
    }

    @Test
    void copiesOfTheRealRowsScorePerfectAndAreAllCounted() {
        Table copy = new Table("synthetic", REAL.columns(), REAL.rows());
        Table holdout = MinorityLabels.minorityRows(AugmentTables.table("test.csv", 10, 30, 6), "label", Set.of("fraud_a", "fraud_b"));
        QualityScores q = evaluator().evaluate(REAL, copy, holdout, "label", 1);
        assertThat(q.ksComplement()).isEqualTo(1.0);
        assertThat(q.tvComplement()).isEqualTo(1.0);
        assertThat(q.correlationSimilarity()).isCloseTo(1.0, within(1e-12));
        assertThat(q.exactCopies()).isEqualTo(REAL.size());
        assertThat(q.dcrRatio()).as("synthetic rows sit on training rows: distance 0").isZero();
        assertThat(q.detectionAuc()).as("identical rows cannot be told apart").isBetween(0.3, 0.7);
        assertThat(q.coverage()).as("every real row has its copy in its ball").isEqualTo(1.0);
        assertThat(q.density()).isCloseTo(1.0, within(0.2));
    }

    @Test
    void shiftedDisjointRowsScoreZeroKsAndAreDetected() {
        List<Table.Row> rows = new ArrayList<>();
        for (Table.Row r : REAL.rows()) {
            Object[] v = r.values().clone();
            v[0] = Double.toString(Double.parseDouble((String) v[0]) + 1000); // amount beyond every real amount
            v[1] = Double.toString(Double.parseDouble((String) v[1]) + 100);
            v[2] = "atm"; // a channel no real minority row uses
            v[3] = "fraud_b";
            rows.add(new Table.Row(r.line(), v));
        }
        QualityScores q = evaluator().evaluate(REAL, new Table("synthetic", REAL.columns(), rows), null, "label", 1);
        assertThat(q.ksComplement()).isZero();
        // channel: no overlap (0); label: real is 2/3 fraud_a, synthetic all fraud_b -> 1 - 2/3.
        assertThat(q.columns()).filteredOn(c -> c.column().equals("channel")).singleElement()
                .satisfies(c -> assertThat(c.score()).isCloseTo(0.0, within(1e-12)));
        assertThat(q.columns()).filteredOn(c -> c.column().equals("label")).singleElement()
                .satisfies(c -> assertThat(c.score()).isCloseTo(1.0 / 3, within(1e-12)));
        // Shifting by constants keeps every correlation.
        assertThat(q.correlationSimilarity()).isCloseTo(1.0, within(1e-9));
        assertThat(q.detectionAuc()).isGreaterThan(0.95);
        assertThat(q.dcrRatio()).isNaN();
        assertThat(q.exactCopies()).isZero();
        assertThat(q.coverage()).as("no synthetic row near any real one").isZero();
        assertThat(q.density()).isZero();
    }

    @Test
    void anInvertedCorrelationScoresLow() {
        // Real rows: amount and attempts rise together; synthetic: attempts falls as amount rises.
        List<Table.Row> real = new ArrayList<>();
        List<Table.Row> synth = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            real.add(new Table.Row(i + 2, new Object[] {Integer.toString(i), Integer.toString(i), "web", "fraud_a"}));
            synth.add(new Table.Row(i + 2, new Object[] {Integer.toString(i), Integer.toString(49 - i), "web", "fraud_a"}));
        }
        Table r = new Table("real", AugmentTables.COLUMNS, real);
        QualityScores q = evaluator().evaluate(r, new Table("synthetic", AugmentTables.COLUMNS, synth), null, "label", 1);
        // ρ_real = 1, ρ_synthetic = -1: similarity 1 - |1 - (-1)| / 2 = 0. Same marginals: KS 1.
        assertThat(q.correlationSimilarity()).isCloseTo(0.0, within(1e-12));
        assertThat(q.ksComplement()).isEqualTo(1.0);
    }
}
