package io.ganwatch.streams;

import io.ganwatch.detector.DetectorTrainer;
import io.ganwatch.detector.TrainingRequest;
import io.ganwatch.features.MissingPolicy;
import io.ganwatch.input.Table;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.training.AladConfig;
import io.ganwatch.training.TrainingListener;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Small real models of generated connections (bytes, duration, protocol), trained in a few seconds. */
public final class ConnModels {
    private ConnModels() {
    }

    /** A bundle of model id {@code modelId} trained on 3,000 generated normal connections drawn with {@code seed}. */
    public static ModelBundle train(String modelId, long seed) {
        Table table = connections(seed);
        TrainingRequest req = new TrainingRequest(table, "", "generated", null, Set.of(), MissingPolicy.IMPUTE,
                new AladConfig(5, 64, 0, 1e-3, 0.5, seed, 0, 0), 0.01, modelId);
        return DetectorTrainer.train(req, TrainingListener.NONE).bundle();
    }

    /** The 3,000 generated normal connections drawn with {@code seed} that {@link #train} learns from. */
    public static Table connections(long seed) {
        Random r = new Random(seed);
        List<Table.Row> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            double d = Math.exp(r.nextGaussian() * 0.3);
            rows.add(new Table.Row(i + 2, new Object[]{d * 1000 * Math.exp(r.nextGaussian() * 0.1), d, i % 3 == 0 ? "udp" : "tcp"}));
        }
        return new Table("generated", List.of("bytes", "duration", "protocol"), rows);
    }
}
