package io.ganwatch.experiments;

import io.ganwatch.benchmark.Protocol;
import io.ganwatch.benchmark.Split;
import io.ganwatch.detector.Detector;
import io.ganwatch.detector.DetectorTrainer;
import io.ganwatch.detector.KnnHeads;
import io.ganwatch.detector.TrainingRequest;
import io.ganwatch.features.FeatureEncoder;
import io.ganwatch.features.MissingPolicy;
import io.ganwatch.model.KnnHead;
import io.ganwatch.scoring.Device;
import io.ganwatch.training.AladConfig;
import io.ganwatch.training.AladFeatures;
import io.ganwatch.training.AladWeights;
import io.ganwatch.training.TrainingListener;
import org.tribuo.classification.evaluation.LabelEvaluationUtil;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * ROC-AUC of the kNN head's variants on one seed of the peers' splits (see the package): ALAD's own
 * score, then, in each feature space, the head with alpha 0, 0.25, 0.5 and 1. The prototypes are a
 * random 80% of the normal training rows and the other 20% scale the score, as in training.
 *
 * <p>Arguments: the splits folder, the seed, then the sets' file stems.
 */
public final class FeatureSpaceKnn {
    private static final float[] ALPHAS = {0f, 0.25f, 0.5f, 1f};

    private FeatureSpaceKnn() {
    }

    public static void main(String[] args) {
        Path splits = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        for (int a = 2; a < args.length; a++) {
            String name = args[a];
            Split split = Protocol.loadAdbench(Path.of("../shared/datasets/adbench/" + name + ".npz"), splits).split(seed);
            TrainingRequest req = new TrainingRequest(split.train(), "", name, null, Set.of(), MissingPolicy.IMPUTE,
                    AladConfig.defaults(seed), 0.01, name);
            DetectorTrainer.TrainedDetector t = DetectorTrainer.train(req, TrainingListener.NONE);
            boolean[] y = split.testAnomalies();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-16s bundle=%.4f", name,
                    LabelEvaluationUtil.binaryAUCROC(y, bundleScores(t, split))));

            FeatureEncoder encoder = new FeatureEncoder(t.bundle().metadata().features());
            float[][] train = encoder.encode(split.train());
            float[][] test = encoder.encode(split.test());
            HeldBack heldBack = HeldBack.of(train, Math.max(20, train.length / 5), seed + 7);
            float[][] hold = heldBack.held();
            float[][] fit = heldBack.fit();
            AladWeights w = t.result().weights();
            for (AladFeatures.Space space : AladFeatures.Space.values()) {
                float[][] queries = AladFeatures.embed(w, space, test);
                line.append(" | ").append(space);
                for (float alpha : ALPHAS) {
                    KnnHead head = KnnHeads.fit(w, space, fit, hold, KnnHeads.DEFAULT_K, 4096, alpha, seed);
                    double[] s = KnnHeads.scores(head.features(), head.spreads(), alpha, queries, head.k());
                    line.append(String.format(Locale.ROOT, " a%.2f=%.4f", alpha, LabelEvaluationUtil.binaryAUCROC(y, s)));
                }
            }
            System.out.println(line);
        }
    }

    /** The trained bundle's own scores of the test rows (today's default head, through ONNX Runtime). */
    private static double[] bundleScores(DetectorTrainer.TrainedDetector t, Split split) {
        try (Detector d = new Detector(t.bundle(), Device.CPU, t.bundle().metadata().threshold().value())) {
            float[] s = d.score(split.test(), false).scores();
            double[] out = new double[s.length];
            for (int i = 0; i < s.length; i++) {
                out[i] = s[i];
            }
            return out;
        }
    }
}
