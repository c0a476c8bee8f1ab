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

/** ROC-AUC of the kNN head's variants (feature space, alpha) on one seed of the peers' splits; see the package. */
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
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-16s product=%.4f", name, auc(y, alad)));
            java.util.List<DenseLayer> lin = new java.util.ArrayList<>(w.dxxFeatures());
            DenseLayer last = lin.get(lin.size() - 1);
            lin.set(lin.size() - 1, new DenseLayer(last.inputs(), last.outputs(), last.weight(), last.bias(), Act.NONE));
            for (String space : new String[]{"lin"}) {
                float[][] P = emb(space, w, lin, proto);
                float[][] T = emb(space, w, lin, te);
                double[][] kt = knnAll(P, T, 5);
                double[][] kp = knnAll(P, P, 6);
                int[][] idx = knnIdx(P, T, 5);
                double[] m5 = new double[T.length], soft = new double[T.length], k3 = new double[T.length];
                double[] own = new double[P.length];
                for (int i = 0; i < P.length; i++) {
                    double s2 = 0;
                    for (int j = 1; j < 6; j++) s2 += Math.sqrt(kp[i][j]);
                    own[i] = s2 / 5;
                }
                for (int i = 0; i < T.length; i++) {
                    double s1 = 0, s3 = 0, o = 0;
                    for (int j = 0; j < 5; j++) { s1 += Math.sqrt(kt[i][j]); if (j < 3) s3 += Math.sqrt(kt[i][j]); o += own[idx[i][j]]; }
                    m5[i] = s1 / 5;
                    k3[i] = s3 / 3;
                    soft[i] = m5[i] / Math.sqrt(o / 5 + 1e-9);
                }
                line.append(String.format(Locale.ROOT, " | %s m5=%.4f", space, auc(y, m5)));
                for (double alpha : new double[]{0.25, 0.5, 0.75, 1.0}) {
                    double[] sa = new double[T.length];
                    for (int i = 0; i < T.length; i++) {
                        double o = 0;
                        for (int j = 0; j < 5; j++) o += own[idx[i][j]];
                        sa[i] = m5[i] / Math.pow(o / 5 + 1e-9, alpha);
                    }
                    line.append(String.format(Locale.ROOT, " a%.2f=%.4f", alpha, auc(y, sa)));
                }
            }
            System.out.println(line);
        }
    }

    static float[][] emb(String space, AladWeights w, java.util.List<DenseLayer> lin, float[][] x) {
        switch (space) {
            case "fxx": return fxx(w, x);
            case "lin": return fwd(lin, cat(x, x));
            default: return cat(fxx(w, x), fwd(w.encoder(), x));
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
