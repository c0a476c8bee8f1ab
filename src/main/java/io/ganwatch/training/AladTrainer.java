package io.ganwatch.training;

import io.ganwatch.features.FloatRows;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.tribuo.classification.evaluation.LabelEvaluationUtil;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Trains ALAD (Adversarially Learned Anomaly Detection, Zenati et al. 2018) on normal rows only.
 *
 * <p>Each step first updates the three discriminators with the encoder and generator outputs
 * detached, then updates encoder and generator with the discriminators frozen. After every epoch
 * the model scores held-back normal rows and {@link CorruptedRows corrupted copies} of them; the
 * epoch with the best ROC-AUC between the two is the checkpoint returned. With a
 * {@link AladConfig#averageDecay() decay} set, what is validated and returned at each epoch is the
 * exponential moving average of every network's weights over the steps so far, not the last step's.
 *
 * <p>Memory discipline (measured with DJL 0.35 / PyTorch 2.7): every array of a step lives in a
 * per-step manager that is closed at the end of the step, and the gradient wrappers DJL creates
 * on the parameters' manager are closed right after use; otherwise step time and memory grow
 * without bound.
 */
public final class AladTrainer {
    private static final int VALIDATION_BATCH = 4096;

    private final AladConfig config;
    private final TrainingListener listener;

    /** A trainer with the given settings, reporting progress to {@code listener}. */
    public AladTrainer(AladConfig config, TrainingListener listener) {
        this.config = config;
        this.listener = listener;
    }

    /**
     * Trains on {@code train} and picks the checkpoint on {@code validation}.
     *
     * @param train      encoded normal rows to fit
     * @param validation encoded held-back normal rows (not used for fitting)
     * @param offsets    raw-column block offsets of the encoding (see {@code FeatureSpec.offsets()})
     */
    public TrainingResult train(float[][] train, float[][] validation, int[] offsets) {
        return train(FloatRows.of(train), FloatRows.of(validation), offsets);
    }

    /** As {@link #train(float[][], float[][], int[])}, on rows held any way (a {@code RowStore}, views on one). */
    public TrainingResult train(FloatRows train, FloatRows validation, int[] offsets) {
        return train(train, validation, offsets, null);
    }

    /**
     * As {@link #train(FloatRows, FloatRows, int[])}, with the checkpoint rated by {@code criterion}
     * ({@code null}: ALAD's score on {@code validation} against corrupted copies of it).
     */
    public TrainingResult train(FloatRows train, FloatRows validation, int[] offsets, CheckpointCriterion criterion) {
        if (train.size() == 0) {
            throw new IllegalArgumentException("no normal rows to train on; use more normal rows");
        }
        // Shadows the field: from here on the batch size and epochs are settled (a no-op when given).
        AladConfig config = TrainingSchedule.of(this.config, train.size()).applyTo(this.config);
        if (train.size() < config.batchSize()) {
            throw new IllegalArgumentException("only " + train.size() + " normal rows to train on but the batch size is "
                    + config.batchSize() + "; use more normal rows or a smaller --batch-size");
        }
        if (validation.size() < 2) {
            throw new IllegalArgumentException("need at least 2 held-back normal rows to choose a checkpoint; use more normal rows");
        }
        Engine engine = TrainingEngine.get();
        engine.setRandomSeed((int) config.seed());
        int width = train.width();
        int latent = config.latentFor(width);
        // Only ALAD's own criterion scores corrupted copies; a given criterion brings its own rows.
        FloatRows corrupted = criterion == null ? CorruptedRows.of(validation, offsets, 0.25, config.seed() ^ 0x5EED) : null;
        long start = System.nanoTime();
        try (NDManager root = NDManager.newBaseManager()) {
            AladNetworks nets = new AladNetworks(root, width, latent);
            Optimizer dOpt = adam();
            Optimizer gOpt = adam();
            List<Parameter> dParams = nets.discriminatorParameters();
            List<Parameter> gParams = nets.generatorParameters();
            int steps = train.size() / config.batchSize();
            int epochs = config.epochsFor(steps);
            listener.started(epochs, steps);

            Random random = new Random(config.seed());
            int[] order = java.util.stream.IntStream.range(0, train.size()).toArray(); // reshuffled every epoch
            float[] batch = new float[config.batchSize() * width];
            List<EpochStats> history = new ArrayList<>();
            double bestAuc = Double.NEGATIVE_INFINITY;
            int bestEpoch = 0;
            List<float[]> best = null;
            WeightAverage average = config.averageDecay() > 0 ? new WeightAverage(config.averageDecay()) : null;
            for (int epoch = 1; epoch <= epochs; epoch++) {
                Permutations.shuffle(order, random);
                double dSum = 0;
                double gSum = 0;
                for (int s = 0; s < steps; s++) {
                    for (int b = 0; b < config.batchSize(); b++) {
                        train.copyRow(order[s * config.batchSize() + b], batch, b * width);
                    }
                    try (NDManager step = root.newSubManager()) {
                        NDArray x = step.create(batch, new Shape(config.batchSize(), width));
                        NDArray z = step.randomNormal(new Shape(config.batchSize(), latent));
                        double d = discriminatorStep(engine, nets, x, z, dParams, dOpt);
                        double g = generatorStep(engine, nets, x, z, dParams, gParams, gOpt);
                        dSum += d;
                        gSum += g;
                        if (average != null) {
                            average.update(nets.weights());
                        }
                        listener.step(epoch, s + 1, d, g);
                    }
                }
                // The average is validated (and kept as the checkpoint) in place of the weights, which go back
                // afterwards so that training continues from where it was.
                List<float[]> trained = average != null && average.updates() > 0 ? nets.weights() : null;
                if (trained != null) {
                    nets.setWeights(average.average());
                }
                double auc = criterion == null ? validationAuc(root, nets, validation, corrupted) : criterion.rate(nets.snapshot());
                double seconds = (System.nanoTime() - start) / 1e9;
                EpochStats stats = new EpochStats(epoch, dSum / steps, gSum / steps, auc, seconds);
                history.add(stats);
                boolean improved = auc > bestAuc || best == null;
                if (improved) {
                    bestAuc = auc;
                    bestEpoch = epoch;
                    best = nets.weights();
                }
                if (trained != null) {
                    nets.setWeights(trained);
                }
                listener.epoch(stats, improved);
                if (config.timeBudgetSeconds() > 0 && seconds >= config.timeBudgetSeconds()) {
                    break;
                }
                if (!Double.isFinite(stats.discriminatorLoss()) || !Double.isFinite(stats.generatorLoss())) {
                    break; // diverged: later epochs cannot recover a NaN network; keep the best checkpoint
                }
            }
            listener.finished();
            nets.setWeights(best);
            return new TrainingResult(nets.snapshot(), bestEpoch, history, (System.nanoTime() - start) / 1e9, latent);
        }
    }

    private Optimizer adam() {
        return Optimizer.adam()
                .optLearningRateTracker(Tracker.fixed((float) config.learningRate()))
                .optBeta1((float) config.beta1())
                .build();
    }

    private static double discriminatorStep(Engine engine, AladNetworks n, NDArray x, NDArray z,
                                            List<Parameter> dParams, Optimizer opt) {
        try (GradientCollector gc = engine.newGradientCollector()) {
            NDArray ex = n.encode(x).stopGradient();
            NDArray gz = n.generate(z).stopGradient();
            NDArray rec = n.generate(ex).stopGradient();
            NDArray zrec = n.encode(gz).stopGradient();
            NDArray loss = real(n.dxz(x, ex)).add(fake(n.dxz(gz, z)))
                    .add(real(n.dxx(x, x))).add(fake(n.dxx(x, rec)))
                    .add(real(n.dzz(z, z))).add(fake(n.dzz(z, zrec)));
            gc.backward(loss);
            update(dParams, opt);
            return loss.getFloat();
        }
    }

    private static double generatorStep(Engine engine, AladNetworks n, NDArray x, NDArray z,
                                        List<Parameter> dParams, List<Parameter> gParams, Optimizer opt) {
        // Freezing the discriminators keeps this loss from leaving gradients on them, which the next
        // discriminator step would otherwise add to its own.
        setTrainable(dParams, false);
        try (GradientCollector gc = engine.newGradientCollector()) {
            NDArray ex = n.encode(x);
            NDArray gz = n.generate(z);
            NDArray rec = n.generate(ex);
            NDArray zrec = n.encode(gz);
            // Labels flipped; the (x,x) and (z,z) real pairs do not depend on E or G and are left out.
            NDArray loss = fake(n.dxz(x, ex)).add(real(n.dxz(gz, z)))
                    .add(real(n.dxx(x, rec)))
                    .add(real(n.dzz(z, zrec)));
            gc.backward(loss);
            update(gParams, opt);
            return loss.getFloat();
        } finally {
            setTrainable(dParams, true);
        }
    }

    /** Binary cross-entropy of logits against label 1, written stably: softplus(-l). */
    private static NDArray real(NDArray logits) {
        return softplus(logits.neg()).mean();
    }

    /** Binary cross-entropy of logits against label 0: softplus(l). */
    private static NDArray fake(NDArray logits) {
        return softplus(logits).mean();
    }

    private static NDArray softplus(NDArray l) {
        return l.maximum(0f).add(l.abs().neg().exp().add(1f).log());
    }

    private static void update(List<Parameter> params, Optimizer opt) {
        for (Parameter p : params) {
            NDArray w = p.getArray();
            try (NDArray grad = w.getGradient()) {
                opt.update(p.getId(), w, grad); // the PyTorch engine's fused Adam also zeroes the gradient
            }
        }
    }

    private static void setTrainable(List<Parameter> params, boolean trainable) {
        for (Parameter p : params) {
            p.getArray().setRequiresGradient(trainable);
        }
    }

    private static double validationAuc(NDManager root, AladNetworks nets, FloatRows normal, FloatRows corrupted) {
        double[] scores = new double[normal.size() + corrupted.size()];
        boolean[] anomalous = new boolean[scores.length];
        scoreInto(root, nets, normal, scores, 0);
        scoreInto(root, nets, corrupted, scores, normal.size());
        for (int i = normal.size(); i < anomalous.length; i++) {
            anomalous[i] = true;
        }
        for (double s : scores) {
            if (!Double.isFinite(s)) {
                return Double.NEGATIVE_INFINITY;
            }
        }
        return LabelEvaluationUtil.binaryAUCROC(anomalous, scores);
    }

    private static void scoreInto(NDManager root, AladNetworks nets, FloatRows rows, double[] out, int at) {
        int width = rows.width();
        for (int from = 0; from < rows.size(); from += VALIDATION_BATCH) {
            int n = Math.min(VALIDATION_BATCH, rows.size() - from);
            float[] flat = rows.flatten(from, from + n);
            try (NDManager step = root.newSubManager()) {
                float[] s = nets.score(step.create(flat, new Shape(n, width))).toFloatArray();
                for (int i = 0; i < n; i++) {
                    out[at + from + i] = s[i];
                }
            }
        }
    }
}
