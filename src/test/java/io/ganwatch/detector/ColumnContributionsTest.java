package io.ganwatch.detector;

import io.ganwatch.features.CategoricalColumn;
import io.ganwatch.features.FeatureSpec;
import io.ganwatch.features.MissingPolicy;
import io.ganwatch.features.NumericColumn;
import io.ganwatch.scoring.ScoreBatch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ColumnContributionsTest {
    private static FeatureSpec spec(int categories) {
        List<String> cats = new ArrayList<>();
        for (int i = 0; i < categories; i++) {
            cats.add("c" + i);
        }
        return new FeatureSpec(List.of(new NumericColumn("amount", false, 0, 1, 0, 10), new CategoricalColumn("merchant", cats)),
                MissingPolicy.IMPUTE);
    }

    /**
     * One row: amount's error {@code amountError}; the category in slot {@code active} with error
     * {@code activeError}, the unknown bucket {@code unknownError}, every other slot {@code noise}.
     */
    private static ScoreBatch row(int categories, int active, double amountError, double activeError, double unknownError,
                                  double noise, boolean withInputs) {
        int width = 1 + categories + 1;
        float[] contributions = new float[width];
        float[] inputs = new float[width];
        contributions[0] = (float) amountError;
        inputs[0] = 4f;
        Arrays.fill(contributions, 1, width, (float) noise);
        contributions[width - 1] = (float) unknownError;
        contributions[1 + active] = (float) activeError;
        inputs[1 + active] = 1f;
        float score = 0;
        for (float c : contributions) {
            score += c; // the graph's contributions sum to the score
        }
        return new ScoreBatch(new float[]{score}, contributions, width, withInputs ? inputs : null);
    }

    @Test
    void aWideOneHotBlockCountsItsActiveCategoryAndUnknownBucketNotItsWidth() {
        // Summed, the block would be 0.5 + 0.1 + 49 x 0.05 = 3.05 and beat amount's 2.0.
        ScoreBatch b = row(50, 3, 2.0, 0.5, 0.1, 0.05, true);
        List<Detector.Contribution> top = new ColumnContributions(spec(50)).top(b, 0, 2);
        assertThat(top).extracting(Detector.Contribution::column).containsExactly("amount", "merchant");
        // Rescaled to shares of the score (5.05): 2.0 : 0.6.
        assertThat(b.scores()[0]).isCloseTo(5.05f, within(1e-5f));
        assertThat(top.get(0).value()).isCloseTo(5.05 * 2.0 / 2.6, within(1e-5));
        assertThat(top.get(1).value()).isCloseTo(5.05 * 0.6 / 2.6, within(1e-5));
        assertThat(top.get(0).value() + top.get(1).value()).isCloseTo(b.scores()[0], within(1e-5));
        assertThat(top).noneMatch(Detector.Contribution::unseen);
    }

    @Test
    void theSameErrorsGiveTheSameRankingAndSharesWhateverTheNumberOfCategories() {
        List<Detector.Contribution> narrow = new ColumnContributions(spec(3)).top(row(3, 1, 0.8, 0.7, 0.2, 0.3, true), 0, 2);
        List<Detector.Contribution> wide = new ColumnContributions(spec(80)).top(row(80, 1, 0.8, 0.7, 0.2, 0.3, true), 0, 2);
        assertThat(narrow).extracting(Detector.Contribution::column).containsExactly("merchant", "amount");
        assertThat(wide).extracting(Detector.Contribution::column).containsExactly("merchant", "amount");
        double narrowShare = narrow.get(0).value() / (narrow.get(0).value() + narrow.get(1).value());
        double wideShare = wide.get(0).value() / (wide.get(0).value() + wide.get(1).value());
        assertThat(wideShare).isCloseTo(narrowShare, within(1e-6)).isCloseTo(0.9 / 1.7, within(1e-6));
    }

    @Test
    void aValueInTheUnknownBucketCountsThatSlotOnceAndIsFlagged() {
        ScoreBatch b = row(50, 50, 0.4, 0.95, 0.95, 0.05, true); // slot 50 is the unknown bucket
        List<Detector.Contribution> top = new ColumnContributions(spec(50)).top(b, 0, 2);
        assertThat(top.get(0).column()).isEqualTo("merchant");
        assertThat(top.get(0).unseen()).isTrue();
        assertThat(top.get(1).unseen()).isFalse();
        assertThat(top.get(0).value() / top.get(1).value()).isCloseTo(0.95 / 0.4, within(1e-5));
    }

    @Test
    void withoutTheEncodedRowsACategoricalColumnCountsItsLargestSlotAndFlagsNothing() {
        ScoreBatch b = row(50, 50, 0.4, 0.95, 0.95, 0.05, false);
        List<Detector.Contribution> top = new ColumnContributions(spec(50)).top(b, 0, 2);
        assertThat(top.get(0).column()).isEqualTo("merchant");
        assertThat(top.get(0).value() / top.get(1).value()).isCloseTo(0.95 / 0.4, within(1e-5));
        assertThat(top).noneMatch(Detector.Contribution::unseen);
    }

    @Test
    void nothingAskedNeedsNoContributions() {
        ScoreBatch scoresOnly = new ScoreBatch(new float[]{1f}, null, 52);
        assertThat(new ColumnContributions(spec(50)).top(scoresOnly, 0, 0)).isEmpty();
    }

    @Test
    void aContributionNamesItsValueAndWhetherTrainingNeverSawIt() {
        assertThat(new Detector.Contribution("amount", 3.0).describe(0.97)).isEqualTo("amount=0.97");
        Detector.Contribution unseen = new Detector.Contribution("merchant_category", 3.0, true);
        assertThat(unseen.describe("5999")).isEqualTo("merchant_category=5999 (never seen in training)");
        assertThat(unseen.unseenValue("5999")).isTrue();
        // A missing value also lands in the unknown bucket: it is named missing, not new.
        assertThat(unseen.describe(null)).isEqualTo("merchant_category=(missing)");
        assertThat(unseen.unseenValue(" ")).isFalse();
        assertThat(new Detector.Contribution("port", 1.0).describe(80.0)).isEqualTo("port=80");
    }
}
