package io.ganwatch.augment.gan;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.ganwatch.input.Table;
import io.ganwatch.model.Versions;
import io.ganwatch.scoring.Device;
import io.ganwatch.training.EpochStats;
import io.ganwatch.training.Permutations;
import io.ganwatch.training.TrainingEngine;
import io.ganwatch.training.TrainingListener;
import io.ganwatch.training.WeightAverage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Trains a conditional tabular GAN (CTGAN, Xu et al. 2019) on all rows of a table, conditioned on one
 * discrete column (the label), and exports the generator to ONNX.
 *
 * <p>Per step, as in CTGAN: one critic update on WGAN-GP loss (real rows drawn by
 * training-by-sampling, packed {@code pac} at a time) and one generator update on the adversarial
 * loss plus the cross-entropy between the generated and the asked-for category. Training on every
 * class, not just the rare one, lets the rare class borrow the structure of the rest.
 *
 * <p>After the first epoch, every {@value CoverageProbe#EVERY}th and the last, a {@link CoverageProbe}
 * measures the generator's coverage of a fixed sample of the training rows, recorded in the history
 * ({@link GanEpoch#coverage()}) so that mode collapse shows as it happens. The last measurement is of
 * the generator that is exported (the weight average, its batch statistics re-estimated), after
 * training, so that the collapse warning ({@link ModeCollapse}) judges what the user gets. The
 * measurements count against the time budget: training stops early enough to leave time for the last
 * one (as long as the previous one took).
 *
 * <p>With {@link CtganConfig#fineTunes()}, the last share of the budget (or of the steps, when the epochs end
 * first) conditions every row on the job's minority ({@link MinorityFineTune}): rows that pass for real far
 * better, which taught a classifier less on NSL-KDD, hence opt-in.
 */
public final class CtganTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(CtganTrainer.class);
    /** Steps between checkpoints that a non-finite step rolls back to. */
    static final int CHECKPOINT_STEPS = 50;
    /** Share of training rows conditioned on the label column (see {@link ConditionSampler}). */
    static final double FOCUS_SHARE = 0.5;
    /** Roll-backs allowed before training stops with the last finite generator. */
    static final int MAX_RECOVERIES = 5;
    /**
     * Decay of the moving average of the generator's weights that is exported (about the last thousand
     * steps, four epochs of NSL-KDD), as ALAD's published code averages its networks.
     */
    static final double AVERAGE_DECAY = 0.999;
    /**
     * Training-mode forward passes that re-estimate batch normalisation's running statistics for the
     * averaged weights: the statistics gathered in training belong to the last weights, not to their
     * average, and at momentum 0.1, 50 passes leave 0.5% of the old ones.
     */
    static final int BATCH_NORM_PASSES = 50;
    private final CtganConfig config;
    private final Device device;
    private final LongSupplier clock;

    /** A trainer whose model generates on the CPU. */
    public CtganTrainer(CtganConfig config) {
        this(config, Device.CPU);
    }

    /**
     * A trainer with the given hyper-parameters.
     *
     * @param device where the exported generator runs (CUDA falls back to the CPU with a warning)
     */
    public CtganTrainer(CtganConfig config, Device device) {
        this(config, device, System::nanoTime);
    }

    /**
     * A trainer that reads the time budget off {@code nanoClock} (a stand-in for {@link System#nanoTime},
     * so that where the budget ends does not depend on how busy the machine is).
     */
    public CtganTrainer(CtganConfig config, Device device, LongSupplier nanoClock) {
        this.config = config;
        this.device = device;
        this.clock = nanoClock;
    }

    /**
     * Trains on every row of {@code table}.
     *
     * @param conditionColumn the discrete column generation is conditioned on (usually the label)
     * @param listener        progress (epochs, steps, losses)
     */
    public CtganModel train(Table table, String conditionColumn, TrainingListener listener) {
        return train(table, conditionColumn, Set.of(), listener);
    }

    /**
     * Trains on every row of {@code table}; with {@link CtganConfig#fineTunes()}, ends by fine-tuning on
     * {@code minority} ({@link MinorityFineTune}).
     *
     * @param conditionColumn the discrete column generation is conditioned on (usually the label)
     * @param minority        the values of that column the job asks rows of (each held by a training row);
     *                        needed, and only used, when the settings fine-tune
     * @param listener        progress (epochs, steps, losses)
     * @throws IllegalArgumentException when the settings fine-tune and no minority value is given, or one the rows lack
     */
    public CtganModel train(Table table, String conditionColumn, Set<String> minority, TrainingListener listener) {
        if (config.fineTunes() && minority.isEmpty()) {
            throw new IllegalArgumentException("fine-tuning on the minority needs its label values; name them, or train"
                    + " without fine-tuning");
        }
        MinorityFineTune fineTune = config.fineTunes() ? new MinorityFineTune(minority, config.fineTuneShare()) : null;
        long start = clock.getAsLong();
        if (table.size() < config.pac()) {
            throw new IllegalArgumentException("only " + table.size() + " rows in " + table.source()
                    + "; the GAN needs at least pac = " + config.pac() + " rows");
        }
        TabularTransformer transformer = TabularTransformer.fit(table, conditionColumn, config.maxModes(), config.seed());
        TabularTransformer.Encoded data = transformer.encode(table, config.seed());
        // Timed for the log only, off System.nanoTime: the budget's clock is read at fixed points (see the tests).
        long probeStart = System.nanoTime();
        CoverageProbe probe = CoverageProbe.of(table, conditionColumn, transformer, data, config.embedding(), config.seed());
        LOG.debug("CTGAN: coverage sample of {} condition values drawn and encoded in {} s", probe.values(),
                String.format("%.1f", (System.nanoTime() - probeStart) / 1e9));
        requireBudgetLeft(start, table);
        int[] discrete = transformer.discreteColumns();
        int[] widths = new int[discrete.length];
        for (int d = 0; d < discrete.length; d++) {
            widths[d] = transformer.columns().get(discrete[d]).width();
        }
        ConditionSampler general = new ConditionSampler(data.categories(), widths, transformer.conditionDiscreteIndex(),
                FOCUS_SHARE);
        ConditionSampler tuning = fineTune == null ? null : general.focusedOn(fineTune.categories(transformer.condition()), 1.0);
        List<int[]> spans = spans(transformer);
        List<int[]> discreteSpans = discreteSpans(transformer);
        int width = transformer.width();
        int condWidth = general.width();
        int batch = Math.min(config.batchSize(), table.size() / config.pac() * config.pac());
        int steps = Math.max(1, table.size() / batch);
        LOG.info("CTGAN: {} rows, {} columns → {} outputs + {} condition values; {} steps of {} per epoch; set-up {} s",
                table.size(), transformer.columns().size(), width, condWidth, steps, batch,
                String.format("%.1f", (clock.getAsLong() - start) / 1e9));

        Engine engine = TrainingEngine.get();
        engine.setRandomSeed((int) config.seed());
        List<GanEpoch> history = new ArrayList<>();
        try (NDManager root = NDManager.newBaseManager()) {
            Generator generator = new Generator(root, config.embedding() + condWidth, config.generatorUnits(), width);
            Critic critic = new Critic(root, width + condWidth, config.criticUnits(), config.pac());
            List<Generator.Named> gParams = generator.parameters();
            List<Generator.Named> cParams = new ArrayList<>();
            for (Dense d : critic.layers()) {
                cParams.add(new Generator.Named(d.id + ".w", d.weight));
                cParams.add(new Generator.Named(d.id + ".b", d.bias));
            }
            Optimizer[] opts = {adam(), adam()};
            Random random = new Random(config.seed());
            ConditionSampler sampler = general;
            // Fine-tuning starts at whichever comes first: its share of the budget left, or of the steps.
            long tuneFromNanos = fineTune == null ? Long.MAX_VALUE : (long) (config.timeBudget().toNanos() * (1 - fineTune.share()));
            long totalSteps = (long) config.epochs() * steps;
            // At least the first step general and, given two, at least the last one fine-tuned.
            long tuneFromStep = fineTune == null ? Long.MAX_VALUE
                    : Math.max(1, Math.min(totalSteps - 1, (long) Math.ceil(totalSteps * (1 - fineTune.share()))));
            listener.started(config.epochs(), steps);
            boolean stop = false;
            boolean overBudget = false;
            WeightAverage average = new WeightAverage(AVERAGE_DECAY);
            Checkpoint good = new Checkpoint(generator.snapshot(), critic.snapshot(), average.save());
            int recoveries = 0;
            long probeNanos = 0; // what the last coverage measurement took: the time left for the final one
            for (int epoch = 1; epoch <= config.epochs() && !stop; epoch++) {
                double cSum = 0;
                double gSum = 0;
                int done = 0;
                for (int s = 0; s < steps && !stop; s++) {
                    if (sampler == general && tuning != null && ((long) (epoch - 1) * steps + s >= tuneFromStep
                            || clock.getAsLong() - start >= tuneFromNanos)) {
                        sampler = tuning;
                        LOG.info("CTGAN: fine-tuning on {} = {} from epoch {} step {}", conditionColumn,
                                new java.util.TreeSet<>(fineTune.values()), epoch, s + 1);
                    }
                    double c;
                    double g;
                    try (NDManager step = root.newSubManager()) {
                        c = criticStep(engine, step, generator, critic, cParams, opts[1], sampler, data, spans, batch, random);
                        g = generatorStep(engine, step, generator, critic, gParams, cParams, opts[0], sampler, spans,
                                discreteSpans, batch, random);
                    }
                    if (!Double.isFinite(c) || !Double.isFinite(g)) {
                        // Rare on NSL-KDD (once in a few thousand steps, cause not found): a NaN step
                        // poisons both networks. Go back to the last finite weights with fresh Adam
                        // moments; the random streams have moved on, so the same step does not recur.
                        recoveries++;
                        LOG.warn("non-finite loss in epoch {} step {} (critic {}, generator {}); back to the weights of step {} ({} of {} recoveries)",
                                epoch, s + 1, c, g, good.step(), recoveries, MAX_RECOVERIES);
                        if (recoveries > MAX_RECOVERIES) {
                            if (good.step() == 0) {
                                throw new IllegalStateException("CTGAN training keeps diverging (loss is not finite) before its first "
                                        + "checkpoint; lower the learning rate or change the seed");
                            }
                            generator.restore(good.generator());
                            average.restore(good.average());
                            stop = true;
                            break;
                        }
                        generator.restore(good.generator());
                        critic.restore(good.critic());
                        average.restore(good.average());
                        opts = new Optimizer[]{adam(), adam()};
                        continue;
                    }
                    cSum += c;
                    gSum += g;
                    done++;
                    average.update(generator.snapshot());
                    listener.step(epoch, s + 1, c, g);
                    if (done % CHECKPOINT_STEPS == 0) {
                        good = new Checkpoint(generator.snapshot(), critic.snapshot(), average.save(), (epoch - 1) * steps + s + 1);
                    }
                    if (clock.getAsLong() - start >= config.timeBudget().toNanos() - probeNanos) {
                        stop = true;
                        overBudget = epoch < config.epochs() || s + 1 < steps;
                        LOG.warn("CTGAN stopped by its time budget ({}) in epoch {} after step {}; the current weights are kept",
                                config.timeBudget(), epoch, s + 1);
                    }
                }
                double coverage = Double.NaN;
                // The last epoch's coverage is measured after the loop, on the generator that is exported.
                boolean lastEpoch = stop || epoch == config.epochs();
                if (done > 0 && !lastEpoch && (epoch == 1 || epoch % CoverageProbe.EVERY == 0)) {
                    long t0 = clock.getAsLong();
                    coverage = coverage(probe, root, generator, sampler, epoch);
                    probeNanos = clock.getAsLong() - t0;
                    LOG.debug("CTGAN epoch {}: coverage {} of the validation sample ({} condition values), measured in {} s",
                            epoch, String.format("%.3f", coverage), probe.values(), String.format("%.2f", probeNanos / 1e9));
                }
                double seconds = (clock.getAsLong() - start) / 1e9;
                if (done > 0) {
                    GanEpoch e = new GanEpoch(epoch, cSum / done, gSum / done, seconds, coverage);
                    history.add(e);
                    listener.epoch(new EpochStats(epoch, e.criticLoss(), e.generatorLoss(), Double.NaN, seconds), false);
                }
            }
            listener.finished();
            if (fineTune != null && sampler == general) {
                LOG.warn("CTGAN: fine-tuning on {} = {} never started: training ended first; give it more epochs or a longer budget",
                        conditionColumn, new java.util.TreeSet<>(fineTune.values()));
            }
            byte[] last = GeneratorExporter.export(generator, config.embedding(), condWidth, transformer.outputBlocks(), Versions.ganwatch());
            if (average.updates() > 0) {
                generator.restore(average.average());
                reestimateBatchNorm(root, generator, sampler, batch, random);
            }
            if (!history.isEmpty()) {
                // The weight average is what users get, and it can cover less (or more) than the last
                // weights; the collapse warning must judge the generator that is exported.
                long t0 = clock.getAsLong();
                GanEpoch end = history.get(history.size() - 1);
                double exported = coverage(probe, root, generator, sampler, end.epoch());
                long t1 = clock.getAsLong();
                LOG.debug("CTGAN: coverage {} of the validation sample by the exported generator, measured in {} s",
                        String.format("%.3f", exported), String.format("%.2f", (t1 - t0) / 1e9));
                history.set(history.size() - 1, new GanEpoch(end.epoch(), end.criticLoss(), end.generatorLoss(),
                        (t1 - start) / 1e9, exported));
            }
            byte[] onnx = GeneratorExporter.export(generator, config.embedding(), condWidth, transformer.outputBlocks(), Versions.ganwatch());
            return new OnnxCtganModel(onnx, transformer, general, config.embedding(), history, table.size(), overBudget, device,
                    last, sampler == general ? null : fineTune);
        }
    }

    /** Runs the generator in training mode on fresh noise and conditions, so that its running statistics fit its weights. */
    private void reestimateBatchNorm(NDManager root, Generator generator, ConditionSampler sampler, int batch, Random random) {
        for (int i = 0; i < BATCH_NORM_PASSES; i++) {
            try (NDManager step = root.newSubManager()) {
                NDArray c = step.create(sampler.sample(batch, random).vectors(sampler), new Shape(batch, sampler.width()));
                NDArray z = step.randomNormal(new Shape(batch, config.embedding()));
                generator.forward(z.concat(c, 1), true);
            }
        }
    }

    /**
     * The probe's measurement, or NaN when it fails: a measure of the training must never end the
     * training (a generator between checkpoints can, in principle, make values the encoder refuses).
     */
    private static double coverage(CoverageProbe probe, NDManager root, Generator generator, ConditionSampler sampler,
                                   int epoch) {
        try {
            return probe.measure(root, generator, sampler);
        } catch (RuntimeException e) {
            LOG.warn("CTGAN epoch {}: coverage not measured ({})", epoch, e.toString());
            return Double.NaN;
        }
    }

    /**
     * Set-up (fitting the column modes, encoding the rows) cannot be cut short, but counts against the
     * budget: when it has used the budget up, training does not start, rather than make records from a
     * generator that never trained.
     *
     * @throws IllegalArgumentException naming the budget and what to change (the request as posed cannot be served)
     */
    private void requireBudgetLeft(long start, Table table) {
        long used = clock.getAsLong() - start;
        if (used >= config.timeBudget().toNanos()) {
            throw new IllegalArgumentException(String.format("the GAN's time budget of %d s ran out in its set-up (fitting and"
                    + " encoding %d rows took %.1f s), before any training; ask for a longer time budget, or sample the source down",
                    config.timeBudget().toSeconds(), table.size(), used / 1e9));
        }
    }

    private double criticStep(Engine engine, NDManager step, Generator generator, Critic critic,
                              List<Generator.Named> params, Optimizer opt, ConditionSampler sampler,
                              TabularTransformer.Encoded data, List<int[]> spans, int batch, Random random) {
        ConditionSampler.Batch b = sampler.sample(batch, random);
        float[] cond = b.vectors(sampler);
        int width = data.data().length / data.rows();
        int condWidth = sampler.width();
        // Real rows are paired with a permutation of the conditions, as in CTGAN, so that a pack of
        // real rows does not line up condition by condition with the pack of fake rows.
        int[] perm = java.util.stream.IntStream.range(0, batch).toArray();
        Permutations.shuffle(perm, random);
        float[] real = new float[batch * (width + condWidth)];
        for (int i = 0; i < batch; i++) {
            int p = perm[i];
            System.arraycopy(data.data(), b.realRow()[p] * width, real, i * (width + condWidth), width);
            System.arraycopy(cond, p * condWidth, real, i * (width + condWidth) + width, condWidth);
        }
        NDArray c1 = step.create(cond, new Shape(batch, condWidth));
        NDArray z = step.randomNormal(new Shape(batch, config.embedding()));
        NDArray fake = Generator.activate(step, generator.forward(z.concat(c1, 1), true), spans).stopGradient();
        NDArray fakePacked = critic.pack(fake.concat(c1, 1));
        NDArray realPacked = critic.pack(step.create(real, new Shape(batch, width + condWidth)));
        try (GradientCollector gc = engine.newGradientCollector()) {
            long packs = realPacked.getShape().get(0);
            NDArray yFake = critic.score(fakePacked, critic.masks(step, packs));
            NDArray yReal = critic.score(realPacked, critic.masks(step, packs));
            NDArray penalty = critic.gradientPenalty(step, realPacked, fakePacked, (float) config.gradientPenalty());
            NDArray loss = yFake.mean().sub(yReal.mean()).add(penalty);
            gc.backward(loss);
            update(params, opt);
            return loss.getFloat();
        }
    }

    private double generatorStep(Engine engine, NDManager step, Generator generator, Critic critic,
                                 List<Generator.Named> params, List<Generator.Named> criticParams, Optimizer opt,
                                 ConditionSampler sampler, List<int[]> spans, List<int[]> discreteSpans, int batch, Random random) {
        NDArray c = step.create(sampler.sample(batch, random).vectors(sampler), new Shape(batch, sampler.width()));
        NDArray z = step.randomNormal(new Shape(batch, config.embedding()));
        // Frozen so that this loss leaves no gradient on the critic for its next update to add.
        criticParams.forEach(p -> p.array().setRequiresGradient(false));
        try (GradientCollector gc = engine.newGradientCollector()) {
            NDArray raw = generator.forward(z.concat(c, 1), true);
            NDArray fake = Generator.activate(step, raw, spans);
            long packs = batch / config.pac();
            NDArray y = critic.score(critic.pack(fake.concat(c, 1)), critic.masks(step, packs));
            NDArray loss = y.mean().neg().add(conditionLoss(raw, c, discreteSpans, batch));
            gc.backward(loss);
            update(params, opt);
            return loss.getFloat();
        } finally {
            criticParams.forEach(p -> p.array().setRequiresGradient(true));
        }
    }

    /** Cross-entropy between each row's asked-for category and the generator's logits for that column. */
    private static NDArray conditionLoss(NDArray raw, NDArray cond, List<int[]> discreteSpans, int batch) {
        NDList logProbs = new NDList(discreteSpans.size());
        for (int[] s : discreteSpans) {
            logProbs.add(raw.get(new NDIndex(":, {}:{}", s[0], s[0] + s[1])).logSoftmax(1));
        }
        // The condition vector is one-hot in exactly the chosen column, so this picks that column's term.
        return NDArrays.concat(logProbs, 1).mul(cond).sum().neg().div(batch);
    }

    private static void update(List<Generator.Named> params, Optimizer opt) {
        for (Generator.Named p : params) {
            try (NDArray grad = p.array().getGradient()) {
                opt.update(p.id(), p.array(), grad); // the PyTorch engine's fused Adam also zeroes the gradient
            }
        }
    }

    private Optimizer adam() {
        return Optimizer.adam()
                .optLearningRateTracker(Tracker.fixed((float) config.learningRate()))
                .optBeta1((float) config.beta1())
                .optBeta2((float) config.beta2())
                .build();
    }

    /** Finite weights of both networks, the generator's average then, and the global step they were taken at. */
    private record Checkpoint(List<float[]> generator, List<float[]> critic, WeightAverage.Saved average, int step) {
        Checkpoint(List<float[]> generator, List<float[]> critic, WeightAverage.Saved average) {
            this(generator, critic, average, 0);
        }
    }

    /** Activation spans {@code [start, width, kind]}: kind 0 = tanh offset, 1 = softmax block. */
    static List<int[]> spans(TabularTransformer t) {
        List<int[]> spans = new ArrayList<>();
        for (int c = 0; c < t.columns().size(); c++) {
            GanColumn col = t.columns().get(c);
            int at = t.offset(c);
            if (col instanceof GanColumn.Continuous cont) {
                spans.add(new int[]{at, 1, 0});
                spans.add(new int[]{at + 1, cont.mixture().modes(), 1});
            } else {
                spans.add(new int[]{at, col.width(), 1});
            }
        }
        return spans;
    }

    /** {@code [start, width]} of each discrete column, in condition-vector order. */
    static List<int[]> discreteSpans(TabularTransformer t) {
        List<int[]> out = new ArrayList<>();
        for (int c : t.discreteColumns()) {
            out.add(new int[]{t.offset(c), t.columns().get(c).width()});
        }
        return out;
    }
}
