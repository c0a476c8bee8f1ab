package io.ganwatch.model;

import io.ganwatch.scoring.Device;
import io.ganwatch.scoring.OnnxScorer;
import io.ganwatch.scoring.ScoreBatch;
import io.ganwatch.training.AladConfig;
import io.ganwatch.training.AladTrainer;
import io.ganwatch.training.AladFeatures;
import io.ganwatch.detector.KnnHeads;
import io.ganwatch.training.DjlReferenceScorer;
import io.ganwatch.training.TrainingListener;
import io.ganwatch.training.TrainingResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The exported graph must compute exactly what the trained DJL networks compute. */
class OnnxExportTest {
    private static final int WIDTH = 7;
    private static TrainingResult trained;
    private static float[][] rows;

    @BeforeAll
    static void train() {
        Random r = new Random(1);
        rows = new float[1200][WIDTH];
        for (float[] row : rows) {
            float a = (float) r.nextGaussian();
            for (int j = 0; j < WIDTH - 2; j++) {
                row[j] = a * (j + 1) * 0.3f + 0.1f * (float) r.nextGaussian();
            }
            // a one-hot pair, so that the corrupted-row criterion has a categorical block to swap
            row[WIDTH - 2 + (a > 0 ? 0 : 1)] = 1f;
        }
        float[][] fit = java.util.Arrays.copyOfRange(rows, 0, 1000);
        float[][] val = java.util.Arrays.copyOfRange(rows, 1000, 1200);
        int[] offsets = {0, 1, 2, 3, 4, 5, 7};
        trained = new AladTrainer(new AladConfig(3, 64, 4, 1e-3, 0.5, 7, 0, 0), TrainingListener.NONE).train(fit, val, offsets);
    }

    @Test
    void onnxScoresEqualTheDjlForwardPass() {
        byte[] graph = OnnxExporter.export(trained.weights(), "test");
        float[] reference = DjlReferenceScorer.score(trained.weights(), rows);
        try (OnnxScorer scorer = new OnnxScorer(graph, Device.CPU, 1)) {
            ScoreBatch batch = scorer.score(rows, 256, true);
            assertThat(batch.size()).isEqualTo(rows.length);
            for (int i = 0; i < rows.length; i++) {
                assertThat(batch.scores()[i]).isCloseTo(reference[i], within(1e-4f * Math.max(1f, Math.abs(reference[i]))));
            }
            // Scores are not all equal: the graph actually depends on the input.
            assertThat(reference[0]).isNotEqualTo(reference[1]);
        }
    }

    @ParameterizedTest
    @CsvSource({"LINEAR, 0.5", "ACTIVATED, 0", "LINEAR, 1"})
    void theKnnHeadScoresTheRelativeDistanceToTheNearestPrototypesInTheFeatureSpace(AladFeatures.Space space, float alpha) {
        float[][] fit = java.util.Arrays.copyOfRange(rows, 0, 1000);
        float[][] held = java.util.Arrays.copyOfRange(rows, 1000, 1200);
        KnnHead head = KnnHeads.fit(trained.weights(), space, fit, held, 5, 300, alpha, 3);
        assertThat(head.size()).isEqualTo(300);
        byte[] graph = OnnxExporter.export(trained.weights(), head, "test");
        // Reference: the DJL engine's features and a brute-force search in plain Java.
        float[][] features = AladFeatures.embed(trained.weights(), space, rows);
        double[] reference = KnnHeads.scores(head.features(), head.spreads(), head.alpha(), features, 5);
        try (OnnxScorer scorer = new OnnxScorer(graph, Device.CPU, 1)) {
            ScoreBatch batch = scorer.score(rows, 128, true);
            for (int i = 0; i < rows.length; i++) {
                double expected = reference[i] * head.knnWeight();
                // The graph's float32 ‖f‖² − 2f·p + ‖p‖² loses digits where a distance is near 0 (a row that is a
                // prototype): about sqrt(1e-7 · ‖f‖²), a few thousandths; a wrong neighbour would be off by far more.
                assertThat((double) batch.scores()[i]).isCloseTo(expected, within(5e-3 * Math.max(1, expected)));
                double sum = 0;
                for (int f = 0; f < WIDTH; f++) {
                    assertThat(batch.contribution(i, f)).isGreaterThanOrEqualTo(0f);
                    sum += batch.contribution(i, f);
                }
                assertThat(sum).isCloseTo(batch.scores()[i], within(1e-3 * Math.max(1, batch.scores()[i])));
            }
            // Scaled by held-back rows: a typical normal row scores about 1.
            float[] heldScores = scorer.score(held, 128, false).scores();
            java.util.Arrays.sort(heldScores);
            assertThat(heldScores[heldScores.length / 2]).isCloseTo(1f, within(0.05f));
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void leavingTheNearestOutScoresEachPrototypeAsAHeadWithoutItWould(boolean inputMetric) {
        int n = 400;
        KnnHead head = KnnHeads.fitAll(trained.weights(), io.ganwatch.features.FloatRows.of(java.util.Arrays.copyOf(rows, n)),
                4096, 3);
        assertThat(head.size()).isEqualTo(n);
        float[][] own = java.util.Arrays.copyOf(rows, n);
        // The feature space's float32 distances lose more digits than the input metric (see the tests above).
        double tolerance = inputMetric ? 5e-3 : 5e-2;
        int[] self = java.util.stream.IntStream.range(0, n).toArray();
        double[] reference = KnnHeads.scores(head.features(), head.spreads(), head.alpha(), head.features(), head.k(), self);
        int left = 7;
        KnnHead without = without(head, left);
        try (OnnxScorer leaving = new OnnxScorer(OnnxExporter.export(trained.weights(), head, "test", inputMetric, true),
                Device.CPU, 1);
             OnnxScorer plain = new OnnxScorer(OnnxExporter.export(trained.weights(), head, "test", inputMetric, false),
                     Device.CPU, 1);
             OnnxScorer fewer = new OnnxScorer(OnnxExporter.export(trained.weights(), without, "test", inputMetric, false),
                     Device.CPU, 1)) {
            ScoreBatch l = leaving.score(own, 128, true);
            float[] p = plain.score(own, 128, false).scores();
            for (int i = 0; i < n; i++) {
                double expected = reference[i] * head.knnWeight();
                assertThat((double) l.scores()[i]).as("row %d", i).isCloseTo(expected, within(tolerance * Math.max(1, expected)));
                // Found among its own neighbours, at distance 0, a prototype scores lower in the plain graph.
                assertThat(p[i]).as("row %d", i).isLessThan(l.scores()[i]);
            }
            // Left out, a prototype scores as it would against the other prototypes alone.
            float alone = fewer.score(new float[][]{own[left]}, 1, false).scores()[0];
            assertThat(l.scores()[left]).isCloseTo(alone, within((float) tolerance * Math.max(1, alone)));
            // The scale is the median of these leave-one-out scores: a typical prototype scores 1, as a new normal row would.
            float[] sorted = l.scores().clone();
            java.util.Arrays.sort(sorted);
            assertThat(sorted[n / 2]).isCloseTo(1f, within(0.02f));
        }
    }

    /** {@code head} without its prototype {@code drop}: the same spreads and weights for the others. */
    private static KnnHead without(KnnHead head, int drop) {
        int n = head.size();
        float[][] features = new float[n - 1][];
        float[][] inputs = new float[n - 1][];
        float[] spreads = new float[n - 1];
        for (int i = 0, j = 0; i < n; i++) {
            if (i != drop) {
                features[j] = head.features()[i];
                inputs[j] = head.inputs()[i];
                spreads[j++] = head.spreads()[i];
            }
        }
        return new KnnHead(head.space(), head.k(), features, inputs, spreads, head.alpha(), head.knnWeight(), head.aladWeight());
    }

    /** A head in the LINEAR space over the 7-wide rows, which the input-space metric serves. */
    private static KnnHead narrowHead() {
        return KnnHeads.fit(trained.weights(), AladFeatures.Space.LINEAR, java.util.Arrays.copyOfRange(rows, 0, 1000),
                java.util.Arrays.copyOfRange(rows, 1000, 1200), 5, 500, 0.25f, 3);
    }

    @Test
    void narrowRowsTakeTheDistancesInTheInputSpaceUnderTheLayersMetricAndScoreAsTheFeatureSpaceDoes() throws Exception {
        KnnHead head = narrowHead();
        assertThat(OnnxExporter.metricApplies(trained.weights(), head)).isTrue(); // 7 inputs against 128 features
        byte[] byMetric = OnnxExporter.export(trained.weights(), head, "test");
        byte[] byFeatures = OnnxExporter.export(trained.weights(), head, "test", false, false);
        ai.onnx.proto.OnnxMl.GraphProto metricGraph = ai.onnx.proto.OnnxMl.ModelProto.parseFrom(byMetric).getGraph();
        assertThat(metricGraph.getInitializerList()).extracting(ai.onnx.proto.OnnxMl.TensorProto::getName)
                .contains("knn_metric_0").doesNotContain("prototypes_0", "dxx0_w_0");
        assertThat(ai.onnx.proto.OnnxMl.ModelProto.parseFrom(byFeatures).getGraph().getInitializerList())
                .extracting(ai.onnx.proto.OnnxMl.TensorProto::getName).contains("prototypes_0").doesNotContain("knn_metric_0");
        try (OnnxScorer a = new OnnxScorer(byMetric, Device.CPU, 1); OnnxScorer b = new OnnxScorer(byFeatures, Device.CPU, 1)) {
            ScoreBatch m = a.score(rows, 200, true);
            ScoreBatch f = b.score(rows, 200, true);
            // Reference: the DJL engine's features and a brute-force search in plain Java, in double.
            double[] reference = KnnHeads.scores(head.features(), head.spreads(), head.alpha(),
                    AladFeatures.embed(trained.weights(), AladFeatures.Space.LINEAR, rows), 5);
            int explainedAlike = 0;
            for (int i = 0; i < rows.length; i++) {
                double expected = reference[i] * head.knnWeight();
                // The input metric loses fewer digits than the feature space, whose ‖f‖² carries the layer's bias
                // (measured: at most 0.002 against 0.018 here); near-zero distances still cost a few thousandths.
                assertThat((double) m.scores()[i]).isCloseTo(expected, within(5e-3 * Math.max(1, expected)));
                assertThat((double) f.scores()[i]).isCloseTo(expected, within(5e-2 * Math.max(1, expected)));
                boolean same = true;
                for (int c = 0; c < WIDTH; c++) {
                    same &= Math.abs(m.contribution(i, c) / m.scores()[i] - f.contribution(i, c) / f.scores()[i]) < 1e-3;
                }
                explainedAlike += same ? 1 : 0;
            }
            // The same neighbours explain a row alike; the feature space's rounding can swap a near-tied k-th one.
            assertThat(explainedAlike).isGreaterThanOrEqualTo((int) (0.95 * rows.length));
        }
    }

    @Test
    void aRowScoredAloneScoresAsItDoesInABatchWithTheInputMetric() {
        KnnHead head = narrowHead();
        try (OnnxScorer scorer = new OnnxScorer(OnnxExporter.export(trained.weights(), head, "test"), Device.CPU, 0)) {
            float[] batch = scorer.score(rows, 256, false).scores();
            for (int i = 0; i < 200; i++) {
                // A ReduceSum for ‖x‖²_M was up to 1e-3 apart here (one row is reduced in another order).
                assertThat(scorer.score(new float[][]{rows[i]}, 1, false).scores()[0]).as("row %d", i)
                        .isCloseTo(batch[i], within(1e-6f * Math.max(1, batch[i])));
            }
        }
    }

    @Test
    void aRowFarFromEveryPrototypeScoresHigherAndIsExplainedByTheFeatureThatMoved() {
        KnnHead head = KnnHeads.fit(trained.weights(), java.util.Arrays.copyOfRange(rows, 0, 1000),
                java.util.Arrays.copyOfRange(rows, 1000, 1200), 4096, 3);
        float[] normal = rows[1100].clone();
        float[] moved = normal.clone();
        moved[2] += 6f;
        try (OnnxScorer scorer = new OnnxScorer(OnnxExporter.export(trained.weights(), head, "test"), Device.CPU, 1)) {
            ScoreBatch batch = scorer.score(new float[][]{normal, moved}, 2, true);
            assertThat(batch.scores()[1]).isGreaterThan(3 * batch.scores()[0]);
            int top = 0;
            for (int f = 1; f < WIDTH; f++) {
                if (batch.contribution(1, f) > batch.contribution(1, top)) {
                    top = f;
                }
            }
            assertThat(top).isEqualTo(2);
        }
    }

    @Test
    void contributionsAreNonNegativeAndSumToTheScore() {
        byte[] graph = OnnxExporter.export(trained.weights(), "test");
        try (OnnxScorer scorer = new OnnxScorer(graph, Device.CPU, 1)) {
            ScoreBatch batch = scorer.score(rows, 100, true);
            for (int i = 0; i < 50; i++) {
                double sum = 0;
                for (int f = 0; f < WIDTH; f++) {
                    assertThat(batch.contribution(i, f)).isGreaterThanOrEqualTo(0f);
                    sum += batch.contribution(i, f);
                }
                assertThat(sum).isCloseTo(batch.scores()[i], within(1e-3 * Math.max(1, batch.scores()[i])));
            }
        }
    }

    @Test
    void trainingKeepsAHistoryAndTheBestCheckpoint() {
        assertThat(trained.history()).hasSize(3);
        double bestAuc = trained.history().stream().mapToDouble(e -> e.validationAuc()).max().orElseThrow();
        assertThat(trained.history().get(trained.bestEpoch() - 1).validationAuc()).isEqualTo(bestAuc);
        assertThat(trained.latentDim()).isEqualTo(4);
    }

    @Test
    void askingForCudaWithoutItFallsBackToTheCpu() {
        byte[] graph = OnnxExporter.export(trained.weights(), "test");
        // The CPU jar has no CUDA provider, so this must warn and still score.
        try (OnnxScorer scorer = new OnnxScorer(graph, Device.parse("cuda:0"), 1)) {
            assertThat(scorer.device()).isEqualTo(Device.CPU);
            assertThat(scorer.score(rows, 64, false).scores()).hasSize(rows.length);
        }
    }
}
