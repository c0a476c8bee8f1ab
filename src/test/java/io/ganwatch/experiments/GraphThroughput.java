package io.ganwatch.experiments;

import io.ganwatch.benchmark.BenchmarkDataset;
import io.ganwatch.benchmark.Protocol;
import io.ganwatch.benchmark.Split;
import io.ganwatch.detector.DetectorTrainer;
import io.ganwatch.detector.KnnHeads;
import io.ganwatch.detector.TrainingRequest;
import io.ganwatch.features.FeatureEncoder;
import io.ganwatch.features.MissingPolicy;
import io.ganwatch.model.KnnHead;
import io.ganwatch.model.OnnxExporter;
import io.ganwatch.scoring.Device;
import io.ganwatch.scoring.OnnxScorer;
import io.ganwatch.training.AladConfig;
import io.ganwatch.training.TrainingListener;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/** rows/s of the ALAD-only graph against the kNN-head graph, alternated in one process. */
public final class GraphThroughput {
    public static void main(String[] args) {
        Protocol.Loaded data = Protocol.load(BenchmarkDataset.valueOf(args[0]), Path.of(args[1]));
        Split split = data.split(1);
        TrainingRequest req = new TrainingRequest(split.train(), "", data.name(), null, Set.of(), MissingPolicy.IMPUTE,
                new AladConfig(1, 0, 0, 1e-4, 0.5, 1, 0, 0), 0.01, data.name());
        DetectorTrainer.TrainedDetector t = DetectorTrainer.train(req, TrainingListener.NONE);
        FeatureEncoder enc = new FeatureEncoder(t.bundle().metadata().features());
        float[][] train = enc.encode(split.train());
        float[][] test = enc.encode(split.test());
        if (test.length > 50_000) {
            test = Arrays.copyOf(test, 50_000);
        }
        byte[] alad = OnnxExporter.export(t.result().weights(), "x");
        byte[] knn = t.bundle().graph();
        int automatic = AladConfig.defaults(1).maxPrototypes(enc.width());
        for (int max : new int[]{1024, 4096, automatic}) {
            KnnHead h = KnnHeads.fit(t.result().weights(), KnnHeads.DEFAULT_SPACE, train, Arrays.copyOf(train, 2000), 5, max,
                    KnnHeads.DEFAULT_ALPHA, 1);
            // The exported graph (distances in the input space where rows are narrower than the 128 features) and the
            // same head with its distances in the feature space, as graphs were exported before.
            byte[] g = OnnxExporter.export(t.result().weights(), h, "x");
            byte[] f = io.ganwatch.model.ExportForms.byFeatures(t.result().weights(), h);
            try (OnnxScorer a = new OnnxScorer(alad, Device.CPU, 0); OnnxScorer k = new OnnxScorer(g, Device.CPU, 0);
                 OnnxScorer kf = new OnnxScorer(f, Device.CPU, 0)) {
                for (boolean contributions : new boolean[]{false, true}) {
                    for (int round = 0; round < 3; round++) {
                        double ra = rate(a, test, contributions);
                        double rk = rate(k, test, contributions);
                        double rf = rate(kf, test, contributions);
                        System.out.printf(Locale.ROOT, "%s width %d prototypes %d%s %s: ALAD-only %.0f rows/s, kNN head %.0f rows/s"
                                        + " (ratio %.3f), in the feature space %.0f rows/s (ratio %.3f)%n", data.name(), enc.width(),
                                h.size(), max == automatic ? " (automatic)" : "", contributions ? "with contributions" : "scores only",
                                ra, rk, rk / ra, rf, rf / ra);
                    }
                }
            }
        }
    }

    private static double rate(OnnxScorer s, float[][] rows, boolean contributions) {
        long start = System.nanoTime();
        int n = 0;
        while (System.nanoTime() - start < 3e9) {
            s.score(rows, 4096, contributions);
            n += rows.length;
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }
}
