package io.ganwatch.model;

import io.ganwatch.scoring.Device;
import io.ganwatch.scoring.OnnxScorer;
import io.ganwatch.scoring.ScoreBatch;
import io.ganwatch.training.AladConfig;
import io.ganwatch.training.AladTrainer;
import io.ganwatch.training.DjlReferenceScorer;
import io.ganwatch.training.TrainingListener;
import io.ganwatch.training.TrainingResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
