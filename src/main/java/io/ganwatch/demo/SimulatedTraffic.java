package io.ganwatch.demo;

import io.ganwatch.model.ModelBundle;
import io.ganwatch.training.TrainingListener;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo's simulated card payments for other tools (the stream benchmark): a model trained on a
 * normal week, and a stream of payments with about 1.5% injected fraud, both seeded.
 */
public final class SimulatedTraffic {
    private SimulatedTraffic() {
    }

    /** Trains the demo's model on a simulated normal week and saves it to {@code dir}. */
    public static ModelBundle trainModel(long seed, int epochs, Path dir) {
        TransactionSimulator simulator = new TransactionSimulator(Demo.simulation(seed));
        return DemoModel.train(DemoModel.normalWeek(simulator, DemoModel.TRAINING_ROWS), seed, epochs, dir, TrainingListener.NONE);
    }

    /** {@code n} payments in CardTransaction field order (the schema's names), with injected fraud. */
    public static List<Map<String, Object>> payments(long seed, int n) {
        TransactionSimulator simulator = new TransactionSimulator(Demo.simulation(seed));
        DemoModel.normalWeek(simulator, DemoModel.TRAINING_ROWS); // the stream follows the training week, as in the demo
        List<Map<String, Object>> out = new ArrayList<>(n);
        for (Transaction t : simulator.take(n, true)) {
            out.add(t.fields());
        }
        return out;
    }
}
