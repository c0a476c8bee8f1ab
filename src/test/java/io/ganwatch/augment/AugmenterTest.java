package io.ganwatch.augment;

import io.ganwatch.augment.classify.ClassifierKind;
import io.ganwatch.augment.classify.MinorityMetrics;
import io.ganwatch.input.Table;
import io.ganwatch.training.TrainingListener;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** NONE and SMOTE end to end on generated tables (the GAN path needs the real trainer; see the GAN tests). */
class AugmenterTest {
    private static final Table TRAIN = AugmentTables.table("train.csv", 1500, 30, 1);
    private static final Table TEST = AugmentTables.table("test.csv", 800, 40, 2);
    private static final Set<String> MINORITY = Set.of("fraud_a", "fraud_b");

    private static AugmentResult run(AugmentMethod method, int count, ClassifierKind kind) {
        return new Augmenter().run(new AugmentSpec(TRAIN, TEST, "label", MINORITY, method, count, kind, 7, null),
                TrainingListener.NONE);
    }

    @Test
    void aGanJobStoppedByItsTimeBudgetStillFinishesAndItsResultSaysSo() {
        io.ganwatch.augment.gan.CtganConfig gan = new io.ganwatch.augment.gan.CtganConfig(1_000_000, 200, 10, 16,
                new int[]{32}, new int[]{32}, 2e-3, 0.5, 0.9, 10, 4, java.time.Duration.ofSeconds(1), 7);
        long[] now = {0};
        AugmentSpec spec = new AugmentSpec(TRAIN, TEST, "label", MINORITY, AugmentMethod.GAN, 200, ClassifierKind.LOGISTIC, 7, gan);
        try (io.ganwatch.augment.gan.CtganModel model = new io.ganwatch.augment.gan.CtganTrainer(gan, io.ganwatch.scoring.Device.CPU,
                () -> now[0] += 10_000_000L).train(TRAIN, "label", TrainingListener.NONE)) {
            long start = System.nanoTime();
            AugmentResult r = new Augmenter().runWith(spec, model, 1.0);
            System.out.printf("after training stopped by its budget: sampling and measures took %.2f s%n", (System.nanoTime() - start) / 1e9);
            assertThat(r.stoppedByTimeBudget()).isTrue();
            assertThat(r.synthetic().size()).isEqualTo(200);
            assertThat(r.quality()).isNotNull();
            assertThat(r.test()).isNotNull();
            assertThat(AugmentJson.toJson(r).get("stopped_by_time_budget").asBoolean()).isTrue();
            // The result says how the generator was sampled; another sampling makes other rows from the same model.
            assertThat(r.sampling()).isEqualTo(AugmentSpec.defaultSampling(MinorityLabels.minorityCounts(TRAIN, "label", MINORITY)
                    .values().stream().mapToInt(Integer::intValue).sum()));
            io.ganwatch.augment.gan.Sampling narrow = new io.ganwatch.augment.gan.Sampling(0.5, 1);
            AugmentResult truncated = new Augmenter().runWith(new AugmentSpec(TRAIN, TEST, "label", MINORITY, AugmentMethod.GAN,
                    200, ClassifierKind.LOGISTIC, 7, gan, null, narrow), model, 1.0);
            assertThat(truncated.sampling()).isEqualTo(narrow);
            assertThat(AugmentJson.toJson(truncated).at("/gan_sampling/truncation").asDouble()).isEqualTo(1.0);
            assertThat(AugmentJson.toJson(truncated).at("/gan_sampling/temperature").asDouble()).isEqualTo(0.5);
            assertThat(truncated.synthetic().rows()).usingElementComparator((a, b) -> java.util.Arrays.equals(a.values(),
                    b.values()) ? 0 : 1).isNotEqualTo(r.synthetic().rows());

            // Snapped: whole-number attempts land on values each class shows; amounts, all different, stay as generated.
            AugmentResult snapped = new Augmenter().runWith(new AugmentSpec(TRAIN, TEST, "label", MINORITY, AugmentMethod.GAN,
                    200, ClassifierKind.LOGISTIC, 7, gan, null, io.ganwatch.augment.gan.Sampling.AS_TRAINED.withSnap(true)), model, 1.0);
            assertThat(AugmentJson.toJson(snapped).at("/gan_sampling/snap").asBoolean()).isTrue();
            assertThat(AugmentJson.toJson(r).at("/gan_sampling/snap").asBoolean()).isFalse();
            int attempts = TRAIN.columnIndex("attempts");
            int label = TRAIN.columnIndex("label");
            for (Table.Row row : snapped.synthetic().rows()) {
                java.util.Set<Double> observed = new java.util.HashSet<>();
                TRAIN.rows().stream().filter(t -> t.get(label).equals(row.get(label)))
                        .forEach(t -> observed.add(Double.parseDouble(t.get(attempts).toString())));
                assertThat(observed).contains(((Number) row.get(attempts)).doubleValue());
            }
            assertThat(r.synthetic().rows()).as("unsnapped, some attempts fall between whole numbers' class values")
                    .anyMatch(row -> ((Number) row.get(attempts)).doubleValue() % 1 != 0
                            || ((Number) row.get(attempts)).doubleValue() < 3 || ((Number) row.get(attempts)).doubleValue() > 6);
        }
        AugmentResult smote = run(AugmentMethod.SMOTE, 10, ClassifierKind.LOGISTIC);
        assertThat(smote.stoppedByTimeBudget()).isFalse();
        assertThat(smote.sampling()).isNull();
        assertThat(AugmentJson.toJson(smote).get("gan_sampling").isNull()).isTrue();
    }

    @Test
    void aFineTunedGanJobSaysWhatItWasFineTunedOn() {
        io.ganwatch.augment.gan.CtganConfig gan = new io.ganwatch.augment.gan.CtganConfig(4, 200, 10, 16,
                new int[]{32}, new int[]{32}, 2e-3, 0.5, 0.9, 10, 4, java.time.Duration.ofMinutes(5), 7).withFineTune(0.25);
        // fraud_c occurs in test rows only: it counts as minority there, and training fine-tunes on the other two.
        int label = TEST.columnIndex("label");
        List<Table.Row> testRows = new java.util.ArrayList<>();
        for (Table.Row row : TEST.rows()) {
            Object[] v = row.values().clone();
            if (testRows.size() < 5 && "normal".equals(v[label])) {
                v[label] = "fraud_c";
            }
            testRows.add(new Table.Row(row.line(), v));
        }
        Table test = new Table("test.csv", TEST.columns(), testRows);
        Set<String> asked = new java.util.LinkedHashSet<>(List.of("fraud_b", "fraud_a", "fraud_c"));
        AugmentResult r = new Augmenter().run(new AugmentSpec(TRAIN, test, "label", asked, AugmentMethod.GAN, 100,
                ClassifierKind.LOGISTIC, 7, gan), TrainingListener.NONE);
        assertThat(r.fineTune()).isEqualTo(new io.ganwatch.augment.gan.MinorityFineTune(Set.of("fraud_a", "fraud_b"), 0.25));
        assertThat(r.synthetic().size()).isEqualTo(100);
        var json = AugmentJson.toJson(r);
        assertThat(json.at("/gan_fine_tune/on/0").asText()).isEqualTo("fraud_a");
        assertThat(json.at("/gan_fine_tune/on/1").asText()).isEqualTo("fraud_b");
        assertThat(json.at("/gan_fine_tune/share").asDouble()).isEqualTo(0.25);
        assertThat(AugmentJson.toJson(run(AugmentMethod.SMOTE, 10, ClassifierKind.LOGISTIC)).get("gan_fine_tune").isNull()).isTrue();
    }

    @Test
    void noneMakesNoRowsAndStillMeasuresTheClassifier() {
        AugmentResult r = run(AugmentMethod.NONE, 0, ClassifierKind.XGBOOST);
        assertThat(r.synthetic().size()).isZero();
        assertThat(r.synthetic().columns()).isEqualTo(TRAIN.columns());
        assertThat(r.quality()).isNull();
        assertThat(r.ganHistory()).isEmpty();
        assertThat(r.trainSeconds()).isZero();
        assertThat(r.modelVersion()).isEqualTo("none");
        assertInUnitRange(r.test());
        assertThat(r.test().rocAuc()).as("the rare class is learnable").isGreaterThan(0.9);
    }

    @Test
    void weightedMakesNoRowsAndTrainsAnotherClassifierThanNone() {
        AugmentResult none = run(AugmentMethod.NONE, 0, ClassifierKind.LOGISTIC);
        AugmentResult weighted = run(AugmentMethod.WEIGHTED, 0, ClassifierKind.LOGISTIC);
        assertThat(weighted.synthetic().size()).isZero();
        assertThat(weighted.quality()).isNull();
        assertThat(weighted.modelVersion()).isEqualTo("weighted");
        assertInUnitRange(weighted.test());
        // weighing the rare class moves the classifier's probabilities up, so more rows cross 0.5
        assertThat(weighted.test().recall()).isGreaterThanOrEqualTo(none.test().recall());
        assertThat(weighted.test()).isNotEqualTo(none.test());
        assertThat(AugmentJson.toJson(weighted).get("method").asText()).isEqualTo("weighted");
    }

    @Test
    void smoteMakesCountMinorityRowsWithFiniteQuality() {
        AugmentResult r = run(AugmentMethod.SMOTE, 600, ClassifierKind.LOGISTIC);
        Table s = r.synthetic();
        assertThat(s.size()).isEqualTo(600);
        assertThat(s.columns()).isEqualTo(TRAIN.columns());
        Map<String, Integer> labels = MinorityLabels.counts(s, "label");
        assertThat(labels.keySet()).containsExactlyInAnyOrder("fraud_a", "fraud_b");
        assertThat(labels.get("fraud_a")).as("drawn 2:1 like the training rows").isBetween(340, 460);
        for (Table.Row row : s.rows()) {
            double attempts = (Double) row.get(1);
            assertThat(attempts).isEqualTo(Math.rint(attempts)).isBetween(3.0, 6.0);
            assertThat(row.get(2)).isIn("web", "pos");
        }
        assertThat(r.trainSeconds()).isGreaterThan(0);
        assertThat(r.modelVersion()).isEqualTo("smote-k5-seed7");
        assertInUnitRange(r.test());

        QualityScores q = r.quality();
        assertThat(q.ksComplement()).isBetween(0.7, 1.0);
        assertThat(q.tvComplement()).isBetween(0.8, 1.0);
        assertThat(q.correlationSimilarity()).isBetween(0.0, 1.0);
        assertThat(q.detectionAuc()).isBetween(0.0, 1.0);
        assertThat(q.dcrRatio()).isFinite().isPositive();
        assertThat(q.exactCopies()).isBetween(0, 600);
        assertThat(q.columns()).extracting(ColumnQuality::column).containsExactly("amount", "attempts", "channel", "label");
        assertThat(q.columns()).extracting(ColumnQuality::metric)
                .containsExactly("KSComplement", "KSComplement", "TVComplement", "TVComplement");
    }

    @Test
    void sameSeedSameRows() {
        AugmentResult a = run(AugmentMethod.SMOTE, 50, ClassifierKind.LOGISTIC);
        AugmentResult b = run(AugmentMethod.SMOTE, 50, ClassifierKind.LOGISTIC);
        for (int i = 0; i < 50; i++) {
            assertThat(a.synthetic().rows().get(i).values()).containsExactly(b.synthetic().rows().get(i).values());
        }
    }

    @Test
    void withoutATestSetThereAreNoClassifierMetricsAndNoDcr() {
        AugmentResult r = new Augmenter().run(new AugmentSpec(TRAIN, null, "label", MINORITY, AugmentMethod.SMOTE, 100,
                ClassifierKind.XGBOOST, 1, null), TrainingListener.NONE);
        assertThat(r.test()).isNull();
        assertThat(r.quality().dcrRatio()).isNaN();
        assertThat(r.quality().ksComplement()).isBetween(0.0, 1.0);
    }

    @Test
    void countIsSplitInProportionAndAddsUp() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("a", 40);
        counts.put("b", 7);
        counts.put("c", 3);
        counts.put("d", 1);
        Map<String, Integer> split = Augmenter.split(counts, 100);
        assertThat(split.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(100);
        assertThat(split).containsEntry("a", 78).containsEntry("b", 14).containsEntry("c", 6).containsEntry("d", 2);
        assertThat(Augmenter.split(counts, 2)).isEqualTo(Map.of("a", 2));
    }

    @Test
    void labelsAreDrawnByFrequency() {
        List<String> labels = Augmenter.drawLabels(Map.of("x", 90, "y", 10), 10_000, 3);
        long y = labels.stream().filter("y"::equals).count();
        assertThat(y).isBetween(850L, 1150L);
    }

    private static void assertInUnitRange(MinorityMetrics m) {
        for (double v : new double[] {m.precision(), m.recall(), m.f1(), m.prAuc(), m.rocAuc()}) {
            assertThat(v).isBetween(0.0, 1.0);
        }
        assertThat(m.f1()).isCloseTo(m.precision() + m.recall() == 0 ? 0
                : 2 * m.precision() * m.recall() / (m.precision() + m.recall()), within(1e-12));
    }
}
