package io.ganwatch.experiments;

import io.ganwatch.benchmark.Protocol;
import io.ganwatch.benchmark.Split;
import io.ganwatch.detector.Detector;
import io.ganwatch.detector.DetectorTrainer;
import io.ganwatch.detector.TrainingRequest;
import io.ganwatch.features.FeatureEncoder;
import io.ganwatch.features.MissingPolicy;
import io.ganwatch.scoring.Device;
import io.ganwatch.training.Act;
import io.ganwatch.training.AladConfig;
import io.ganwatch.training.AladWeights;
import io.ganwatch.training.DenseLayer;
import io.ganwatch.training.TrainingListener;
import org.tribuo.classification.evaluation.LabelEvaluationUtil;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/** Throw-away experiment: ROC-AUC of kNN in several spaces of a trained ALAD (not a test). */
public final class FeatureSpaceKnn {
    public static void main(String[] args) {
        Path splits = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        for (int a = 2; a < args.length; a++) {
            String name = args[a];
            Protocol.Loaded data = Protocol.loadAdbench(Path.of("../shared/datasets/adbench/" + name + ".npz"), splits);
            Split split = data.split(seed);
            TrainingRequest req = new TrainingRequest(split.train(), "", name, null, Set.of(), MissingPolicy.IMPUTE,
                    AladConfig.defaults(seed), 0.01, name);
            DetectorTrainer.TrainedDetector t = DetectorTrainer.train(req, TrainingListener.NONE);
            double[] alad = new double[split.test().size()];
            try (Detector d = new Detector(t.bundle(), Device.CPU, t.bundle().metadata().threshold().value())) {
                float[] s = d.score(split.test(), false).scores();
                for (int i = 0; i < s.length; i++) alad[i] = s[i];
            }
            FeatureEncoder enc = new FeatureEncoder(t.bundle().metadata().features());
            float[][] tr = enc.encode(split.train());
            float[][] te = enc.encode(split.test());
            Random r = new Random(seed);
            if (tr.length > 8000) {
                float[][] sub = new float[8000][];
                for (int i = 0; i < sub.length; i++) sub[i] = tr[r.nextInt(tr.length)];
                tr = sub;
            }
            AladWeights w = t.result().weights();
            boolean[] y = split.testAnomalies();
            // Product-like: prototypes are a random 80% of the normal rows, the other 20% normalise.
            int[] perm = io.ganwatch.training.Permutations.of(tr.length, seed + 7);
            int nHold = Math.max(20, tr.length / 5);
            float[][] hold = new float[nHold][];
            float[][] proto = new float[tr.length - nHold][];
            for (int i = 0; i < tr.length; i++) {
                if (i < nHold) hold[i] = tr[perm[i]]; else proto[i - nHold] = tr[perm[i]];
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-16s alad=%.4f", name, auc(y, alad)));
            double[] aladHold;
            double[] aladTe;
            try (io.ganwatch.scoring.OnnxScorer sc = new io.ganwatch.scoring.OnnxScorer(t.bundle().graph(), Device.CPU, 0)) {
                aladHold = toD(sc.score(hold, 4096, false).scores());
                aladTe = toD(sc.score(te, 4096, false).scores());
            }
            double[] combo3 = norm(aladTe, aladHold);
            for (String space : new String[]{"x", "fxx", "z"}) {
                float[][] P = space.equals("x") ? proto : space.equals("fxx") ? fxx(w, proto) : fwd(w.encoder(), proto);
                float[][] H = space.equals("x") ? hold : space.equals("fxx") ? fxx(w, hold) : fwd(w.encoder(), hold);
                float[][] T = space.equals("x") ? te : space.equals("fxx") ? fxx(w, te) : fwd(w.encoder(), te);
                double[][] kt = knnAll(P, T, 10);
                double[][] kp = knnAll(P, P, 6); // self at distance 0 first
                double[][] kh = knnAll(P, H, 10);
                double[] k5 = col(kt, 4), k1 = col(kt, 0), k10 = col(kt, 9);
                double[] mean5 = new double[T.length], ratio = new double[T.length];
                for (int i = 0; i < T.length; i++) {
                    double s = 0;
                    for (int j = 0; j < 5; j++) s += Math.sqrt(kt[i][j]);
                    mean5[i] = s / 5;
                }
                double[] own = col(kp, 5);
                int[][] idx = knnIdx(P, T, 5);
                for (int i = 0; i < T.length; i++) {
                    double s = 0;
                    for (int j = 0; j < 5; j++) s += Math.sqrt(own[idx[i][j]]) + 1e-9;
                    ratio[i] = Math.sqrt(kt[i][4]) / (s / 5);
                }
                double[] kh5 = new double[H.length];
                for (int i = 0; i < H.length; i++) kh5[i] = Math.sqrt(kh[i][4]);
                double[] k5s = new double[T.length];
                for (int i = 0; i < T.length; i++) k5s[i] = Math.sqrt(k5[i]);
                double[] nk = norm(k5s, kh5);
                double[] na = norm(aladTe, aladHold);
                double[] sum = new double[T.length];
                for (int i = 0; i < T.length; i++) sum[i] = nk[i] + na[i];
                if (!space.equals("x")) for (int i = 0; i < T.length; i++) combo3[i] += nk[i];
                line.append(String.format(Locale.ROOT, " +alad=%.4f", auc(y, sum)));
                line.append(String.format(Locale.ROOT, " | %s k1=%.4f k5=%.4f k10=%.4f m5=%.4f lof=%.4f", space,
                        auc(y, k1), auc(y, k5), auc(y, k10), auc(y, mean5), auc(y, ratio)));
            }
            line.append(String.format(Locale.ROOT, " | alad+fxx+z=%.4f", auc(y, combo3)));
            line.append(String.format(Locale.ROOT, " | full-x k5=%.4f", auc(y, knn(tr, te, 5))));
            System.out.println(line);
        }
    }

    static double auc(boolean[] y, double[] s) {
        return LabelEvaluationUtil.binaryAUCROC(y, s);
    }

    static float[][] cat(float[][] a, float[][] b) {
        float[][] o = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            o[i] = new float[a[i].length + b[i].length];
            System.arraycopy(a[i], 0, o[i], 0, a[i].length);
            System.arraycopy(b[i], 0, o[i], a[i].length, b[i].length);
        }
        return o;
    }

    static float[][] fxx(AladWeights w, float[][] x) {
        return fwd(w.dxxFeatures(), cat(x, x));
    }

    static float[][] fwd(List<DenseLayer> layers, float[][] x) {
        float[][] h = x;
        for (DenseLayer l : layers) {
            float[][] o = new float[h.length][l.outputs()];
            for (int i = 0; i < h.length; i++) {
                for (int j = 0; j < l.outputs(); j++) {
                    float s = l.bias()[j];
                    for (int k = 0; k < l.inputs(); k++) s += l.weight()[j * l.inputs() + k] * h[i][k];
                    if (l.act() == Act.LEAKY_RELU && s < 0) s *= Act.LEAKY_SLOPE;
                    if (l.act() == Act.RELU && s < 0) s = 0;
                    o[i][j] = s;
                }
            }
            h = o;
        }
        return h;
    }

    static double[] toD(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    /** Divides by the median of the held-out normal rows' scores. */
    static double[] norm(double[] s, double[] hold) {
        double[] h = hold.clone();
        java.util.Arrays.sort(h);
        double med = Math.max(1e-12, h[h.length / 2]);
        double[] o = new double[s.length];
        for (int i = 0; i < s.length; i++) o[i] = s[i] / med;
        return o;
    }

    static double[] col(double[][] a, int c) {
        double[] o = new double[a.length];
        for (int i = 0; i < a.length; i++) o[i] = a[i][c];
        return o;
    }

    static double[][] knnAll(float[][] tr, float[][] te, int k) {
        double[][] out = new double[te.length][];
        java.util.stream.IntStream.range(0, te.length).parallel().forEach(i -> {
            float[] best = new float[k];
            java.util.Arrays.fill(best, Float.MAX_VALUE);
            float[] q = te[i];
            for (float[] p : tr) {
                float d = 0;
                for (int j = 0; j < q.length; j++) {
                    float e = q[j] - p[j];
                    d += e * e;
                }
                if (d < best[k - 1]) {
                    int m = k - 1;
                    while (m > 0 && best[m - 1] > d) {
                        best[m] = best[m - 1];
                        m--;
                    }
                    best[m] = d;
                }
            }
            double[] o = new double[k];
            for (int j = 0; j < k; j++) o[j] = best[j];
            out[i] = o;
        });
        return out;
    }

    static int[][] knnIdx(float[][] tr, float[][] te, int k) {
        int[][] out = new int[te.length][];
        java.util.stream.IntStream.range(0, te.length).parallel().forEach(i -> {
            float[] best = new float[k];
            int[] bi = new int[k];
            java.util.Arrays.fill(best, Float.MAX_VALUE);
            float[] q = te[i];
            for (int t = 0; t < tr.length; t++) {
                float[] p = tr[t];
                float d = 0;
                for (int j = 0; j < q.length; j++) {
                    float e = q[j] - p[j];
                    d += e * e;
                }
                if (d < best[k - 1]) {
                    int m = k - 1;
                    while (m > 0 && best[m - 1] > d) {
                        best[m] = best[m - 1];
                        bi[m] = bi[m - 1];
                        m--;
                    }
                    best[m] = d;
                    bi[m] = t;
                }
            }
            out[i] = bi;
        });
        return out;
    }

    static double[] knn(float[][] tr, float[][] te, int k) {
        double[] out = new double[te.length];
        java.util.stream.IntStream.range(0, te.length).parallel().forEach(i -> {
            float[] best = new float[k];
            java.util.Arrays.fill(best, Float.MAX_VALUE);
            float[] q = te[i];
            for (float[] p : tr) {
                float d = 0;
                for (int j = 0; j < q.length; j++) {
                    float e = q[j] - p[j];
                    d += e * e;
                }
                if (d < best[k - 1]) {
                    int m = k - 1;
                    while (m > 0 && best[m - 1] > d) {
                        best[m] = best[m - 1];
                        m--;
                    }
                    best[m] = d;
                }
            }
            out[i] = best[k - 1];
        });
        return out;
    }
}
