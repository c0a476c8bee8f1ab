package io.ganwatch.bench;

import io.ganwatch.augment.AugmentMethod;
import io.ganwatch.augment.AugmentResult;
import io.ganwatch.augment.AugmentSpec;
import io.ganwatch.augment.Augmenter;
import io.ganwatch.augment.QualityScores;
import io.ganwatch.augment.SyntheticFilter;
import io.ganwatch.augment.AutoChoice;
import io.ganwatch.augment.ClassifierEvaluation;
import io.ganwatch.augment.classify.MinorityClassifierTrainer;
import io.ganwatch.features.FeatureEncoder;
import io.ganwatch.features.FeatureSpecLearner;
import io.ganwatch.augment.classify.ClassifierKind;
import io.ganwatch.augment.classify.MinorityMetrics;
import io.ganwatch.augment.gan.CtganConfig;
import io.ganwatch.augment.gan.CtganModel;
import io.ganwatch.augment.gan.CtganTrainer;
import io.ganwatch.benchmark.NslKddFamilies;
import io.ganwatch.input.InputFormat;
import io.ganwatch.input.Inputs;
import io.ganwatch.input.KddTableReader;
import io.ganwatch.input.Table;
import io.ganwatch.training.EpochStats;
import io.ganwatch.training.TrainingListener;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.ganwatch.scoring.Device;
import io.ganwatch.scoring.OrtSessions;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The augmentation benchmark of the issue: NSL-KDD (train KDDTrain+, test KDDTest+, labels mapped to
 * attack families), minority U2R then R2L one-vs-rest, XGBoost, methods none / SMOTE / GAN, over
 * several seeds. One GAN is trained per seed on all of KDDTrain+ and serves both families (it is
 * conditioned on the family label), which is how a user would run it; its training time is the
 * figure compared with the 10-minute target. Generation speed is measured on the same model.
 *
 * <p>Run: {@code mvn -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java
 * -Dexec.mainClass=io.ganwatch.bench.AugmentBench -Dexec.classpathScope=test -Dexec.args="3 10"}
 * (seeds, GAN time budget in minutes[, first seed[, methods such as {@code none,weighted}[, the GAN's filters:
 * {@code none}, {@code classifier} (the default filter; {@code classifier:0.9} with another threshold,
 * {@code classifier:0.9:8} also with another number of candidates per row) and/or {@code last} (unfiltered, with the
 * generator's last weights instead of their moving average) and/or a {@link io.ganwatch.augment.gan.Sampling}
 * ({@code t0.5}, {@code z1}, {@code t0.5z1}: unfiltered, at another temperature or noise truncation, and with
 * {@code s} at the end ({@code s}, {@code z1s}) snapped to the class's observed values; {@code t1} is
 * the generator's own distribution, where {@code none} samples as a job would by default, which truncates the noise
 * for a class of under 100 rows), e.g. {@code none,last} to compare them on the same model]]]).
 * When weighted, SMOTE and the GAN (unfiltered) all run, an {@code auto} row repeats the one {@link AutoChoice}
 * picks from their validation PR-AUCs, as {@code --method auto} would.
 *
 * <p>With {@code -DsyntheticShares=0.5,0.25} each row-making method also runs with the minority balanced against the
 * rest and its synthetic rows held to that share of the minority's weight (the real minority rows carry the rest).
 *
 * <p>With {@code -Ddataset=kdd99} the rows are KDD99's 10% set instead, labels mapped to the same families, split
 * 50/50 per seed (stratified by family; {@link #halves}); each seed then trains its GAN on its own training half.
 */
public final class AugmentBench {
    private static final String LABEL = KddTableReader.LABEL;

    private AugmentBench() {
    }

    /**
     * Arguments: seeds (default 3), GAN time budget in minutes (default 10), first seed (default 1),
     * methods (comma-separated, default all; the GAN is trained only when {@code gan} is among them).
     */
    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int firstSeed = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        List<AugmentMethod> methods = args.length > 3
                ? java.util.Arrays.stream(args[3].split(",")).map(AugmentMethod::parse).toList()
                // Not AUTO: its row is derived below from the other methods' validation checks, as --method auto
                // would pick; run as a method of its own it trains a second GAN per family and doubles that row.
                : java.util.Arrays.stream(AugmentMethod.values()).filter(m -> m != AugmentMethod.AUTO).toList();
        List<String> filters = args.length > 4 ? List.of(args[4].split(",")) : List.of("none");
        // -DsyntheticShares=0.5,0.25: also each row-making method with the minority balanced and its synthetic rows
        // carrying that share of the minority's weight (ClassifierEvaluation#evaluate with a share).
        List<Double> shares = System.getProperty("syntheticShares", "").isBlank() ? List.of()
                : java.util.Arrays.stream(System.getProperty("syntheticShares").split(",")).map(Double::parseDouble).toList();
        // -DfineTune=0.1: per family, also a GAN fine-tuned on it for that share of the budget (MinorityFineTune),
        // sampled as a job would by default and reported as gan/ft<share>; -Dfamilies=u2r limits the families.
        double fineTune = Double.parseDouble(System.getProperty("fineTune", "0"));
        List<String> families = List.of(System.getProperty("families", "u2r,r2l").split(","));
        boolean kdd99 = "kdd99".equals(System.getProperty("dataset", "nslkdd"));
        Path datasets = Path.of(System.getProperty("ganwatch.datasets", "../shared/datasets"));
        Path dir = datasets.resolve(kdd99 ? "kdd99" : "nslkdd");
        if (!Files.isDirectory(dir)) {
            System.out.println("SKIPPED: " + dir.toAbsolutePath() + " is absent; the benchmark needs "
                    + (kdd99 ? "KDD99's 10% set" : "NSL-KDD"));
            return;
        }
        Table whole = kdd99 ? NslKddFamilies.relabel(read(dir.resolve("kddcup.data_10_percent.gz")), LABEL) : null;
        Table train = kdd99 ? null : NslKddFamilies.relabel(read(dir.resolve("KDDTrain+.txt.gz")), LABEL);
        Table test = kdd99 ? null : NslKddFamilies.relabel(read(dir.resolve("KDDTest+.txt.gz")), LABEL);
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        List<Double> trainSeconds = new ArrayList<>();
        List<Double> rowsPerSecond = new ArrayList<>();
        Augmenter augmenter = new Augmenter();
        for (int seed = firstSeed; seed < firstSeed + seeds; seed++) {
            if (kdd99) {
                Table[] halves = halves(whole, seed);
                train = halves[0];
                test = halves[1];
                System.out.printf("seed %d: KDD99 10%%, %d training rows (u2r %d, r2l %d), %d test rows (u2r %d, r2l %d)%n",
                        seed, train.size(), count(train, "u2r"), count(train, "r2l"), test.size(), count(test, "u2r"),
                        count(test, "r2l"));
            }
            // The classifier of the +weights rows, on the encoding every job learns from the same training rows.
            ClassifierEvaluation judge = new ClassifierEvaluation(new FeatureEncoder(FeatureSpecLearner.excluding(Set.of(LABEL))
                    .learn(train)), MinorityClassifierTrainer.of(ClassifierKind.XGBOOST));
            CtganConfig config = CtganConfig.defaults(300, Duration.ofMinutes(minutes), seed);
            CtganModel model = null;
            double seconds = 0;
            if (methods.contains(AugmentMethod.GAN)) {
                long t0 = System.nanoTime();
                model = new CtganTrainer(config).train(train, LABEL, new EpochPrinter());
                seconds = (System.nanoTime() - t0) / 1e9;
                trainSeconds.add(seconds);
                model.sample(Map.of("u2r", 20_000), seed); // warm-up
                long g0 = System.nanoTime();
                int n = model.sample(Map.of("u2r", 200_000), seed).size();
                double full = n / ((System.nanoTime() - g0) / 1e9);
                double raw = rawOnnxRuntime(model.onnx(), 200_000);
                rowsPerSecond.add(full);
                System.out.printf("seed %d: GAN trained in %.0f s (%d epochs), generation %.0f rows/s "
                                + "(raw ONNX Runtime on the same graph %.0f rows/s, ratio %.2f)%n",
                        seed, seconds, model.history().size(), full, raw, full / raw);
            }
            try {
                for (String family : families) {
                    Map<String, AugmentResult> byName = new LinkedHashMap<>();
                    int count = Augmenter.defaultCount(count(train, family));
                    for (AugmentMethod method : methods) {
                        // The GAN runs with each filter asked for (its rows as made, and filtered), on the same model.
                        for (String filterName : method == AugmentMethod.GAN ? filters : List.of("")) {
                            SyntheticFilter filter = filter(filterName);
                            // A sampling name (t…, z…, …s) samples the same model otherwise; its rows are unfiltered unless a filter precedes it.
                            io.ganwatch.augment.gan.Sampling sampling = sampling(filterName);
                            AugmentSpec spec = new AugmentSpec(train, test, LABEL, Set.of(family), method, count,
                                    ClassifierKind.XGBOOST, seed, config, filter, sampling);
                            AugmentResult r;
                            if (method != AugmentMethod.GAN) {
                                r = augmenter.run(spec, TrainingListener.NONE);
                            } else if (filterName.equals("last")) {
                                // The same training's last weights instead of their moving average (the exported model).
                                try (CtganModel last = ((io.ganwatch.augment.gan.OnnxCtganModel) model).lastWeights()) {
                                    r = augmenter.runWith(spec, last, seconds);
                                }
                            } else {
                                r = augmenter.runWith(spec, model, seconds);
                            }
                            double[] row = row(r);
                            String name = method.key() + (filterName.isEmpty() ? "" : "/" + filterName);
                            byName.put(name, r);
                            results.computeIfAbsent(family + " " + name, k -> new ArrayList<>()).add(row);
                            System.out.printf("seed %d %s %-8s %s%s%n", seed, family, name, format(row),
                                    r.filter() == null ? "" : String.format(" | filter accepted %d of %d",
                                            r.filter().accepted(), r.filter().candidates()));
                            if (r.warning() != null) {
                                System.out.printf("  warning: %s%n", r.warning());
                            }
                            if (method.makesRows()) {
                                // The same rows with the minority (real and synthetic) weighted to balance the classes.
                                MinorityMetrics w = judge.evaluate(train, r.synthetic(), test, LABEL, Set.of(family), seed, true);
                                double[] wrow = withMetrics(row(r), w);
                                results.computeIfAbsent(family + " " + name + "+weights", k -> new ArrayList<>()).add(wrow);
                                System.out.printf("seed %d %s %-8s %s%n", seed, family, name + "+weights", format(wrow));
                                for (double share : shares) {
                                    // Balanced as above, with the synthetic rows held to a share of the minority's weight.
                                    double[] srow = withMetrics(row(r), judge.evaluate(train, r.synthetic(), test, LABEL,
                                            Set.of(family), seed, share));
                                    String sname = name + "+weights@" + share;
                                    results.computeIfAbsent(family + " " + sname, k -> new ArrayList<>()).add(srow);
                                    System.out.printf("seed %d %s %-8s %s%n", seed, family, sname, format(srow));
                                }
                            }
                        }
                    }
                    if (fineTune > 0) {
                        long t0 = System.nanoTime();
                        try (CtganModel tuned = new CtganTrainer(config.withFineTune(fineTune)).train(train, LABEL, Set.of(family),
                                new EpochPrinter())) {
                            double tunedSeconds = (System.nanoTime() - t0) / 1e9;
                            System.out.printf("seed %d %s: GAN fine-tuned on it trained in %.0f s (%d epochs)%n", seed, family,
                                    tunedSeconds, tuned.history().size());
                            // Sampled each way the GAN rows above were (the filters and sampling names asked for).
                            for (String filterName : filters) {
                                io.ganwatch.augment.gan.Sampling sampling = sampling(filterName);
                                AugmentSpec spec = new AugmentSpec(train, test, LABEL, Set.of(family), AugmentMethod.GAN, count,
                                        ClassifierKind.XGBOOST, seed, config, filter(filterName), sampling);
                                AugmentResult r = augmenter.runWith(spec, tuned, tunedSeconds);
                                double[] row = row(r);
                                String name = "gan/ft" + fineTune + "/" + filterName;
                                results.computeIfAbsent(family + " " + name, k -> new ArrayList<>()).add(row);
                                System.out.printf("seed %d %s %-8s %s%n", seed, family, name, format(row));
                                if (r.warning() != null) {
                                    System.out.printf("  warning: %s%n", r.warning());
                                }
                            }
                        }
                    }
                    if (byName.containsKey("smote") && byName.containsKey("gan/none") && byName.get("smote").validation() != null) {
                        Map<AugmentMethod, Double> validation = new LinkedHashMap<>();
                        validation.put(AugmentMethod.WEIGHTED, byName.get("smote").validation().weightedPrAuc());
                        validation.put(AugmentMethod.SMOTE, byName.get("smote").validation().prAuc());
                        validation.put(AugmentMethod.GAN, byName.get("gan/none").validation().prAuc());
                        AutoChoice choice = AutoChoice.pick(validation);
                        String picked = choice.chosen() == AugmentMethod.GAN ? "gan/none" : choice.chosen().key();
                        List<double[]> pickedRows = results.get(family + " " + picked);
                        if (pickedRows != null) { // weighted is deterministic: a run may leave it out and take it from an earlier one
                            results.computeIfAbsent(family + " auto", k -> new ArrayList<>()).add(pickedRows.get(pickedRows.size() - 1));
                        }
                        System.out.printf("seed %d %s auto: %s%n", seed, family, choice.reason());
                    }
                }
            } finally {
                if (model != null) {
                    model.close();
                }
            }
        }
        System.out.println();
        System.out.println("| family | method | F1 | PR-AUC | ROC-AUC | precision | recall | KSComplement | TVComplement | "
                + "correlation | detection AUC | DCR ratio | density | coverage | exact copies |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        results.forEach((k, rows) -> {
            StringBuilder sb = new StringBuilder("| " + k.replace(" ", " | ") + " |");
            for (int i = 0; i < rows.get(0).length; i++) {
                final int c = i;
                double[] v = rows.stream().mapToDouble(r -> r[c]).toArray();
                sb.append(Double.isNaN(v[0]) ? " – |" : String.format(" %.3f ± %.3f |", mean(v), std(v)));
            }
            System.out.println(sb);
        });
        System.out.printf("GAN training: %s s; generation: %s rows/s%n", trainSeconds, rowsPerSecond);
    }

    /**
     * The sampling a name asks for ({@code t…}, {@code z…}, {@code …s}, also after a filter as in {@code anchors/t1}),
     * or {@code null} for the job's default.
     */
    static io.ganwatch.augment.gan.Sampling sampling(String name) {
        String part = name.contains("/") ? name.substring(name.indexOf('/') + 1) : name;
        return part.matches("[tzs].*") ? io.ganwatch.augment.gan.Sampling.parse(part) : null;
    }

    /**
     * The filter a name asks for: {@code classifier[:threshold[:candidates per row]]}, {@code anchors[:candidates per row]}
     * (the GAN's rows nearest SMOTE's), else none.
     */
    static SyntheticFilter filter(String fullName) {
        String name = fullName.contains("/") ? fullName.substring(0, fullName.indexOf('/')) : fullName;
        if (name.startsWith("anchors")) {
            String[] parts = name.split(":");
            return parts.length > 1 ? new SyntheticFilter(Integer.parseInt(parts[1]), 0.5, SyntheticFilter.Judge.SMOTE_ANCHORS)
                    : SyntheticFilter.SMOTE_ANCHORED;
        }
        if (!name.startsWith("classifier")) {
            return null;
        }
        String[] parts = name.split(":");
        return new SyntheticFilter(parts.length > 2 ? Integer.parseInt(parts[2]) : SyntheticFilter.DEFAULT.oversample(),
                parts.length > 1 ? Double.parseDouble(parts[1]) : SyntheticFilter.DEFAULT.threshold());
    }

    /**
     * The baseline for generation speed: the same generator graph run with ONNX Runtime alone, on
     * the same chunk size, with random inputs prepared beforehand (no noise drawing, no decoding).
     */
    static double rawOnnxRuntime(byte[] onnx, int rows) {
        OrtSessions.Opened opened = OrtSessions.open(onnx, Device.CPU, 0);
        try (OrtSession session = opened.session()) {
            int z = (int) ((TensorInfo) session.getInputInfo().get("z").getInfo()).getShape()[1];
            int c = (int) ((TensorInfo) session.getInputInfo().get("cond").getInfo()).getShape()[1];
            int chunk = io.ganwatch.augment.gan.OnnxCtganModel.CHUNK; // calls of the size generation makes
            float[] noise = new float[chunk * z];
            java.util.SplittableRandom r = new java.util.SplittableRandom(1);
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (float) r.nextGaussian();
            }
            float[] cond = new float[chunk * c];
            for (int i = 0; i < chunk; i++) {
                cond[i * c] = 1f;
            }
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            long t0 = 0;
            for (int pass = 0; pass < 2; pass++) { // the first pass warms up
                t0 = System.nanoTime();
                for (int done = 0; done < rows; done += chunk) {
                    try (OnnxTensor zt = OnnxTensor.createTensor(env, FloatBuffer.wrap(noise), new long[]{chunk, z});
                         OnnxTensor ct = OnnxTensor.createTensor(env, FloatBuffer.wrap(cond), new long[]{chunk, c});
                         OrtSession.Result out = session.run(Map.of("z", zt, "cond", ct))) {
                        out.get(0);
                    }
                }
            }
            return rows / ((System.nanoTime() - t0) / 1e9);
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * KDD99's 10% set split 50/50 for one seed, stratified by family so that each half holds half of U2R's 52
     * rows (a plain random half would give the training side anywhere from about 20 to 32 of them).
     */
    static Table[] halves(Table whole, long seed) {
        int label = whole.columnIndex(LABEL);
        Map<Object, List<Table.Row>> byFamily = new java.util.TreeMap<>();
        for (Table.Row r : whole.rows()) {
            byFamily.computeIfAbsent(r.get(label), k -> new ArrayList<>()).add(r);
        }
        java.util.Random random = new java.util.Random(seed);
        List<Table.Row> first = new ArrayList<>();
        List<Table.Row> second = new ArrayList<>();
        for (List<Table.Row> rows : byFamily.values()) {
            java.util.Collections.shuffle(rows, random);
            first.addAll(rows.subList(0, rows.size() / 2));
            second.addAll(rows.subList(rows.size() / 2, rows.size()));
        }
        // back in file order, so that nothing downstream sees the rows grouped by family
        java.util.Comparator<Table.Row> byLine = java.util.Comparator.comparingLong(Table.Row::line);
        first.sort(byLine);
        second.sort(byLine);
        return new Table[]{whole.withRows(first), whole.withRows(second)};
    }

    private static int count(Table t, String family) {
        int c = t.columnIndex(LABEL);
        return (int) t.rows().stream().filter(r -> family.equals(r.get(c))).count();
    }

    private static Table read(Path file) {
        return Inputs.read(file, InputFormat.KDD).dropColumns(Set.of(KddTableReader.DIFFICULTY));
    }

    private static double[] row(AugmentResult r) {
        MinorityMetrics t = r.test();
        QualityScores q = r.quality();
        double nan = Double.NaN;
        return new double[]{t.f1(), t.prAuc(), t.rocAuc(), t.precision(), t.recall(),
                q == null ? nan : q.ksComplement(), q == null ? nan : q.tvComplement(),
                q == null ? nan : q.correlationSimilarity(), q == null ? nan : q.detectionAuc(),
                q == null ? nan : q.dcrRatio(), q == null ? nan : q.density(), q == null ? nan : q.coverage(),
                q == null ? nan : q.exactCopies()};
    }

    /** {@code row} (a {@link #row} of the same rows) with another classifier's metrics in place of the job's. */
    private static double[] withMetrics(double[] row, MinorityMetrics m) {
        double[] out = row.clone();
        out[0] = m.f1();
        out[1] = m.prAuc();
        out[2] = m.rocAuc();
        out[3] = m.precision();
        out[4] = m.recall();
        return out;
    }

    private static String format(double[] row) {
        return String.format("F1 %.3f PR-AUC %.3f ROC-AUC %.3f P %.3f R %.3f | KS %.3f TV %.3f corr %.3f det %.3f DCR %.3f"
                        + " density %.3f coverage %.3f copies %.0f",
                row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9], row[10], row[11], row[12]);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double std(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return v.length < 2 ? 0 : Math.sqrt(s / (v.length - 1));
    }

    /** Prints one line per GAN epoch. */
    private static final class EpochPrinter implements TrainingListener {
        @Override
        public void epoch(EpochStats s, boolean best) {
            System.out.printf("  epoch %d: critic %.3f, generator %.3f, %.0f s%n", s.epoch(), s.discriminatorLoss(),
                    s.generatorLoss(), s.seconds());
        }
    }
}
