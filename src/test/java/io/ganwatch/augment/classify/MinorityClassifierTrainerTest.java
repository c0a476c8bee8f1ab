package io.ganwatch.augment.classify;

import io.ganwatch.evaluation.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Both Tribuo classifiers on generated data: they must separate classes that are separable and
 * rank at chance where the features carry no information. The XGBoost case also proves that
 * xgboost4j's native library loads on this machine.
 */
class MinorityClassifierTrainerTest {

    /** Rows of 4 features; minority rows are shifted by {@code shift} in the first two. */
    static float[][] rows(int n, boolean[] minority, double shift, Random r) {
        float[][] x = new float[n][4];
        for (int i = 0; i < n; i++) {
            minority[i] = r.nextDouble() < 0.2;
            for (int f = 0; f < 4; f++) {
                x[i][f] = (float) (r.nextGaussian() + (minority[i] && f < 2 ? shift : 0));
            }
        }
        return x;
    }

    private static double testRocAuc(ClassifierKind kind, double shift) {
        Random r = new Random(11);
        boolean[] yTrain = new boolean[1500];
        float[][] xTrain = rows(yTrain.length, yTrain, shift, r);
        boolean[] yTest = new boolean[600];
        float[][] xTest = rows(yTest.length, yTest, shift, r);
        MinorityModel model = MinorityClassifierTrainer.of(kind).train(xTrain, yTrain, 5);
        double[] p = model.probabilities(xTest);
        assertThat(java.util.Arrays.stream(p).allMatch(v -> v >= 0 && v <= 1)).as("probabilities in [0, 1]").isTrue();
        return Metrics.of(p, yTest, 0.5).rocAuc();
    }

    @ParameterizedTest
    @EnumSource(ClassifierKind.class)
    void separatesShiftedMinorityRows(ClassifierKind kind) {
        assertThat(testRocAuc(kind, 4.0)).as("%s ROC-AUC on separable data", kind).isGreaterThan(0.98);
    }

    @ParameterizedTest
    @EnumSource(ClassifierKind.class)
    void ranksAtChanceWhenFeaturesCarryNoInformation(ClassifierKind kind) {
        assertThat(testRocAuc(kind, 0.0)).as("%s ROC-AUC on inseparable data", kind).isBetween(0.4, 0.6);
    }

    /**
     * Weighting the minority by rest/minority must reach the trainer. Logistic regression on
     * features without information predicts the (weighted) base rate: 20 % unweighted, one half
     * balanced.
     */
    @Test
    void balancedLogisticRegressionPredictsAnEvenPrior() {
        Random r = new Random(21);
        boolean[] y = new boolean[1500];
        float[][] x = rows(y.length, y, 0.0, r);
        float[][] xTest = rows(600, new boolean[600], 0.0, r);
        MinorityClassifierTrainer trainer = MinorityClassifierTrainer.of(ClassifierKind.LOGISTIC);
        double plain = java.util.Arrays.stream(trainer.train(x, y, 5).probabilities(xTest)).average().orElseThrow();
        double balanced = java.util.Arrays.stream(trainer.trainBalanced(x, y, 5).probabilities(xTest)).average().orElseThrow();
        assertThat(plain).as("mean P(minority), unweighted").isBetween(0.15, 0.25);
        assertThat(balanced).as("mean P(minority), balanced").isBetween(0.45, 0.55);
    }

    /**
     * For XGBoost (no row subsampling), a row of weight 4 is the same to the booster as four copies
     * of it: balanced training on 300 minority and 1,200 other rows must give the model trained on
     * each minority row four times.
     */
    @Test
    void balancedXgboostEqualsRepeatingEachMinorityRow() {
        Random r = new Random(23);
        int minority = 300;
        int rest = 1200;
        float[][] x = new float[minority + rest][];
        boolean[] y = new boolean[x.length];
        float[][] repeated = new float[4 * minority + rest][];
        boolean[] yRepeated = new boolean[repeated.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = i < minority;
            x[i] = new float[4];
            for (int f = 0; f < 4; f++) {
                x[i][f] = (float) (r.nextGaussian() + (y[i] && f < 2 ? 1.0 : 0));
            }
        }
        for (int i = 0, k = 0; i < x.length; i++) {
            for (int copy = 0; copy < (y[i] ? 4 : 1); copy++, k++) {
                repeated[k] = x[i];
                yRepeated[k] = y[i];
            }
        }
        float[][] xTest = rows(600, new boolean[600], 1.0, r);
        MinorityClassifierTrainer trainer = MinorityClassifierTrainer.of(ClassifierKind.XGBOOST);
        double[] balanced = trainer.trainBalanced(x, y, 5).probabilities(xTest);
        double[] copies = trainer.train(repeated, yRepeated, 5).probabilities(xTest);
        double[] plain = trainer.train(x, y, 5).probabilities(xTest);
        double balancedGap = 0;
        double plainGap = 0;
        for (int i = 0; i < xTest.length; i++) {
            balancedGap = Math.max(balancedGap, Math.abs(balanced[i] - copies[i]));
            plainGap = Math.max(plainGap, Math.abs(plain[i] - copies[i]));
        }
        assertThat(balancedGap).as("largest difference, balanced vs repeated rows").isLessThan(0.05);
        assertThat(plainGap).as("largest difference, unweighted vs repeated rows").isGreaterThan(0.2);
    }

    @Test
    void sameSeedGivesTheSameProbabilities() {
        Random r = new Random(3);
        boolean[] y = new boolean[400];
        float[][] x = rows(y.length, y, 1.0, r);
        double[] a = MinorityClassifierTrainer.of(ClassifierKind.XGBOOST).train(x, y, 9).probabilities(x);
        double[] b = MinorityClassifierTrainer.of(ClassifierKind.XGBOOST).train(x, y, 9).probabilities(x);
        assertThat(a).containsExactly(b);
    }

    @Test
    void refusesASingleClass() {
        float[][] x = {{1f}, {2f}};
        assertThatThrownBy(() -> MinorityClassifierTrainer.of(ClassifierKind.LOGISTIC).train(x, new boolean[2], 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both classes");
    }

    @Test
    void refusesRowsOfAnotherWidthAtPrediction() {
        Random r = new Random(4);
        boolean[] y = new boolean[200];
        float[][] x = rows(y.length, y, 2.0, r);
        MinorityModel m = MinorityClassifierTrainer.of(ClassifierKind.LOGISTIC).train(x, y, 1);
        assertThatThrownBy(() -> m.probabilities(new float[][] {{1f, 2f}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trained on 4");
    }

    @Test
    void configsRejectNonsense() {
        assertThatThrownBy(() -> new XgboostConfig(0, 6, 0.3, 1, 1, 2)).hasMessageContaining("tree");
        assertThatThrownBy(() -> new XgboostConfig(10, 6, 0, 1, 1, 2)).hasMessageContaining("eta");
        assertThatThrownBy(() -> new XgboostConfig(10, 6, 0.3, 1, 1, 0)).hasMessageContaining("thread");
        assertThatThrownBy(() -> new LogisticConfig(0, 1, 1)).hasMessageContaining("epoch");
    }
}
