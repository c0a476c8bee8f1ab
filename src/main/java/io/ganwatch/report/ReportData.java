package io.ganwatch.report;

import io.ganwatch.evaluation.Metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one evaluation report shows. Arrays and maps are copied in and out, so the record
 * stays immutable; map iteration order is kept, as it is the order of rows and legend entries.
 *
 * @param title         page (or, in a benchmark, run) title; any text, escaped when rendered
 * @param facts         labelled facts such as model id, data file, rows, seed, in display order
 * @param metrics       the metrics of {@code scores} against {@code isAnomaly}
 * @param scores        one anomaly score per evaluated row
 * @param isAnomaly     one label per evaluated row
 * @param lossCurves    named per-epoch training losses (index 0 = epoch 1); may be empty
 * @param validationAuc per-epoch checkpoint criterion (index 0 = epoch 1); may be empty
 * @param chosenEpoch   1-based epoch whose weights were kept, or -1 if none
 * @param topRows       the highest-scoring rows with the columns the model blames, highest first; may be empty
 */
public record ReportData(String title, Map<String, String> facts, Metrics metrics, double[] scores,
                         boolean[] isAnomaly, Map<String, double[]> lossCurves, double[] validationAuc,
                         int chosenEpoch, List<ExplainedRow> topRows) {

    /** A report without explained rows (a benchmark run). */
    public ReportData(String title, Map<String, String> facts, Metrics metrics, double[] scores, boolean[] isAnomaly,
                      Map<String, double[]> lossCurves, double[] validationAuc, int chosenEpoch) {
        this(title, facts, metrics, scores, isAnomaly, lossCurves, validationAuc, chosenEpoch, List.of());
    }

    /** Checks the pieces fit together and takes defensive copies. */
    public ReportData {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(isAnomaly, "isAnomaly");
        Objects.requireNonNull(lossCurves, "lossCurves");
        Objects.requireNonNull(validationAuc, "validationAuc");
        if (scores.length != isAnomaly.length) {
            throw new IllegalArgumentException("scores and labels differ in length: " + scores.length + " scores, "
                    + isAnomaly.length + " labels");
        }
        if (chosenEpoch != -1 && chosenEpoch < 1) {
            throw new IllegalArgumentException("chosenEpoch is 1-based, or -1 for none; was " + chosenEpoch);
        }
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
        lossCurves = copy(lossCurves);
        scores = scores.clone();
        isAnomaly = isAnomaly.clone();
        validationAuc = validationAuc.clone();
        topRows = List.copyOf(Objects.requireNonNull(topRows, "topRows"));
    }

    @Override
    public double[] scores() {
        return scores.clone();
    }

    @Override
    public boolean[] isAnomaly() {
        return isAnomaly.clone();
    }

    @Override
    public Map<String, double[]> lossCurves() {
        return copy(lossCurves);
    }

    @Override
    public double[] validationAuc() {
        return validationAuc.clone();
    }

    private static Map<String, double[]> copy(Map<String, double[]> curves) {
        Map<String, double[]> out = new LinkedHashMap<>();
        curves.forEach((name, values) -> out.put(Objects.requireNonNull(name, "loss curve name"),
                Objects.requireNonNull(values, "loss curve " + name).clone()));
        return Collections.unmodifiableMap(out);
    }
}
