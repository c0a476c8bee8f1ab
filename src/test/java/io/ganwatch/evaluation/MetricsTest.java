package io.ganwatch.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MetricsTest {
    private static final double EPS = 1e-9;

    @Test
    void perfectSeparationScoresOne() {
        Metrics m = Metrics.of(new double[] {0.1, 0.2, 0.3, 0.9, 0.95}, new boolean[] {false, false, false, true, true},
                0.5);
        assertThat(m.rocAuc()).isCloseTo(1.0, within(EPS));
        assertThat(m.prAuc()).isCloseTo(1.0, within(EPS));
        assertThat(m.precision()).isEqualTo(1.0);
        assertThat(m.recall()).isEqualTo(1.0);
        assertThat(m.f1()).isEqualTo(1.0);
        assertThat(m.f1AtContamination()).isEqualTo(1.0);
        assertThat(m.rows()).isEqualTo(5);
        assertThat(m.anomalies()).isEqualTo(2);
        assertThat(m.threshold()).isEqualTo(0.5);
    }

    @Test
    void reversedRankingHasRocAucZero() {
        Metrics m = Metrics.of(new double[] {0.9, 0.8, 0.2, 0.1}, new boolean[] {false, false, true, true}, 0.5);
        assertThat(m.rocAuc()).isCloseTo(0.0, within(EPS));
        assertThat(m.f1AtContamination()).isEqualTo(0.0);
    }

    @Test
    void handComputedAucAndAveragePrecision() {
        // Ranked by score: 0.8 (anomaly), 0.4 (normal), 0.35 (anomaly), 0.1 (normal).
        // ROC: 3 of the 4 anomaly-normal pairs are ordered correctly -> 0.75.
        // AP: precision 1 at recall 1/2, precision 2/3 at recall 1 -> (1 + 2/3) / 2 = 0.8333...
        Metrics m = Metrics.of(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true}, 0.5);
        assertThat(m.rocAuc()).isCloseTo(0.75, within(EPS));
        assertThat(m.prAuc()).isCloseTo(5.0 / 6.0, within(EPS));
        assertThat(m.prAuc()).isCloseTo(0.8333, within(1e-4));
    }

    @Test
    void precisionRecallAndF1AtThreshold() {
        double[] s = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8};
        boolean[] y = {false, false, false, true, false, true, true, false};
        // score >= 0.5 flags 0.5, 0.6, 0.7, 0.8 (a score equal to the threshold counts):
        // 2 of those 4 are anomalous, and 2 of the 3 anomalies are caught.
        Metrics m = Metrics.of(s, y, 0.5);
        assertThat(m.precision()).isCloseTo(0.5, within(EPS));
        assertThat(m.recall()).isCloseTo(2.0 / 3.0, within(EPS));
        assertThat(m.f1()).isCloseTo(4.0 / 7.0, within(EPS));
        // Top 3 scores (3 anomalies): 0.8 normal, 0.7 and 0.6 anomalous -> P = R = 2/3.
        assertThat(m.f1AtContamination()).isCloseTo(2.0 / 3.0, within(EPS));
    }

    @Test
    void flaggingNothingHasPrecisionZero() {
        Metrics m = Metrics.of(new double[] {0.1, 0.2, 0.3}, new boolean[] {false, true, false}, 10);
        assertThat(m.precision()).isZero();
        assertThat(m.recall()).isZero();
        assertThat(m.f1()).isZero();
    }

    @Test
    void tiesAtTheContaminationCutAreAllFlagged() {
        // k = 2 but the 2nd and 3rd largest scores tie: both are flagged -> P = 2/3, R = 1, F1 = 0.8.
        Metrics m = Metrics.of(new double[] {0.9, 0.8, 0.8, 0.1}, new boolean[] {true, true, false, false}, 0.5);
        assertThat(m.f1AtContamination()).isCloseTo(0.8, within(EPS));
    }

    @Test
    void allTiedScoresGiveChanceLevelWhateverTheRowOrder() {
        double[] s = {0.5, 0.5, 0.5, 0.5};
        Metrics a = Metrics.of(s, new boolean[] {true, false, true, false}, 0.5);
        Metrics b = Metrics.of(s, new boolean[] {false, false, true, true}, 0.5);
        Metrics c = Metrics.of(s, new boolean[] {true, true, false, false}, 0.5);
        assertThat(a.rocAuc()).isCloseTo(0.5, within(EPS));
        assertThat(a.prAuc()).isCloseTo(0.5, within(EPS));
        assertThat(a.f1AtContamination()).isCloseTo(2.0 / 3.0, within(EPS));
        assertThat(b).isEqualTo(a);
        assertThat(c).isEqualTo(a);
    }

    @Test
    void agreesWithBruteForceDefinitionsOnTiedRandomData() {
        Random r = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            int n = 30 + r.nextInt(100);
            double[] s = new double[n];
            boolean[] y = new boolean[n];
            for (int i = 0; i < n; i++) {
                y[i] = i < 3 || r.nextDouble() < 0.2;
                // Coarse rounding produces many ties, the case where implementations differ.
                s[i] = Math.round((r.nextGaussian() + (y[i] ? 1 : 0)) * 4) / 4.0;
            }
            y[n - 1] = false;
            Metrics m = Metrics.of(s, y, 0.5);
            assertThat(m.rocAuc()).isCloseTo(pairwiseAuc(s, y), within(EPS));
            assertThat(m.prAuc()).isCloseTo(averagePrecision(s, y), within(EPS));
        }
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> Metrics.of(new double[] {0.1, 0.2}, new boolean[] {true}, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in length");
        assertThatThrownBy(() -> Metrics.of(new double[0], new boolean[0], 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no rows");
        assertThatThrownBy(() -> Metrics.of(new double[] {0.1, 0.2}, new boolean[] {false, false}, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs both normal and anomalous rows");
        assertThatThrownBy(() -> Metrics.of(new double[] {0.1, 0.2}, new boolean[] {true, true}, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs both normal and anomalous rows");
        assertThatThrownBy(() -> Metrics.of(new double[] {0.1, Double.NaN}, new boolean[] {true, false}, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> Metrics.of(new double[] {0.1, 0.2}, new boolean[] {true, false}, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold");
        assertThatThrownBy(() -> Metrics.of(null, new boolean[] {true}, 0.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Metrics(1.5, 1, 1, 1, 1, 1, 0.5, 10, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("roc_auc");
        assertThatThrownBy(() -> new Metrics(1, 1, 1, 1, 1, 1, 0.5, 10, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("anomalies");
    }

    @Test
    void serialisesWithSnakeCaseKeysAndReadsBack() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Metrics m = Metrics.of(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true}, 0.5);
        JsonNode tree = json.readTree(json.writeValueAsString(m));
        List<String> keys = new ArrayList<>();
        tree.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("roc_auc", "pr_auc", "precision", "recall", "f1", "f1_at_contamination",
                "threshold", "rows", "anomalies");
        assertThat(tree.get("roc_auc").asDouble()).isCloseTo(0.75, within(EPS));
        assertThat(tree.get("rows").asInt()).isEqualTo(4);
        assertThat(json.readValue(json.writeValueAsString(m), Metrics.class)).isEqualTo(m);
        assertThat(m.asMap().keySet()).containsExactlyElementsOf(keys);
    }

    /** P(anomaly score > normal score) + 0.5 P(tie), the Mann-Whitney reading of ROC-AUC. */
    private static double pairwiseAuc(double[] s, boolean[] y) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < s.length; i++) {
            for (int j = 0; j < s.length; j++) {
                if (y[i] && !y[j]) {
                    pairs++;
                    wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                }
            }
        }
        return wins / pairs;
    }

    /** Sum over distinct thresholds of (recall gain) x precision, scikit-learn's definition. */
    private static double averagePrecision(double[] s, boolean[] y) {
        double[] cuts = java.util.Arrays.stream(s).distinct().sorted().toArray();
        int positives = 0;
        for (boolean b : y) {
            positives += b ? 1 : 0;
        }
        double ap = 0;
        double previousRecall = 0;
        for (int c = cuts.length - 1; c >= 0; c--) {
            int tp = 0;
            int flagged = 0;
            for (int i = 0; i < s.length; i++) {
                if (s[i] >= cuts[c]) {
                    flagged++;
                    tp += y[i] ? 1 : 0;
                }
            }
            double recall = (double) tp / positives;
            ap += (recall - previousRecall) * tp / flagged;
            previousRecall = recall;
        }
        return ap;
    }
}
