package io.ganwatch.experiments;

import io.ganwatch.benchmark.Protocol;
import io.ganwatch.benchmark.Split;
import io.ganwatch.detector.KnnHeads;
import io.ganwatch.features.FeatureEncoder;
import io.ganwatch.features.FeatureSpec;
import io.ganwatch.features.FeatureSpecLearner;
import io.ganwatch.features.FloatRows;
import io.ganwatch.model.KnnHead;
import io.ganwatch.training.AladConfig;
import io.ganwatch.training.AladFeatures;
import io.ganwatch.training.AladTrainer;
import io.ganwatch.training.AladWeights;
import io.ganwatch.training.CorruptedRows;
import io.ganwatch.training.DjlReferenceScorer;
import io.ganwatch.training.TrainingListener;
import org.tribuo.classification.evaluation.LabelEvaluationUtil;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which epoch to keep, now that the score is the kNN head: for every epoch of one ALAD training, the
 * two label-free criteria (ALAD's score, and the kNN head's, each on held-back normal rows against
 * corrupted copies) and the head's ROC-AUC on the test rows, which only an experiment may see. Prints,
 * per set, the test ROC-AUC of the epoch each criterion picks, of the last epoch and of the best one.
 *
 * <p>Arguments: the splits folder (as {@code detect_peers.py --write-splits} writes it), the weight
 * averaging decay (0 for none), the learning rate (0 for the default; a tiny one shows what the
 * untrained networks give), the seeds (comma-separated), then the sets' file stems.
 */
public final class CheckpointCriteria {
    private CheckpointCriteria() {
    }

    public static void main(String[] args) {
        Path splits = Path.of(args[0]);
        double decay = Double.parseDouble(args[1]);
        double rate = Double.parseDouble(args[2]);
        long[] seeds = Arrays.stream(args[3].split(",")).mapToLong(Long::parseLong).toArray();
        for (int a = 4; a < args.length; a++) {
            String name = args[a];
            for (long seed : seeds) {
                run(name, Protocol.loadAdbench(Path.of("../shared/datasets/adbench/" + name + ".npz"), splits).split(seed),
                        seed, decay, rate);
            }
        }
    }

    private static void run(String name, Split split, long seed, double decay, double rate) {
        FeatureSpec spec = FeatureSpecLearner.excluding(Set.of()).learn(split.train());
        FeatureEncoder encoder = new FeatureEncoder(spec);
        float[][] train = encoder.encode(split.train());
        float[][] test = encoder.encode(split.test());
        int nCheck = Math.max((int) Math.round(train.length * 0.1), Math.min(20, (int) Math.round(train.length * 0.2)));
        HeldBack heldBack = HeldBack.of(train, nCheck, seed);
        float[][] check = heldBack.held();
        float[][] fit = heldBack.fit();
        float[][] corrupted = CorruptedRows.of(check, spec.offsets(), 0.25, seed ^ 0x5EED);
        // The kNN criterion's own prototypes: fitted rows only, fewer than the bundle's so that it stays cheap.
        float[][] protoRows = Arrays.copyOf(fit, Math.min(fit.length, 1024));
        boolean[] y = split.testAnomalies();
        boolean[] v = new boolean[2 * nCheck];
        Arrays.fill(v, nCheck, v.length, true);
        float[][] both = new float[2 * nCheck][];
        System.arraycopy(check, 0, both, 0, nCheck);
        System.arraycopy(corrupted, 0, both, nCheck, nCheck);

        List<double[]> epochs = new ArrayList<>(); // {alad criterion, knn criterion, test AUC of the head}
        AladConfig d = AladConfig.defaults(seed);
        AladConfig config = new AladConfig(d.epochs(), d.batchSize(), d.latentDim(), rate > 0 ? rate : d.learningRate(), d.beta1(), seed,
                0, 0, 0, decay);
        new AladTrainer(config, TrainingListener.NONE).train(FloatRows.of(fit), FloatRows.of(check), spec.offsets(), w -> {
            double alad = auc(v, DjlReferenceScorer.score(w, both));
            double knn = auc(v, headScores(w, protoRows, both, seed));
            KnnHead head = KnnHeads.fit(w, fit, check, 4096, seed);
            double testAuc = auc(y, KnnHeads.scores(head.features(), head.spreads(), head.alpha(),
                    AladFeatures.embed(w, head.space(), test), head.k()));
            double latent = auc(y, latentKnn(w, fit, test));
            epochs.add(new double[]{alad, knn, testAuc, latent});
            return alad;
        });
        int byAlad = argmax(epochs, 0);
        int byKnn = argmax(epochs, 1);
        int best = argmax(epochs, 2);
        System.out.printf(Locale.ROOT, "%-16s seed %d decay %.3f lr %.0e  epochs %d  test ROC-AUC: by ALAD criterion %.4f (ep %d)"
                        + "  by kNN criterion %.4f (ep %d)  last %.4f  best %.4f (ep %d)  latent kNN: first %.4f last %.4f%n", name,
                seed, decay, config.learningRate(), epochs.size(),
                epochs.get(byAlad)[2], byAlad + 1, epochs.get(byKnn)[2], byKnn + 1, epochs.get(epochs.size() - 1)[2],
                epochs.get(best)[2], best + 1, epochs.get(0)[3], epochs.get(epochs.size() - 1)[3]);
    }

    /**
     * Plain kNN (mean distance to the 5 nearest of up to 4096 fitted rows) in the encoder's latent code E(x):
     * a representation that training might move, unlike the discriminator's feature layer.
     */
    private static double[] latentKnn(AladWeights w, float[][] fit, float[][] test) {
        float[][] protos = embedLatent(w, Arrays.copyOf(fit, Math.min(fit.length, 4096)));
        float[] ones = new float[protos.length];
        Arrays.fill(ones, 1f);
        return KnnHeads.scores(protos, ones, 0f, embedLatent(w, test), KnnHeads.DEFAULT_K);
    }

    private static float[][] embedLatent(AladWeights w, float[][] rows) {
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            io.ganwatch.training.Mlp encoder = io.ganwatch.training.Mlp.of(m, w.encoder());
            int width = w.inputWidth();
            ai.djl.ndarray.NDArray x = m.create(io.ganwatch.features.EncodedRows.flatten(rows, 0, rows.length),
                    new ai.djl.ndarray.types.Shape(rows.length, width));
            float[] z = encoder.forward(new ai.djl.training.ParameterStore(m, false), x, false).toFloatArray();
            int latent = z.length / rows.length;
            float[][] out = new float[rows.length][];
            for (int i = 0; i < rows.length; i++) {
                out[i] = Arrays.copyOfRange(z, i * latent, (i + 1) * latent);
            }
            return out;
        }
    }

    private static double[] headScores(AladWeights w, float[][] prototypes, float[][] queries, long seed) {
        KnnHead head = KnnHeads.fit(w, prototypes, prototypes, 4096, seed);
        return KnnHeads.scores(head.features(), head.spreads(), head.alpha(), AladFeatures.embed(w, head.space(), queries),
                head.k());
    }

    private static double auc(boolean[] y, double[] s) {
        return LabelEvaluationUtil.binaryAUCROC(y, s);
    }

    private static double auc(boolean[] y, float[] s) {
        double[] d = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            d[i] = s[i];
        }
        return auc(y, d);
    }

    private static int argmax(List<double[]> rows, int column) {
        int best = 0;
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i)[column] > rows.get(best)[column]) {
                best = i;
            }
        }
        return best;
    }
}
