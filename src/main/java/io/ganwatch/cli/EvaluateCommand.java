package io.ganwatch.cli;

import io.ganwatch.detector.Detector;
import io.ganwatch.detector.Labels;
import io.ganwatch.evaluation.Metrics;
import io.ganwatch.input.Table;
import io.ganwatch.model.BundleMetadata;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.report.HtmlReport;
import io.ganwatch.report.ReportData;
import io.ganwatch.scoring.ScoreBatch;
import io.ganwatch.training.EpochStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code evaluate}: score a labelled file and report detection quality. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Score a labelled file with a model bundle and report ROC-AUC, PR-AUC, precision, recall and F1.",
                "Example: ganwatch evaluate --model models/net --input test.csv --label-column label --normal-value normal"
                        + " --json metrics.json --report report.html"})
final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Mixin
    InputOptions input;

    @Option(names = "--label-column", required = true, description = "Column holding the label.")
    String labelColumn;

    @Option(names = "--normal-value", required = true, description = "Label of normal rows; every other label is an anomaly.")
    String normalValue;

    @Option(names = "--json", description = "Write the metrics as JSON to this file.")
    Path json;

    @Option(names = "--report", description = "Write a self-contained HTML report to this file.")
    Path report;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        Labels labels = new Labels(labelColumn, normalValue);
        try (Detector detector = model.open()) {
            Table table = input.read();
            boolean[] anomalies = labels.anomalies(table);
            Table features = table.dropColumns(Set.of(labelColumn));
            ScoreBatch batch = detector.score(features, false);
            double[] scores = new double[batch.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = batch.scores()[i];
            }
            Metrics m = Metrics.of(scores, anomalies, detector.threshold());
            System.out.println(MetricsTable.format(m));
            if (json != null) {
                write(json, m);
            }
            if (report != null) {
                ReportData d = reportData(detector.bundle(), m, scores, anomalies);
                HtmlReport.write(report, new ReportData(d.title(), d.facts(), d.metrics(), d.scores(), d.isAnomaly(), d.lossCurves(),
                        d.validationAuc(), d.chosenEpoch(), TopRowExplanations.of(detector, features, scores, anomalies)));
                System.out.println("report written to " + report);
            }
        }
        return 0;
    }

    private void write(Path file, Metrics m) {
        try {
            ModelBundle.json().writeValue(file.toFile(), m);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static ReportData reportData(ModelBundle bundle, Metrics m, double[] scores, boolean[] anomalies) {
        BundleMetadata meta = bundle.metadata();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("model", meta.modelId() + " " + meta.version());
        facts.put("trained on", meta.provenance().source() + " (" + meta.provenance().trainRows() + " rows, seed "
                + meta.provenance().seed() + ")");
        facts.put("checkpoint epoch", meta.checkpointEpoch() + " of " + meta.history().size());
        facts.put("threshold", m.threshold() == meta.threshold().value()
                ? meta.threshold().value() + " (target FPR " + meta.threshold().targetFpr() + ")"
                : m.threshold() + " (set when scoring; the bundle's is " + meta.threshold().value() + ")");
        List<EpochStats> h = meta.history();
        Map<String, double[]> losses = new LinkedHashMap<>();
        losses.put("discriminators", h.stream().mapToDouble(EpochStats::discriminatorLoss).toArray());
        losses.put("encoder + generator", h.stream().mapToDouble(EpochStats::generatorLoss).toArray());
        double[] auc = h.stream().mapToDouble(EpochStats::validationAuc).toArray();
        return new ReportData("ganwatch evaluation: " + meta.modelId(), facts, m, scores, anomalies, losses, auc,
                meta.checkpointEpoch());
    }
}
