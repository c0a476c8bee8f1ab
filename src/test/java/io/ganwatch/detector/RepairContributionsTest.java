package io.ganwatch.detector;

import io.ganwatch.features.CategoricalColumn;
import io.ganwatch.features.FeatureSpec;
import io.ganwatch.features.MissingPolicy;
import io.ganwatch.features.NumericColumn;
import io.ganwatch.scoring.ScoreBatch;
import io.ganwatch.scoring.ScoringEngineException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Repair-based contributions against a known scoring function: amount and hour score their squared
 * distance from the median (encoded 0), the category scores 0 for slot 3 (what the "model" expects),
 * 1 for another training category and 9 for the unknown bucket.
 */
class RepairContributionsTest {
    private static final int CATEGORIES = 50;
    private static final int WIDTH = 2 + CATEGORIES + 1;
    private static final FeatureSpec SPEC = spec();

    private static FeatureSpec spec() {
        List<String> cats = new ArrayList<>();
        for (int i = 0; i < CATEGORIES; i++) {
            cats.add("c" + i);
        }
        return new FeatureSpec(List.of(new NumericColumn("amount", false, 0, 1, 0, 10), new NumericColumn("hour", false, 0, 1, 0, 10),
                new CategoricalColumn("merchant", cats)), MissingPolicy.IMPUTE);
    }

    private static float score(float[] flat, int row) {
        int at = row * WIDTH;
        float s = flat[at] * flat[at] + flat[at + 1] * flat[at + 1];
        if (flat[at + WIDTH - 1] > 0.5f) {
            return s + 9;
        }
        return flat[at + 2 + 3] > 0.5f ? s : s + 1;
    }

    private static final BiFunction<float[], Integer, float[]> SCORER = (flat, rows) -> {
        float[] out = new float[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = score(flat, r);
        }
        return out;
    };

    /** A row with the given encoded amount and hour in category slot {@code slot}; the block's noise is 0.05 a slot, slot 3's 0.2. */
    private static ScoreBatch row(float amount, float hour, int slot) {
        float[] x = new float[WIDTH];
        x[0] = amount;
        x[1] = hour;
        x[2 + slot] = 1f;
        float[] contributions = new float[WIDTH];
        contributions[0] = Math.abs(amount) * 0.5f;
        contributions[1] = Math.abs(hour) * 0.5f;
        for (int f = 2; f < WIDTH; f++) {
            contributions[f] = 0.05f;
        }
        contributions[2 + 3] = slot == 3 ? 0.05f : 0.2f; // the generator leans towards category 3
        contributions[2 + slot] = slot == 3 ? 0.1f : 0.9f;
        return new ScoreBatch(new float[]{score(x, 0)}, contributions, WIDTH, x);
    }

    @Test
    void theColumnWhoseRepairRemovesMostOfTheScoreComesFirstAndAnExpectedCategoryGetsNoBlame() {
        ScoreBatch b = row(4f, 0.5f, 3);
        List<Detector.Contribution> top = new RepairContributions(SPEC).top(b, 0, 3, SCORER);
        assertThat(top).extracting(Detector.Contribution::column).containsExactly("amount", "hour", "merchant");
        double s = b.scores()[0]; // 16.25
        assertThat(top.get(0).value()).isCloseTo(s * 16 / 16.25, within(1e-4));
        assertThat(top.get(1).value()).isCloseTo(s * 0.25 / 16.25, within(1e-4));
        assertThat(top.get(2).value()).isZero(); // repaired to another category the score rises: not to blame
    }

    @Test
    void anUnseenCategoryIsRepairedToTheExpectedOneAndFlagged() {
        ScoreBatch b = row(1f, 0f, CATEGORIES); // the unknown bucket
        List<Detector.Contribution> top = new RepairContributions(SPEC).top(b, 0, 2, SCORER);
        // Repairing merchant to slot 3 (the generator's favourite) removes 9 of 10; amount to the median, 1.
        assertThat(top.get(0).column()).isEqualTo("merchant");
        assertThat(top.get(0).unseen()).isTrue();
        assertThat(top.get(0).value()).isCloseTo(10 * 9 / 10.0, within(1e-4));
        assertThat(top.get(1).column()).isEqualTo("amount");
        assertThat(top.get(1).unseen()).isFalse();
    }

    @Test
    void whenRescoringFailsOrNoRepairHelpsTheReconstructionErrorsDecide() {
        ScoreBatch b = row(4f, 0.5f, 7);
        List<Detector.Contribution> byError = new ColumnContributions(SPEC).top(b, 0, 3);
        BiFunction<float[], Integer, float[]> failing = (flat, rows) -> {
            throw new ScoringEngineException("device lost");
        };
        assertThat(new RepairContributions(SPEC).top(b, 0, 3, failing)).isEqualTo(byError);
        BiFunction<float[], Integer, float[]> flat = (x, rows) -> {
            float[] out = new float[rows];
            java.util.Arrays.fill(out, b.scores()[0]);
            return out;
        };
        assertThat(new RepairContributions(SPEC).top(b, 0, 3, flat)).isEqualTo(byError);
        ScoreBatch withoutRows = new ScoreBatch(b.scores(), b.contributions(), WIDTH);
        assertThat(new RepairContributions(SPEC).top(withoutRows, 0, 3, SCORER))
                .isEqualTo(new ColumnContributions(SPEC).top(withoutRows, 0, 3));
    }

    @Test
    void nothingAskedScoresNothing() {
        BiFunction<float[], Integer, float[]> never = (flat, rows) -> {
            throw new AssertionError("no rescoring for k = 0");
        };
        assertThat(new RepairContributions(SPEC).top(new ScoreBatch(new float[]{1f}, null, WIDTH), 0, 0, never)).isEmpty();
    }

    @Test
    void manyRowsAreExplainedAsOneByOneWithTheirRepairsScoredTogether() {
        int n = 300; // 300 rows x 3 columns = 900 repaired rows: one call
        float[] scores = new float[n];
        float[] contributions = new float[n * WIDTH];
        float[] inputs = new float[n * WIDTH];
        for (int r = 0; r < n; r++) {
            ScoreBatch one = row(r % 7 - 3f, r % 5 * 0.7f, r % 3 == 0 ? CATEGORIES : r % CATEGORIES);
            scores[r] = one.scores()[0];
            System.arraycopy(one.contributions(), 0, contributions, r * WIDTH, WIDTH);
            System.arraycopy(one.inputs(), 0, inputs, r * WIDTH, WIDTH);
        }
        ScoreBatch all = new ScoreBatch(scores, contributions, WIDTH, inputs);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        BiFunction<float[], Integer, float[]> counting = (flat, rows) -> {
            calls.incrementAndGet();
            return SCORER.apply(flat, rows);
        };
        List<List<Detector.Contribution>> together = new RepairContributions(SPEC).topAll(all, 0, n, 2, counting);
        assertThat(calls.get()).isEqualTo(1);
        RepairContributions one = new RepairContributions(SPEC);
        for (int r = 0; r < n; r++) {
            assertThat(together.get(r)).as("row %d", r).isEqualTo(one.top(all, r, 2, SCORER));
        }
    }
}
