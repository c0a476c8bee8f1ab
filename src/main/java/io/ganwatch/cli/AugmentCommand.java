package io.ganwatch.cli;

import io.ganwatch.augment.AugmentJson;
import io.ganwatch.augment.AugmentMethod;
import io.ganwatch.augment.AugmentResult;
import io.ganwatch.augment.AugmentSpec;
import io.ganwatch.augment.Augmenter;
import io.ganwatch.augment.JobMemory;
import io.ganwatch.augment.MinorityLabels;
import io.ganwatch.augment.QualityScores;
import io.ganwatch.augment.SyntheticFilter;
import io.ganwatch.augment.SyntheticWriter;
import io.ganwatch.augment.TrainingSample;
import io.ganwatch.augment.classify.ClassifierKind;
import io.ganwatch.augment.classify.MinorityMetrics;
import io.ganwatch.augment.gan.CtganConfig;
import io.ganwatch.augment.gan.Sampling;
import io.ganwatch.detector.HeapShape;
import io.ganwatch.features.FeatureSpecLearner;
import io.ganwatch.scoring.Device;
import io.ganwatch.input.AvroTableReader;
import io.ganwatch.input.InputFormat;
import io.ganwatch.input.Inputs;
import io.ganwatch.input.KddTableReader;
import io.ganwatch.input.RowSource;
import io.ganwatch.input.Table;
import io.ganwatch.report.AugmentReport;
import io.ganwatch.training.TrainingListener;
import org.apache.avro.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code augment}: make synthetic minority rows and measure whether they help a classifier. */
@Command(name = "augment", mixinStandardHelpOptions = true,
        description = {"Make synthetic rows of a minority class (SMOTE or a conditional GAN), score their quality,"
                + " and test whether they help a Tribuo classifier find the class in a real test set.",
                "Example: ganwatch augment --train KDDTrain+.txt.gz --test KDDTest+.txt.gz --format kdd --label-column label"
                        + " --minority buffer_overflow,loadmodule,perl,rootkit,httptunnel,ps,sqlattack,xterm --method smote"
                        + " --json u2r.json --output u2r-synthetic.csv"})
final class AugmentCommand implements Callable<Integer> {
    /** Output written to standard output instead of a file. */
    private static final String STDOUT = "-";

    @Option(names = "--train", required = true, description = "Real training rows, label column included.")
    Path train;

    @Option(names = "--test", description = "Real test rows with the same columns; without it no classifier metrics are measured.")
    Path test;

    @Option(names = "--format", description = "csv, kdd, npz or avro, for both --train and --test (default: guessed from each file name)."
            + " With kdd the NSL-KDD difficulty column is left out.")
    String format;

    @Option(names = "--label-column", required = true, description = "Column holding the class.")
    String labelColumn;

    @Option(names = "--minority", required = true, split = ",",
            description = "Label value(s) of the minority class, comma-separated (e.g. an attack family); the rest is the other class."
                    + " Values only the test file has count as minority there.")
    List<String> minority;

    @Option(names = "--method", required = true, description = "none (baseline), weighted (baseline with the minority weighted in the"
            + " classifier), smote (k = 5), gan, or auto (weighted, smote or gan, whichever does best on held-out training rows).")
    String method;

    @Option(names = "--filter", description = "classifier: make 4x the rows asked for and keep those a classifier trained on the"
            + " real rows finds plausible for the minority; smote-anchors: make 16x the rows asked for and keep, for each of as many"
            + " SMOTE rows, the nearest (rows that pass better for real); none: keep the rows as made (default: none).")
    String filter;

    @Option(names = "--truncation", description = "Draw the GAN's noise from the standard normal cut to [-Z, Z] (the"
            + " truncation trick): rows nearer the generator's typical output, fewer unusual ones; 'none' for the generator's"
            + " own distribution (default: 1 for a minority of fewer than 100 training rows, else none).")
    String truncation;

    @Option(names = "--temperature", description = "Temperature of the GAN's categorical draws (each category and each"
            + " value's mode), in [0, 1]: below 1 the likelier ones more often, 0 always the likeliest (default: 1).")
    Double temperature;

    @Option(names = "--snap", negatable = true, description = "Move each number the GAN makes onto the nearest value the"
            + " class shows in the training rows, in the columns where the class repeats its values (--no-snap: keep them"
            + " as generated).")
    Boolean snap;

    @Option(names = "--fine-tune", description = "Spend this share of the GAN's time budget, at its end, training on the"
            + " minority alone (0 to 0.9): rows much harder to tell from the real ones, which helped a classifier less on"
            + " NSL-KDD (BENCHMARKS.md) (default: 0, no fine-tuning).")
    double fineTune;

    @Option(names = "--count", description = "Synthetic rows to make (default: max(" + Augmenter.DEFAULT_COUNT_FLOOR
            + ", minority training rows)).")
    Integer count;

    @Option(names = "--classifier", description = "xgboost or logistic (default: ${DEFAULT-VALUE}).")
    String classifier = "xgboost";

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--max-rows", description = "Train on at most N rows of --train, read in one pass: every minority row and"
            + " a seeded uniform sample of the others (default: every row when the job fits the heap, else a sample as large"
            + " as it allows, said on standard error and in the JSON's sampling).")
    Integer maxRows;

    @Option(names = "--exclude", split = ",", description = "Columns to leave out entirely (ids, annotations).")
    List<String> exclude = List.of();

    @Option(names = "--epochs", description = "GAN training epochs (default: ${DEFAULT-VALUE}).")
    int epochs = 300;

    @Option(names = "--time-budget", converter = DurationConverter.class,
            description = "Stop GAN training after this long, keeping the last finished epoch: 90s, 10m, 1h (default: 10m).")
    Duration timeBudget = Duration.ofMinutes(10);

    @Option(names = "--output", description = "Write the synthetic rows to FILE.csv or FILE.avro (Avro in the training file's"
            + " schema when it is Avro).")
    Path output;

    @Option(names = "--json", description = "Write the result as JSON to this file, or to standard output with '-'.")
    String json;

    @Option(names = "--report", description = "Run none, weighted, smote and gan alike and write one self-contained HTML page comparing them.")
    Path report;

    @Option(names = "--device", description = "Where the GAN's generator runs: cpu, cuda or cuda:N; CUDA falls back to the CPU "
            + "with a warning (default: ${DEFAULT-VALUE}). Training runs on the CPU.")
    String device = "cpu";

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        // One job per process: the heap is kept near the live data as train keeps it. Without this, G1
        // committed up to 5.0 GB of heap on NSL-KDD for about 0.3 GB of live objects (the classifiers'
        // dead Tribuo examples piled up in the old generation until a concurrent cycle came); with it,
        // peak resident memory halved (BENCHMARKS.md, "Augmentation: memory").
        try (HeapShape heap = HeapShape.tighten()) {
            return call(heap);
        } catch (OutOfMemoryError e) {
            // The job's objects are unreachable once this unwinds, so saying so takes no memory worth naming.
            throw new IllegalStateException(String.format(Locale.ROOT, "ran out of memory on %s in a %,d MiB heap; pass"
                    + " --max-rows N to train on every minority row and a sample of the others%s, or give java a larger -Xmx",
                    train, Runtime.getRuntime().maxMemory() >> 20, maxRows == null ? "" : " (fewer than " + maxRows + ")"), e);
        }
    }

    /**
     * The GAN's sampling: the default for a minority of {@code minorityRows} training rows, with what
     * {@code --truncation}, {@code --temperature} and {@code --snap} say instead.
     */
    private Sampling sampling(int minorityRows) {
        Sampling d = AugmentSpec.defaultSampling(minorityRows);
        double z = d.truncation();
        if (truncation != null) {
            String t = truncation.trim().toLowerCase(Locale.ROOT);
            try {
                z = t.equals("none") ? Double.POSITIVE_INFINITY : Double.parseDouble(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--truncation '" + truncation + "' is not a number; give a positive one such as 1,"
                        + " or none");
            }
            if (!(z > 0) || Double.isInfinite(z) && !t.equals("none")) {
                throw new IllegalArgumentException("--truncation must be a positive number (or none), was " + truncation);
            }
        }
        double t = temperature == null ? d.temperature() : temperature;
        if (!(t >= 0 && t <= 1)) {
            throw new IllegalArgumentException("--temperature must be in [0, 1], was " + temperature);
        }
        return new Sampling(t, z, snap == null ? d.snap() : snap);
    }

    private Integer call(HeapShape heap) {
        AugmentMethod chosen = AugmentMethod.parse(method);
        ClassifierKind kind = ClassifierKind.parse(classifier);
        Augmenter augmenter = new Augmenter(Device.parse(device));
        InputFormat trainFormat = format(train);
        InputFormat testFormat = test == null ? null : format(test);
        checkWritable();
        // A GAN's settings are checked now, not after a long SMOTE run in --report.
        if (chosen == AugmentMethod.AUTO && report != null) {
            throw new IllegalArgumentException("--report already compares none, weighted, smote and gan side by side; use it with"
                    + " one of those methods, or leave out --report with --method auto");
        }
        SyntheticFilter chosenFilter = filter == null ? null : switch (filter.trim().toLowerCase(Locale.ROOT)) {
            case "classifier" -> SyntheticFilter.DEFAULT;
            case "smote-anchors" -> SyntheticFilter.SMOTE_ANCHORED;
            case "none" -> null;
            default -> throw new IllegalArgumentException("unknown --filter '" + filter + "'; use classifier, smote-anchors or none");
        };
        CtganConfig.checkFineTuneShare(fineTune, "--fine-tune");
        CtganConfig gan = chosen.trainsGan() || report != null
                ? CtganConfig.defaults(epochs, timeBudget, seed).withFineTune(fineTune) : null;
        sampling(0); // the flags are checked now, before any file is read
        Set<String> drop = dropped(trainFormat);
        Set<String> minorityValues = new LinkedHashSet<>(minority);

        // The test rows are read first: they are held whole (every one is scored), so the training rows
        // get what they leave. Without --max-rows the sample is as large as the heap allows: every
        // row when the file fits, as if it were read whole.
        Table testRows = test == null ? null : Inputs.read(test, testFormat).dropColumns(drop);
        TrainingSample sample = maxRows != null ? new TrainingSample(labelColumn, trimmed(minorityValues), maxRows, seed)
                : TrainingSample.fitting(labelColumn, trimmed(minorityValues), JobMemory.now(testRows == null ? 0 : testRows.size()),
                seed);
        RowSource.of(train, trainFormat).forEach(sample);
        Table trainRows = sample.table();
        checkExcluded(trainRows);
        trainRows = trainRows.dropColumns(drop);
        // Categorical columns with many levels make a row wide once encoded: the heap-sized sample is
        // narrowed to the encoded width (learned as the job will learn it) before anything is trained.
        if (maxRows == null && sample.fitFeatures(FeatureSpecLearner.excluding(Set.of(labelColumn)).learn(trainRows).width())) {
            trainRows = sample.table().dropColumns(drop);
        }
        boolean reportSampling = maxRows != null || sample.sampled();
        if (reportSampling) {
            System.err.println("augment: " + sample.describe());
        }
        heap.compact(); // the readers' garbage goes, and the heap it made G1 commit with it
        int minorityRows = MinorityLabels.minorityCounts(trainRows, labelColumn, trimmed(minorityValues))
                .values().stream().mapToInt(Integer::intValue).sum();
        int n = count != null ? count : Augmenter.defaultCount(minorityRows);
        Sampling sampling = sampling(minorityRows);

        // Every request is validated before anything is trained.
        List<AugmentMethod> methods = report == null ? List.of(chosen) : List.of(AugmentMethod.NONE, AugmentMethod.WEIGHTED, AugmentMethod.SMOTE, AugmentMethod.GAN);
        Map<AugmentMethod, AugmentSpec> specs = new LinkedHashMap<>();
        for (AugmentMethod m : methods) {
            // A report's SMOTE row stays plain SMOTE when the GAN's rows are placed at SMOTE's.
            SyntheticFilter f = report != null && m == AugmentMethod.SMOTE && chosenFilter != null
                    && chosenFilter.judge() == SyntheticFilter.Judge.SMOTE_ANCHORS ? null : chosenFilter;
            specs.put(m, new AugmentSpec(trainRows, testRows, labelColumn, minorityValues, m, m.makesRows() ? n : 0,
                    kind, seed, gan, f, sampling));
        }
        PrintStream human = STDOUT.equals(json) ? System.err : System.out;
        Map<AugmentMethod, AugmentResult> done = new LinkedHashMap<>();
        // The GAN first: it takes longest and is the likeliest to fail, so a --report fails before,
        // not after, the quicker methods have run.
        List<AugmentSpec> order = new ArrayList<>(specs.values());
        order.sort((a, b) -> Boolean.compare(b.method().trainsGan(), a.method().trainsGan()));
        for (AugmentSpec spec : order) {
            System.err.printf(Locale.ROOT, "augment: %s, then %s on %d training rows (%d minority)%s%n", spec.method().key(),
                    kind.key(), trainRows.size(), minorityRows, testRows == null ? "" : ", tested on " + testRows.size() + " rows");
            TrainingListener listener = spec.method().trainsGan()
                    ? new ProgressBarListener("gan", "critic", "generator", false, timeBudget) : TrainingListener.NONE;
            done.put(spec.method(), augmenter.run(spec, listener));
            heap.compact(); // a job's classifiers and generator are garbage once its result is kept
        }
        Map<AugmentMethod, AugmentResult> results = new LinkedHashMap<>();
        methods.forEach(m -> results.put(m, done.get(m)));
        AugmentResult result = results.get(chosen);

        if (output != null) {
            Schema schema = trainFormat == InputFormat.AVRO ? AvroTableReader.schema(train) : null;
            SyntheticWriter.write(result.synthetic(), output, schema);
        }
        if (json != null) {
            com.fasterxml.jackson.databind.node.ObjectNode node = AugmentJson.toJson(result);
            if (reportSampling) {
                node.set("sampling", sample.toJson());
            }
            if (STDOUT.equals(json)) {
                AugmentJson.write(node, System.out);
            } else {
                AugmentJson.write(node, Path.of(json));
            }
        }
        if (report != null) {
            Table realMinority = MinorityLabels.minorityRows(trainRows, labelColumn, specs.get(chosen).minority());
            AugmentReport.write(report, "ganwatch augment: " + String.join(",", specs.get(chosen).minority()),
                    facts(trainRows, testRows, minorityRows, n, kind, reportSampling ? sample : null), List.copyOf(results.values()), realMinority);
        }
        human.print(summary(result, minorityRows, testRows));
        if (output != null) {
            human.println("synthetic rows written to " + output);
        }
        if (json != null && !STDOUT.equals(json)) {
            human.println("JSON written to " + json);
        }
        if (report != null) {
            human.println("report written to " + report);
        }
        return 0;
    }

    private InputFormat format(Path file) {
        return format == null ? InputFormat.guess(file) : InputFormat.parse(format);
    }

    /** Columns left out: --exclude, and NSL-KDD's difficulty (a benchmark annotation, not a connection property). */
    private Set<String> dropped(InputFormat trainFormat) {
        Set<String> drop = new HashSet<>(exclude);
        if (drop.contains(labelColumn)) {
            throw new IllegalArgumentException("--exclude names the label column '" + labelColumn + "'; leave it out of --exclude");
        }
        if (trainFormat == InputFormat.KDD) {
            drop.add(KddTableReader.DIFFICULTY);
        }
        return drop;
    }

    /** A typo in --exclude would silently keep the column; refuse names the file does not have. */
    private void checkExcluded(Table rows) {
        for (String c : exclude) {
            rows.columnIndex(c);
        }
    }

    /** Refuses an output name or folder that would fail only after training. */
    private void checkWritable() {
        if (output != null) {
            String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!name.endsWith(".csv") && !name.endsWith(".avro")) {
                throw new IllegalArgumentException("--output " + output + ": name it FILE.csv or FILE.avro");
            }
            checkFolder("--output", output);
        }
        if (json != null && !STDOUT.equals(json)) {
            checkFolder("--json", Path.of(json));
        }
        if (report != null) {
            checkFolder("--report", report);
        }
    }

    private static void checkFolder(String flag, Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IllegalArgumentException(flag + " " + file + ": the folder " + parent + " does not exist; create it first");
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(flag + " " + file + " is a folder; pass a file name");
        }
    }

    private static Set<String> trimmed(Set<String> values) {
        Set<String> out = new LinkedHashSet<>();
        values.forEach(v -> out.add(v == null ? "" : v.trim()));
        return out;
    }

    private Map<String, String> facts(Table trainRows, Table testRows, int minorityRows, int n, ClassifierKind kind,
                                      TrainingSample sample) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("training file", train + " (" + trainRows.size() + " rows, " + minorityRows + " minority)");
        if (sample != null) {
            f.put("sampling", sample.describe());
        }
        f.put("test file", test == null ? "none" : test + " (" + testRows.size() + " rows)");
        f.put("label column", labelColumn);
        f.put("minority", String.join(",", minority));
        f.put("synthetic rows per method", Integer.toString(n));
        f.put("classifier", kind.key());
        f.put("seed", Long.toString(seed));
        f.put("GAN", epochs + " epochs at most, time budget " + timeBudget.toSeconds() + " s");
        if (!exclude.isEmpty()) {
            f.put("excluded columns", String.join(", ", exclude));
        }
        return f;
    }

    static String summary(AugmentResult r, int minorityRows, Table testRows) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "method %s, minority %s (%d training rows), classifier %s%n", r.method().key(),
                String.join(",", r.minority()), minorityRows, r.classifier().key()));
        b.append(String.format(Locale.ROOT, "synthetic rows %d, generator %s, made in %.2f s%s%n", r.synthetic().size(),
                r.modelVersion(), r.trainSeconds(), r.sampling() == null ? ""
                        : String.format(Locale.ROOT, ", sampled with noise %s and temperature %s",
                        r.sampling().truncates() ? "truncated to ±" + r.sampling().truncation() : "untruncated",
                        r.sampling().temperature()) + (r.sampling().snap() ? ", numbers snapped to the class's observed values" : "")
                        + (r.fineTune() == null ? "" : String.format(Locale.ROOT, ", trained fine-tuning on %s for the last %.0f%% of its budget",
                        String.join(",", new java.util.TreeSet<>(r.fineTune().values())), 100 * r.fineTune().share()))));
        MinorityMetrics t = r.test();
        if (t != null) {
            b.append(String.format(Locale.ROOT, "test (%d rows): minority precision %.4f, recall %.4f, F1 %.4f, PR-AUC %.4f, ROC-AUC %.4f%n",
                    testRows.size(), t.precision(), t.recall(), t.f1(), t.prAuc(), t.rocAuc()));
        }
        if (r.auto() != null) {
            b.append("auto: ").append(r.auto().reason()).append(System.lineSeparator());
        }
        if (r.filter() != null && r.filter().judge() == SyntheticFilter.Judge.SMOTE_ANCHORS) {
            b.append(String.format(Locale.ROOT, "filter: %d of %d generated rows kept, each the nearest to one SMOTE row%n",
                    r.filter().accepted(), r.filter().candidates()));
        } else if (r.filter() != null) {
            b.append(String.format(Locale.ROOT, "filter: %d of %d generated rows judged plausible for the minority by a classifier"
                    + " trained on the real rows%s%n", r.filter().accepted(), r.filter().candidates(),
                    r.filter().accepted() < r.synthetic().size() ? "; the most plausible of the rest fill the count" : ""));
        }
        if (r.validation() != null) {
            b.append(String.format(Locale.ROOT, "validation (held-out training rows): PR-AUC %.4f with the synthetic rows, %.4f"
                    + " with the minority weighted instead%n", r.validation().prAuc(), r.validation().weightedPrAuc()));
        }
        if (r.warning() != null) {
            b.append("WARNING: ").append(r.warning()).append(System.lineSeparator());
        }
        QualityScores q = r.quality();
        if (q != null) {
            b.append(String.format(Locale.ROOT, "quality: KSComplement %.4f, TVComplement %.4f, correlation similarity %.4f,"
                            + " detection AUC %.4f, DCR ratio %.4f, exact copies %d%n", q.ksComplement(), q.tvComplement(),
                    q.correlationSimilarity(), q.detectionAuc(), q.dcrRatio(), q.exactCopies()));
            b.append(String.format(Locale.ROOT, "quality: density %.4f, coverage %.4f (k = %d, encoded rows)%n", q.density(),
                    q.coverage(), io.ganwatch.augment.DensityCoverage.K));
        }
        return b.toString();
    }
}
