package io.ganwatch.experiments;

import io.ganwatch.benchmark.Protocol;
import io.ganwatch.benchmark.Split;
import io.ganwatch.detector.DetectorTrainer;
import io.ganwatch.detector.KnnHeads;
import io.ganwatch.detector.TrainingRequest;
import io.ganwatch.features.FeatureEncoder;
import io.ganwatch.features.MissingPolicy;
import io.ganwatch.model.KnnHead;
import io.ganwatch.training.AladConfig;
import io.ganwatch.training.AladFeatures;
import io.ganwatch.training.AladWeights;
import io.ganwatch.training.TrainingListener;
import org.tribuo.classification.evaluation.LabelEvaluationUtil;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** One ALAD's kNN head against the mean of three seeds' heads (each scaled on held-back rows); see the package. */
public final class SeedEnsemble {
    public static void main(String[] args) {
        Path splits = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        int members = 3;
        for (int a = 2; a < args.length; a++) {
            String name = args[a];
            Split split = Protocol.loadAdbench(Path.of("../shared/datasets/adbench/" + name + ".npz"), splits).split(seed);
            boolean[] y = split.testAnomalies();
            float[][] tr = null;
            float[][] te = null;
            double[] mean = null;
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-16s", name));
            for (int m = 0; m < members; m++) {
                long s = seed * 100 + m;
                TrainingRequest req = new TrainingRequest(split.train(), "", name, null, Set.of(), MissingPolicy.IMPUTE,
                        AladConfig.defaults(s), 0.01, name);
                DetectorTrainer.TrainedDetector t = DetectorTrainer.train(req, TrainingListener.NONE);
                if (tr == null) {
                    FeatureEncoder enc = new FeatureEncoder(t.bundle().metadata().features());
                    tr = enc.encode(split.train());
                    te = enc.encode(split.test());
                    mean = new double[te.length];
                }
                int[] perm = io.ganwatch.training.Permutations.of(tr.length, seed + 7);
                int nHold = Math.max(20, tr.length / 5);
                float[][] hold = new float[nHold][];
                float[][] fit = new float[tr.length - nHold][];
                for (int i = 0; i < tr.length; i++) {
                    if (i < nHold) hold[i] = tr[perm[i]]; else fit[i - nHold] = tr[perm[i]];
                }
                AladWeights w = t.result().weights();
                KnnHead h = KnnHeads.fit(w, fit, hold, 4096, s);
                double[] sc = KnnHeads.scores(h.features(), h.spreads(), h.alpha(), AladFeatures.embed(w, h.space(), te), h.k());
                for (int i = 0; i < sc.length; i++) {
                    mean[i] += sc[i] * h.knnWeight();
                }
                line.append(String.format(Locale.ROOT, " m%d=%.4f", m, LabelEvaluationUtil.binaryAUCROC(y, sc)));
            }
            line.append(String.format(Locale.ROOT, " mean=%.4f", LabelEvaluationUtil.binaryAUCROC(y, mean)));
            System.out.println(line);
        }
    }
}
