package io.ganwatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ganwatch.benchmark.AdbenchSuite;
import io.ganwatch.benchmark.BenchmarkDataset;
import io.ganwatch.benchmark.BenchmarkRunner;
import io.ganwatch.benchmark.PeerDetectors;
import io.ganwatch.benchmark.Protocol;
import io.ganwatch.detector.HeapShape;
import io.ganwatch.evaluation.Metrics;
import io.ganwatch.evaluation.Summary;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.report.HtmlReport;
import io.ganwatch.report.ReportData;
import io.ganwatch.scoring.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code benchmark}: the standard protocol of a public data set, end to end, over several seeds. */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = {"Run a public data set's standard protocol end to end (split, train on normal rows, score the",
                "test rows with ONNX Runtime, evaluate) over several seeds; prints per-seed and mean metrics.",
                "Example: ganwatch benchmark --dataset thyroid --data-dir ../shared/datasets --seeds 3 --json thyroid.json"})
final class BenchmarkCommand implements Callable<Integer> {
    @Option(names = "--dataset", required = true, description = {"kdd99, nslkdd, thyroid, cardio or shuttle; adbench for every",
            "archive of <data-dir>/adbench/, or one of them by its file stem (e.g. 23_mammography), each beside the peers."})
    String dataset;

    @Option(names = "--splits", description = {"ADBench sets: the peers' split folder (detect_peers.py --write-splits DIR);",
            "train and evaluate on DIR/<set>/seed<S>/{train,test}.csv. When the peers run, they write their splits here."})
    Path splits;

    @Option(names = "--peers", description = {"ADBench sets: the peers' script (default: <data-dir>/../peers/detect_peers.py),",
            "run with /usr/bin/python3 (Debian's python3-sklearn) in the same run, on the same rows."})
    Path peers;

    @Option(names = "--no-peers", description = "ADBench sets: do not run the peers.")
    boolean noPeers;

    @Option(names = "--data-dir", required = true, description = "Folder holding kdd99/, nslkdd/ and adbench/.")
    Path dataDir;

    @Option(names = "--seeds", description = "Number of seeds (1, 2, ...) (default: ${DEFAULT-VALUE}).")
    int seeds = 3;

    @Option(names = "--json", description = "Write means (top level) and per-seed values (under runs) as JSON.")
    Path json;

    @Option(names = "--report", description = "Write a self-contained HTML report.")
    Path report;

    @Option(names = "--device", description = "cpu, cuda or cuda:N for scoring (default: ${DEFAULT-VALUE}).")
    String device = "cpu";

    @Mixin
    TrainingOptions training;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds must be at least 1");
        }
        // One benchmark per process, all of it reading, training and scoring: the heap is kept near the
        // live data throughout, as train keeps it (DetectorTrainer's own HeapShape leaves the flags set
        // here alone). Without it, on KDD99 G1 committed about 1 GB while the set was read into a table
        // and grew to 2.5 GB resident while the test rows were scored and timed (BENCHMARKS.md,
        // "Training at scale").
        try (HeapShape heap = HeapShape.tighten()) {
            return call(heap);
        }
    }

    private Integer call(HeapShape heap) {
        Device dev = Device.parse(device);
        if (AdbenchSuite.names(dataset, dataDir)) {
            new SuiteBenchmark(seeds, training, dev, json, report).run(AdbenchSuite.archives(dataset, dataDir), peerDetectors(), splits);
            return 0;
        }
        BenchmarkDataset ds = BenchmarkDataset.parse(dataset);
        Protocol.Loaded data = Protocol.load(ds, dataDir);
        heap.compact(); // the reader's garbage goes, and the heap it made G1 commit with it
        List<BenchmarkRunner.Run> runs = new ArrayList<>();
        for (long seed = 1; seed <= seeds; seed++) {
            runs.add(runSeed(data, seed, training, dev));
        }
        List<Metrics> all = runs.stream().map(BenchmarkRunner.Run::metrics).toList();
        Metrics mean = Summary.mean(all);
        Map<String, Double> std = Summary.std(all);
        double trainSeconds = runs.stream().mapToDouble(BenchmarkRunner.Run::trainSeconds).average().orElse(0);
        System.out.printf(Locale.ROOT, "%s mean of %d seeds: ROC-AUC %.4f ± %.4f  PR-AUC %.4f ± %.4f  F1 %.4f  "
                        + "F1@contamination %.4f ± %.4f  train %.1f s%n",
                ds, seeds, mean.rocAuc(), std.get("roc_auc"), mean.prAuc(), std.get("pr_auc"), mean.f1(),
                mean.f1AtContamination(), std.get("f1_at_contamination"), trainSeconds);
        if (json != null) {
            writeJson(ds, runs, mean, std, trainSeconds);
        }
        if (report != null) {
            List<ReportData> pages = new ArrayList<>();
            for (BenchmarkRunner.Run r : runs) {
                ReportData d = EvaluateCommand.reportData(r.trained().bundle(), r.metrics(), r.scores(), r.anomalies());
                pages.add(new ReportData("seed " + r.seed(), d.facts(), d.metrics(), d.scores(), d.isAnomaly(),
                        d.lossCurves(), d.validationAuc(), d.chosenEpoch()));
            }
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("dataset", ds.toString());
            facts.put("seeds", String.valueOf(seeds));
            facts.put("mean train seconds", String.format(Locale.ROOT, "%.1f", trainSeconds));
            HtmlReport.writeBenchmark(report, "ganwatch benchmark: " + ds, facts, pages, mean);
            System.out.println("report written to " + report);
        }
        return 0;
    }

    /** Trains and evaluates one seed, printing its line. */
    static BenchmarkRunner.Run runSeed(Protocol.Loaded data, long seed, TrainingOptions training, Device dev) {
        BenchmarkRunner.Run run = BenchmarkRunner.runOnce(data, training.config(seed), training.targetFpr, seed, dev,
                new ProgressBarListener(data.name() + " seed " + seed));
        Metrics m = run.metrics();
        System.out.printf(Locale.ROOT, "%s seed %d: ROC-AUC %.4f  PR-AUC %.4f  F1 %.4f  F1@contamination %.4f  "
                        + "precision %.4f  recall %.4f  train %.1f s (best epoch %d)  scoring %.0f rows/s in process vs %.0f raw ONNX Runtime (%.2fx)%n",
                data.name(), seed, m.rocAuc(), m.prAuc(), m.f1(), m.f1AtContamination(), m.precision(), m.recall(), run.trainSeconds(),
                run.trained().result().bestEpoch(), run.throughput().inProcessRowsPerSecond(),
                run.throughput().rawOnnxRowsPerSecond(), run.throughput().ratio());
        return run;
    }

    /** The peers to run beside ADBench sets, or {@code null} (said on one line) when they cannot or should not run. */
    private PeerDetectors peerDetectors() {
        if (noPeers) {
            return null;
        }
        StringBuilder why = new StringBuilder();
        PeerDetectors p = peers != null ? PeerDetectors.find(peers, why) : PeerDetectors.beside(dataDir, why);
        if (p == null) {
            if (peers != null) {
                throw new IllegalArgumentException("--peers " + peers + ": " + why);
            }
            System.out.println("peers: not run: " + why + (splits == null ? "; ganwatch draws its own splits" : ""));
        }
        return p;
    }

    private void writeJson(BenchmarkDataset ds, List<BenchmarkRunner.Run> runs, Metrics mean, Map<String, Double> std,
                           double trainSeconds) {
        ObjectMapper mapper = ModelBundle.json();
        ObjectNode root = mapper.createObjectNode();
        root.put("dataset", ds.toString());
        root.setAll((ObjectNode) mapper.valueToTree(mean));
        root.put("train_seconds", trainSeconds);
        if (runs.size() > 1) { // a standard deviation of one run is undefined, and NaN is not valid JSON
            root.set("std", mapper.valueToTree(std));
        }
        root.set("throughput", mapper.valueToTree(runs.get(0).throughput()));
        root.set("hyper_parameters", mapper.valueToTree(runs.get(0).trained().bundle().metadata().hyperParameters()));
        ArrayNode arr = root.putArray("runs");
        for (BenchmarkRunner.Run r : runs) {
            ObjectNode n = mapper.valueToTree(r.metrics());
            n.put("seed", r.seed());
            n.put("train_seconds", r.trainSeconds());
            n.put("best_epoch", r.trained().result().bestEpoch());
            n.put("epochs_run", r.trained().result().history().size());
            n.set("throughput", mapper.valueToTree(r.throughput()));
            arr.add(n);
        }
        try {
            mapper.writeValue(json.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + json + ": " + e.getMessage(), e);
        }
    }
}
