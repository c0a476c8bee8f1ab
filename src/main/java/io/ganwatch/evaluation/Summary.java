package io.ganwatch.evaluation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Mean and spread of metrics over repeated runs, e.g. the seeds of a benchmark. */
public final class Summary {
    private Summary() {
    }

    /**
     * The per-field mean. Row and anomaly counts are rounded to the nearest integer, since they
     * normally agree across seeds of one protocol.
     *
     * @throws IllegalArgumentException when {@code runs} is empty
     */
    public static Metrics mean(List<Metrics> runs) {
        Map<String, Double> m = means(runs);
        return new Metrics(m.get("roc_auc"), m.get("pr_auc"), m.get("precision"), m.get("recall"), m.get("f1"),
                m.get("f1_at_contamination"), m.get("threshold"), (int) Math.round(m.get("rows")),
                (int) Math.round(m.get("anomalies")));
    }

    /**
     * The sample standard deviation (divisor n - 1) of each field, keyed by the JSON names of
     * {@link Metrics} in declaration order. With a single run every value is NaN, as spread cannot
     * be estimated from one observation.
     *
     * @throws IllegalArgumentException when {@code runs} is empty
     */
    public static Map<String, Double> std(List<Metrics> runs) {
        Map<String, Double> mean = means(runs);
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : mean.entrySet()) {
            double sq = 0;
            for (Metrics r : runs) {
                double d = r.asMap().get(e.getKey()) - e.getValue();
                sq += d * d;
            }
            out.put(e.getKey(), runs.size() < 2 ? Double.NaN : Math.sqrt(sq / (runs.size() - 1)));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, Double> means(List<Metrics> runs) {
        if (runs == null || runs.isEmpty()) {
            throw new IllegalArgumentException("no runs to summarise");
        }
        Map<String, Double> sum = new LinkedHashMap<>();
        for (Metrics r : runs) {
            r.asMap().forEach((k, v) -> sum.merge(k, v, Double::sum));
        }
        sum.replaceAll((k, v) -> v / runs.size());
        return sum;
    }
}
