package io.ganwatch.detector;

import io.ganwatch.features.MissingPolicy;
import io.ganwatch.input.Table;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.scoring.Device;
import io.ganwatch.scoring.ScoreBatch;
import io.ganwatch.training.AladConfig;
import io.ganwatch.training.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Explanations on a real small model: the anomaly lies in one numeric column while a 50-category column
 * keeps its normal values, so a one-hot block that gains weight from its width would be named instead.
 */
class ExplanationTest {
    private static final List<String> COLUMNS = List.of("a", "b", "c", "merchant");
    private static ModelBundle bundle;

    /** a, b correlated; c independent; merchant one of 50 categories, independent of the rest. */
    private static Table rows(int n, long seed, double bShift) {
        Random r = new Random(seed);
        List<Table.Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double a = r.nextGaussian();
            double b = 0.8 * a + 0.6 * r.nextGaussian() + bShift;
            double c = r.nextGaussian();
            String merchant = String.format("m%02d", r.nextInt(50));
            rows.add(new Table.Row(i + 2, new Object[]{a, b, c, merchant}));
        }
        return new Table("synthetic", COLUMNS, rows);
    }

    @BeforeAll
    static void train() {
        TrainingRequest req = new TrainingRequest(rows(4000, 11, 0), "", "synthetic", null, Set.of("merchant"),
                MissingPolicy.IMPUTE, new AladConfig(8, 64, 0, 1e-3, 0.5, 11, 0, 0), 0.01, "explain");
        bundle = DetectorTrainer.train(req, TrainingListener.NONE).bundle();
    }

    @Test
    void aNumericAnomalyIsNamedBeforeAWideCategoricalColumnThatStaysNormal() {
        Table anomalies = rows(40, 99, 4.0);
        try (Detector d = new Detector(bundle, Device.CPU, bundle.metadata().threshold().value())) {
            ScoreBatch batch = d.score(anomalies, true);
            int numericFirst = 0;
            List<String> firsts = new ArrayList<>();
            for (int row = 0; row < anomalies.size(); row++) {
                String first = d.topContributions(batch, row, 1).get(0).column();
                firsts.add(first);
                numericFirst += first.equals("b") ? 1 : 0;
            }
            // b is the one column pushed 4 (about 4 standard deviations) off its relation to a; nearly every row must name it first.
            assertThat(numericFirst).as("rows naming b first; top-1 of each row: " + firsts).isGreaterThanOrEqualTo(36);
        }
    }

    /** The rows of {@code normal} with the merchant replaced by m77: the training categories are m00..m49. */
    private static Table withUnseenMerchant(Table normal) {
        List<Table.Row> unseen = new ArrayList<>();
        for (Table.Row r : normal.rows()) {
            Object[] v = r.values().clone();
            v[3] = "m77";
            unseen.add(new Table.Row(r.line(), v));
        }
        return normal.withRows(unseen);
    }

    @Test
    void aCategoryNeverSeenInTrainingIsFlaggedAndNamedWithItsValue() {
        Table unseen = withUnseenMerchant(rows(20, 7, 0));
        try (Detector d = new Detector(bundle, Device.CPU, bundle.metadata().threshold().value())) {
            ScoreBatch batch = d.score(unseen, true);
            for (int row = 0; row < unseen.size(); row++) {
                List<Detector.Contribution> all = d.topContributions(batch, row, 4);
                assertThat(all).extracting(Detector.Contribution::column).containsExactlyInAnyOrder("a", "b", "c", "merchant");
                assertThat(all).filteredOn(c -> c.column().equals("merchant")).singleElement()
                        .satisfies(c -> assertThat(c.describe("m77")).isEqualTo("merchant=m77 (never seen in training)"));
                assertThat(all).filteredOn(Detector.Contribution::unseen).extracting(Detector.Contribution::column)
                        .containsExactly("merchant");
            }
        }
    }

    /**
     * Found while writing the test above: on this set a never-seen category LOWERS the score (about 9
     * against 14 for the same rows with their own category; threshold 24), so no explanation can name
     * it first. The unknown bucket is always 0 in training, and a block holding only it looks "empty"
     * to the networks. A detector defect, outside the explanations; kept for whoever fixes scoring.
     */
    @Test
    @org.junit.jupiter.api.Disabled("detector defect: a category never seen in training lowers the score; see the Javadoc")
    void aCategoryNeverSeenInTrainingRaisesTheScore() {
        Table normal = rows(20, 7, 0);
        try (Detector d = new Detector(bundle, Device.CPU, bundle.metadata().threshold().value())) {
            float[] seen = d.score(normal, false).scores();
            float[] unseen = d.score(withUnseenMerchant(normal), false).scores();
            int higher = 0;
            for (int i = 0; i < seen.length; i++) {
                higher += unseen[i] > seen[i] ? 1 : 0;
            }
            assertThat(higher).as("rows scoring higher with an unseen merchant").isEqualTo(seen.length);
        }
    }

    @Test
    void rowByRowAndWholeBatchExplanationsAgreeAcrossBatches() {
        try (Detector d = new Detector(bundle, Device.CPU, bundle.metadata().threshold().value())) {
            ScoreBatch first = d.score(rows(30, 5, 4.0), true);
            ScoreBatch second = d.score(withUnseenMerchant(rows(30, 6, 0)), true);
            List<List<Detector.Contribution>> firstAll = d.topContributions(first, 3);
            List<List<Detector.Contribution>> secondAll = d.topContributions(second, 3);
            for (int row = 0; row < 30; row++) {
                // Alternating batches: a row must never be answered from the other batch's explanations.
                assertThat(d.topContributions(first, row, 3)).as("first, row %d", row).isEqualTo(firstAll.get(row));
                assertThat(d.topContributions(second, row, 3)).as("second, row %d", row).isEqualTo(secondAll.get(row));
                assertThat(d.topContributions(second, row, 2)).isEqualTo(secondAll.get(row).subList(0, 2));
            }
        }
    }
}
