package io.ganwatch.demo;

import io.ganwatch.detector.DetectorTrainer;
import io.ganwatch.detector.TrainingRequest;
import io.ganwatch.features.MissingPolicy;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.training.AladConfig;
import io.ganwatch.training.TrainingListener;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The demo's model: trained in-process on simulated normal payments, small and quick enough that the
 * demo starts scoring within seconds. Training uses the same {@link DetectorTrainer} as
 * {@code ganwatch train}, so the demo shows the real thing, only on less data for fewer epochs.
 */
final class DemoModel {
    /** Model id recorded in the bundle and every alert. */
    static final String MODEL_ID = "demo-card-transactions";
    /** Normal payments the model learns from. */
    static final int TRAINING_ROWS = 8000;
    /**
     * Calibrated false-positive rate. Half the usual 1%: with about 1.5% of the stream injected, 1% of
     * false alerts would make every other alert a false one.
     */
    static final double TARGET_FPR = 0.005;
    private static final long WEEK_MILLIS = 7 * 24 * 3_600_000L;

    private DemoModel() {
    }

    /**
     * {@code rows} of the card holders' own payments spread evenly over a week of simulated time. A
     * week, because {@code day_of_week} is a feature: a model that saw only Wednesdays would flag every
     * Saturday payment.
     */
    static List<Transaction> normalWeek(TransactionSimulator simulator, int rows) {
        List<Transaction> week = new ArrayList<>();
        Transaction first = simulator.next(false);
        week.add(first);
        while (week.get(week.size() - 1).eventTime() - first.eventTime() < WEEK_MILLIS) {
            week.add(simulator.next(false));
        }
        List<Transaction> sample = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            sample.add(week.get((int) ((long) i * week.size() / rows)));
        }
        return sample;
    }

    /**
     * Trains on {@code normal} transactions and saves the bundle to {@code dir}.
     *
     * @param epochs ALAD epochs (20 take about 10 s on two cores)
     */
    static ModelBundle train(List<Transaction> normal, long seed, int epochs, Path dir, TrainingListener listener) {
        AladConfig config = new AladConfig(epochs, 256, 0, 1e-3, 0.5, seed, 0, 0);
        TrainingRequest request = new TrainingRequest(TrainingTable.of("simulated card transactions", normal), "",
                "simulated", null, new HashSet<>(TrainingTable.CATEGORICAL), MissingPolicy.IMPUTE, config, TARGET_FPR, MODEL_ID);
        ModelBundle bundle = DetectorTrainer.train(request, listener).bundle();
        bundle.save(dir);
        return bundle;
    }
}
