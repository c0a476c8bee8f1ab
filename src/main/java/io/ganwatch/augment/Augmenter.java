package io.ganwatch.augment;

import io.ganwatch.augment.classify.DetectionAuc;
import io.ganwatch.augment.classify.MinorityClassifierTrainer;
import io.ganwatch.augment.classify.MinorityMetrics;
import io.ganwatch.augment.gan.CtganModel;
import io.ganwatch.augment.gan.CtganTrainer;
import io.ganwatch.augment.gan.MinorityFineTune;
import io.ganwatch.augment.gan.GanEpoch;
import io.ganwatch.features.FeatureEncoder;
import io.ganwatch.features.FeatureSpec;
import io.ganwatch.features.FeatureSpecLearner;
import io.ganwatch.input.Table;
import io.ganwatch.model.Hashes;
import io.ganwatch.scoring.Device;
import io.ganwatch.training.TrainingListener;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Runs one augmentation job: make synthetic minority rows, measure them, train and test a classifier.
 *
 * <p>Steps: learn one feature spec on the real training rows (label excluded); make {@code count}
 * rows with SMOTE or the conditional GAN (none for the baseline); score their quality against the
 * real minority training rows (holdout: the test set's minority rows); train the chosen classifier
 * on real + synthetic rows and measure minority precision, recall, F1, PR-AUC and ROC-AUC on the
 * real test rows. Stateless: one instance may run many jobs, also at once.
 */
public final class Augmenter {
    private final Device device;

    /** An augmenter whose GAN generates on the CPU. */
    public Augmenter() {
        this(Device.CPU);
    }

    /**
     * An augmenter whose GAN generator runs on {@code device} (CUDA falls back to the CPU with a
     * warning; training itself always runs on the CPU).
     */
    public Augmenter(Device device) {
        this.device = device;
    }

    /** SMOTE's neighbour count, the usual 5. */
    public static final int SMOTE_K = 5;

    /**
     * Fewest synthetic rows made when no count is asked for. Enough that a class of a few dozen rows
     * (NSL-KDD's U2R: 52) ends up in the thousands, where it starts to weigh in a classifier's loss.
     */
    public static final int DEFAULT_COUNT_FLOOR = 1000;

    /**
     * The count used when none is asked for: max({@value #DEFAULT_COUNT_FLOOR}, minority training rows),
     * so a class at least doubles and a tiny class gets a usable number of rows.
     */
    public static int defaultCount(int minorityRows) {
        return Math.max(DEFAULT_COUNT_FLOOR, minorityRows);
    }

    /** Runs the job (the spec has validated the request already). */
    public AugmentResult run(AugmentSpec spec, TrainingListener listener) {
        if (spec.method() == AugmentMethod.AUTO) {
            return auto(spec, listener);
        }
        if (spec.method() == AugmentMethod.GAN) {
            long start = System.nanoTime();
            try (CtganModel model = trainGan(spec, listener)) {
                return runWith(spec, model, seconds(start));
            }
        }
        return runWithoutGan(spec, Basis.of(spec));
    }

    /** The job's GAN, trained on all its training rows (fine-tuned on the minority values training holds, if its settings say so). */
    private CtganModel trainGan(AugmentSpec spec, TrainingListener listener) {
        Set<String> minority = MinorityLabels.minorityCounts(spec.train(), spec.labelColumn(), spec.minority()).keySet();
        return new CtganTrainer(spec.gan(), device).train(spec.train(), spec.labelColumn(), minority, listener);
    }

    /** A job of method none, weighted or SMOTE, on the shared encoding learned already. */
    private AugmentResult runWithoutGan(AugmentSpec spec, Basis basis) {
        if (!spec.method().makesRows()) {
            Table none = new Table(spec.method().key(), spec.train().columns(), List.of());
            return evaluate(spec, basis, new Generated(none, 0, List.of(), spec.method().key(), false, fit -> none, null, null));
        }
        long start = System.nanoTime();
        // SMOTE is cheap to rerun on the fitting part alone, so that the validation check's rows are not
        // interpolations of the held-out rows (which made its validation PR-AUC 1.0 on NSL-KDD U2R).
        Candidates smote = new Candidates(spec, basis, fit -> smoteRows(spec, basis.features(), fit, spec.count() * oversample(spec)));
        SyntheticFilter.Outcome kept = smote.keep(spec.train());
        return evaluate(spec, basis, new Generated(kept.rows(), seconds(start), List.of(), "smote-k" + SMOTE_K + "-seed" + spec.seed(),
                false, fit -> smote.keep(fit).rows(), spec.filter() == null ? null : kept, null));
    }

    /**
     * Runs a GAN job with a generator trained already on the spec's training rows (conditioned on its
     * label column), e.g. one model serving requests for several minority classes.
     *
     * @param trainSeconds seconds the model took to train, reported as the job's {@code train_seconds}
     */
    public AugmentResult runWith(AugmentSpec spec, CtganModel model, double trainSeconds) {
        if (spec.method() != AugmentMethod.GAN || !model.conditionColumn().equals(spec.labelColumn())) {
            throw new IllegalArgumentException("a trained GAN serves only GAN jobs on the column it is conditioned on ("
                    + model.conditionColumn() + ")");
        }
        return runWith(spec, Basis.of(spec), model, trainSeconds);
    }

    private AugmentResult runWith(AugmentSpec spec, Basis basis, CtganModel model, double trainSeconds) {
        Map<String, Integer> perValue = split(MinorityLabels.minorityCounts(spec.train(), spec.labelColumn(),
                spec.minority()), spec.count() * oversample(spec));
        Table made = model.sample(perValue, spec.seed(), spec.sampling());
        // The GAN is not retrained for the validation check (see ValidationCheck); its candidates are snapped to
        // the values, and filtered by a classifier, of the fitting part alone.
        Candidates gan = new Candidates(spec, basis, fit -> spec.sampling().snap()
                ? ObservedValueSnap.learn(MinorityLabels.minorityRows(fit, spec.labelColumn(), spec.minority()),
                spec.labelColumn()).apply(made)
                : made);
        SyntheticFilter.Outcome kept = gan.keep(spec.train());
        return evaluate(spec, basis, new Generated(kept.rows(), trainSeconds, List.copyOf(model.history()),
                "gan-" + Hashes.sha256(model.onnx()).substring(0, 12), model.stoppedByTimeBudget(),
                fit -> gan.keep(fit).rows(), spec.filter() == null ? null : kept, model.fineTune()));
    }

    /**
     * The AUTO method: tries weighting, SMOTE and the GAN on the 80/20 split of the training rows that the
     * validation check uses, with the test table withheld, picks the best by validation PR-AUC
     * ({@link AutoChoice}), then runs the pick as a job of its own (the GAN is trained once, the encoding
     * learned once: every job here has the same training rows and label).
     */
    private AugmentResult auto(AugmentSpec spec, TrainingListener listener) {
        int minorityRows = MinorityLabels.minorityCounts(spec.train(), spec.labelColumn(), spec.minority()).values().stream()
                .mapToInt(Integer::intValue).sum();
        if (minorityRows < ValidationCheck.MIN_MINORITY_ROWS) {
            return withChoice(run(spec.with(AugmentMethod.WEIGHTED, spec.test()), listener), AutoChoice.tooSmall(minorityRows));
        }
        Basis basis = Basis.of(spec);
        long start = System.nanoTime();
        try (CtganModel model = trainGan(spec, listener)) {
            double ganSeconds = seconds(start);
            // Both checks hold out the same rows (same seed) and fit the same deterministic weighted classifier.
            ValidationCheck smote = runWithoutGan(spec.with(AugmentMethod.SMOTE, null), basis).validation();
            ValidationCheck gan = runWith(spec.with(AugmentMethod.GAN, null), basis, model, ganSeconds).validation();
            Map<AugmentMethod, Double> validation = new LinkedHashMap<>();
            validation.put(AugmentMethod.WEIGHTED, smote.weightedPrAuc());
            validation.put(AugmentMethod.SMOTE, smote.prAuc());
            validation.put(AugmentMethod.GAN, gan.prAuc());
            AutoChoice choice = AutoChoice.pick(validation);
            AugmentSpec picked = spec.with(choice.chosen(), spec.test());
            return withChoice(choice.chosen() == AugmentMethod.GAN ? runWith(picked, basis, model, ganSeconds)
                    : runWithoutGan(picked, basis), choice);
        }
    }

    private static AugmentResult withChoice(AugmentResult r, AutoChoice choice) {
        return new AugmentResult(r.method(), r.minority(), r.classifier(), r.synthetic(), r.trainSeconds(), r.test(), r.quality(),
                r.ganHistory(), r.modelVersion(), r.stoppedByTimeBudget(), r.validation(), r.filter(), choice, r.sampling(), r.fineTune());
    }

    private static int oversample(AugmentSpec spec) {
        return spec.filter() == null ? 1 : spec.filter().oversample();
    }

    private AugmentResult evaluate(AugmentSpec spec, Basis basis, Generated made) {
        Table train = spec.train();
        String label = spec.labelColumn();
        Table realMinority = basis.realMinority();

        QualityScores quality = null;
        ValidationCheck validation = null;
        ClassifierEvaluation classifier = basis.classifier(spec);
        if (spec.method().makesRows()) {
            validation = ValidationCheck.run(classifier, train, made.remakeFrom(), label, spec.minority(), spec.seed());
            Table holdout = spec.test() == null ? null : MinorityLabels.minorityRows(spec.test(), label, spec.minority());
            quality = new QualityEvaluator(classifier.encoder(), DetectionAuc.defaults())
                    .evaluate(realMinority, made.rows(), holdout, label, spec.seed());
        }
        MinorityMetrics test = spec.test() == null ? null
                : classifier.evaluate(train, made.rows(), spec.test(), label, spec.minority(), spec.seed(),
                spec.method() == AugmentMethod.WEIGHTED);
        return new AugmentResult(spec.method(), spec.minority(), spec.classifier(), made.rows(), made.seconds(), test,
                quality, made.history(), made.version(), made.stoppedByTimeBudget(), validation, made.filter(), null,
                spec.method() == AugmentMethod.GAN ? spec.sampling() : null, made.fineTune());
    }

    /** The spec's SMOTE rows, {@code count} of them, made from {@code train}'s minority rows (all training rows, or the validation check's fitting part). */
    private static Table smoteRows(AugmentSpec spec, FeatureSpec features, Table train, int count) {
        return smoteRows(train, spec.labelColumn(), spec.minority(), features, count, spec.seed());
    }

    /** {@code count} SMOTE rows (k = {@value #SMOTE_K}) made from {@code train}'s rows of the {@code minority} values. */
    static Table smoteRows(Table train, String labelColumn, Set<String> minority, FeatureSpec features, int count, long seed) {
        Table realMinority = MinorityLabels.minorityRows(train, labelColumn, minority);
        SmoteCodec codec = SmoteCodec.learn(train, realMinority, labelColumn, features);
        double[][] vectors = new Smote(SMOTE_K, seed).generate(codec.encode(realMinority), count);
        List<String> labels = drawLabels(MinorityLabels.minorityCounts(train, labelColumn, minority), count, seed);
        return codec.decode(vectors, labels, "smote");
    }

    /**
     * {@code count} split over the values in proportion to their counts, by largest remainder so the
     * parts add up exactly; values whose share rounds to nothing are left out.
     */
    static Map<String, Integer> split(Map<String, Integer> counts, int count) {
        long total = counts.values().stream().mapToLong(Integer::longValue).sum();
        Map<String, Integer> out = new LinkedHashMap<>();
        List<Map.Entry<String, Double>> remainders = new ArrayList<>();
        int given = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            double exact = (double) count * e.getValue() / total;
            int whole = (int) Math.floor(exact);
            out.put(e.getKey(), whole);
            given += whole;
            remainders.add(Map.entry(e.getKey(), exact - whole));
        }
        // Stable sort: equal remainders go to the more frequent value, as counts are ordered that way.
        remainders.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        for (int i = 0; given < count; i++, given++) {
            out.merge(remainders.get(i % remainders.size()).getKey(), 1, Integer::sum);
        }
        out.values().removeIf(n -> n == 0);
        return out;
    }

    /** One label per synthetic row, drawn with probability proportional to its training frequency. */
    static List<String> drawLabels(Map<String, Integer> counts, int n, long seed) {
        List<String> values = new ArrayList<>(counts.keySet());
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        // A stream of its own, so the labels do not shift SMOTE's draws (which use the seed directly).
        Random random = new Random(seed ^ 0x5DEECE66DL);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int pick = random.nextInt(total);
            for (String v : values) {
                pick -= counts.get(v);
                if (pick < 0) {
                    out.add(v);
                    break;
                }
            }
        }
        return out;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * What a method made: rows, seconds spent making the generator, GAN history, generator id, and how
     * to make the rows again from a part of the training rows (for the validation check).
     *
     * @param filter   what the filter kept, or {@code null} when the rows were not filtered
     * @param fineTune what the GAN was fine-tuned on, or {@code null}
     */
    private record Generated(Table rows, double seconds, List<GanEpoch> history, String version, boolean stoppedByTimeBudget,
                             UnaryOperator<Table> remakeFrom, SyntheticFilter.Outcome filter, MinorityFineTune fineTune) {
    }

    /**
     * A method's candidate rows, made from some real training rows, and the job's filter over them:
     * {@link #keep} returns the spec's count of rows, judged by a classifier trained on the same real rows
     * the candidates were made from (or all candidates when the job does not filter).
     */
    private record Candidates(AugmentSpec spec, Basis basis, UnaryOperator<Table> madeFrom) {
        SyntheticFilter.Outcome keep(Table real) {
            Table made = madeFrom.apply(real);
            if (spec.filter() == null) {
                return new SyntheticFilter.Outcome(made, made.size(), made.size());
            }
            return spec.filter().apply(basis.classifier(spec), real, made, spec.labelColumn(), spec.minority(),
                    spec.count(), spec.seed());
        }
    }

    /**
     * What every method of a job shares, learned once from the real training rows: the feature
     * encoding (label left out) and the real minority rows.
     */
    private record Basis(FeatureSpec features, Table realMinority) {
        static Basis of(AugmentSpec spec) {
            return new Basis(FeatureSpecLearner.excluding(Set.of(spec.labelColumn())).learn(spec.train()),
                    MinorityLabels.minorityRows(spec.train(), spec.labelColumn(), spec.minority()));
        }

        /** The job's classifier on this encoding. */
        ClassifierEvaluation classifier(AugmentSpec spec) {
            return new ClassifierEvaluation(new FeatureEncoder(features), MinorityClassifierTrainer.of(spec.classifier()));
        }
    }
}
