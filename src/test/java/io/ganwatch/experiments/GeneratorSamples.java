package io.ganwatch.experiments;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.ganwatch.benchmark.Protocol;
import io.ganwatch.benchmark.Split;
import io.ganwatch.features.EncodedRows;
import io.ganwatch.features.FeatureEncoder;
import io.ganwatch.features.FeatureSpec;
import io.ganwatch.features.FeatureSpecLearner;
import io.ganwatch.features.FloatRows;
import io.ganwatch.training.AladConfig;
import io.ganwatch.training.AladTrainer;
import io.ganwatch.training.AladWeights;
import io.ganwatch.training.Mlp;
import io.ganwatch.training.TrainingListener;
import io.ganwatch.training.TrainingResult;
import io.ganwatch.training.TrainingSchedule;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Trains ALAD with the defaults (and the batch and epochs {@code train} would choose) on one split and writes, as CSV, the encoded rows (fitted, held back,
 * test with its labels) and what the trained GAN makes: samples G(z) of its generator (z standard
 * normal, as in training) and reconstructions G(E(x)) of the fitted rows. {@code
 * src/test/python/metric_knn.py --gan DIR...} then learns a linear metric for the kNN head that tells
 * normal rows from the generator's samples: whether the GAN's own model of normal data, used as the
 * negative sampler, shapes a better distance than a random projection.
 *
 * <p>Arguments: the splits folder (as {@code detect_peers.py --write-splits} writes it), the output
 * folder (one {@code <set>/seed<S>/} each), the seeds (comma-separated), then the sets' file stems.
 * Run from a checkout under /work (the archives are read from ../shared/datasets/adbench/).
 */
public final class GeneratorSamples {
    private GeneratorSamples() {
    }

    public static void main(String[] args) {
        Path splits = Path.of(args[0]);
        Path out = Path.of(args[1]);
        long[] seeds = Arrays.stream(args[2].split(",")).mapToLong(Long::parseLong).toArray();
        for (int a = 3; a < args.length; a++) {
            String name = args[a];
            for (long seed : seeds) {
                Split split = Protocol.loadAdbench(Path.of("../shared/datasets/adbench/" + name + ".npz"), splits).split(seed);
                run(split, out.resolve(name).resolve("seed" + seed), seed);
                System.out.println(name + " seed " + seed + " written");
            }
        }
    }

    private static void run(Split split, Path dir, long seed) {
        FeatureSpec spec = FeatureSpecLearner.excluding(Set.of()).learn(split.train());
        FeatureEncoder encoder = new FeatureEncoder(spec);
        float[][] train = encoder.encode(split.train());
        float[][] test = encoder.encode(split.test());
        int nCheck = Math.max((int) Math.round(train.length * 0.2), Math.min(40, train.length / 2));
        HeldBack heldBack = HeldBack.of(train, nCheck, seed);
        float[][] check = heldBack.held();
        float[][] fit = heldBack.fit();
        AladConfig config = TrainingSchedule.of(AladConfig.defaults(seed), fit.length).applyTo(AladConfig.defaults(seed));
        TrainingResult result = new AladTrainer(config, TrainingListener.NONE)
                .train(FloatRows.of(fit), FloatRows.of(check), spec.offsets());
        AladWeights w = result.weights();
        int n = Math.min(fit.length, 4096);
        float[][] generated;
        float[][] reconstructed;
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed((int) seed);
            ParameterStore ps = new ParameterStore(m, false);
            Mlp gen = Mlp.of(m, w.generator());
            Mlp enc = Mlp.of(m, w.encoder());
            NDArray z = m.randomNormal(new Shape(n, result.latentDim()));
            generated = rows(gen.forward(ps, z, false).toFloatArray(), n);
            NDArray x = m.create(EncodedRows.flatten(fit, 0, n), new Shape(n, w.inputWidth()));
            reconstructed = rows(gen.forward(ps, enc.forward(ps, x, false), false).toFloatArray(), n);
        }
        try {
            Files.createDirectories(dir);
            write(dir.resolve("fit.csv"), fit, null);
            write(dir.resolve("held.csv"), check, null);
            write(dir.resolve("test.csv"), test, split.testAnomalies());
            write(dir.resolve("gen.csv"), generated, null);
            write(dir.resolve("recon.csv"), reconstructed, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float[][] rows(float[] flat, int n) {
        int width = flat.length / n;
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = Arrays.copyOfRange(flat, i * width, (i + 1) * width);
        }
        return out;
    }

    private static void write(Path file, float[][] rows, boolean[] labels) throws IOException {
        try (PrintWriter pw = new PrintWriter(Files.newBufferedWriter(file))) {
            for (int r = 0; r < rows.length; r++) {
                StringBuilder sb = new StringBuilder();
                for (int j = 0; j < rows[r].length; j++) {
                    if (j > 0) {
                        sb.append(',');
                    }
                    sb.append(String.format(Locale.ROOT, "%.6g", rows[r][j]));
                }
                if (labels != null) {
                    sb.append(',').append(labels[r] ? 1 : 0);
                }
                pw.println(sb);
            }
        }
    }
}
