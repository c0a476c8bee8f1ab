package io.ganwatch.benchmark;

import io.ganwatch.detector.Detector;
import io.ganwatch.detector.DetectorTrainer;
import io.ganwatch.detector.TrainingRequest;
import io.ganwatch.evaluation.Metrics;
import io.ganwatch.features.MissingPolicy;
import io.ganwatch.scoring.Device;
import io.ganwatch.scoring.ScoreBatch;
import io.ganwatch.training.AladConfig;
import io.ganwatch.training.TrainingListener;

import java.util.Set;

/**
 * Runs one data set's protocol end to end for one seed: split, train a bundle on the normal
 * training rows, score the test rows through the bundle with ONNX Runtime, compute metrics.
 */
public final class BenchmarkRunner {
    private BenchmarkRunner() {
    }

    /** Trains and evaluates for one seed, without progress output. */
    public static Run runOnce(Protocol.Loaded data, AladConfig base, double targetFpr, long seed, Device device) {
        return runOnce(data, base, targetFpr, seed, device, TrainingListener.NONE);
    }

    /** Trains and evaluates for one seed. */
    public static Run runOnce(Protocol.Loaded data, AladConfig base, double targetFpr, long seed, Device device,
                              TrainingListener listener) {
        Split split = data.split(seed);
        TrainingRequest req = new TrainingRequest(split.train(), "", data.name(), null, Set.of(),
                MissingPolicy.IMPUTE, base.withSeed(seed), targetFpr, data.name());
        DetectorTrainer.TrainedDetector trained = DetectorTrainer.train(req, listener);
        try (Detector detector = new Detector(trained.bundle(), device, trained.bundle().metadata().threshold().value())) {
            ScoreBatch batch = detector.score(split.test(), false);
            double[] scores = new double[batch.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = batch.scores()[i];
            }
            Metrics m = Metrics.of(scores, split.testAnomalies(), detector.threshold());
            Throughput t = Throughput.measure(detector, split.test());
            return new Run(seed, m, trained.result().seconds(), trained, scores, split.testAnomalies(), t);
        }
    }

    /**
     * One seed's outcome.
     *
     * @param seed         the seed
     * @param metrics      test metrics
     * @param trainSeconds wall-clock training time
     * @param trained      the bundle and training history
     * @param scores       test scores
     * @param anomalies    test labels
     * @param throughput   scoring throughput, in-process vs raw ONNX Runtime
     */
    public record Run(long seed, Metrics metrics, double trainSeconds, DetectorTrainer.TrainedDetector trained,
                      double[] scores, boolean[] anomalies, Throughput throughput) {
    }
}
