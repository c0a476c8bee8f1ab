package io.ganwatch.demo;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * How well the alerts' explanations match the simulator's ground truth: per fraud pattern, the share of
 * caught injected records whose top-1 feature is one of the fields the pattern distorts
 * ({@link FraudPattern#distortedFields()}), and the share of all alerts whose top-1 feature is the most
 * common top-1 column. The second figure exposes an explainer that names one column whatever the cause.
 *
 * @param caught    caught injected records, by pattern
 * @param explained caught injected records whose top-1 feature is one the pattern distorts, by pattern
 * @param top1      alerts by their top-1 column (alerts without a top feature are not counted)
 */
public record ExplanationTally(Map<FraudPattern, Integer> caught, Map<FraudPattern, Integer> explained,
                               Map<String, Integer> top1) {
    /** Validates and copies. */
    public ExplanationTally {
        caught = Map.copyOf(caught);
        explained = Map.copyOf(explained);
        top1 = Map.copyOf(top1);
        for (FraudPattern p : explained.keySet()) {
            if (explained.get(p) > caught.getOrDefault(p, 0)) {
                throw new IllegalArgumentException("more explained than caught records of " + p.label());
            }
        }
    }

    /** No alerts at all. */
    public static ExplanationTally empty() {
        return new ExplanationTally(Map.of(), Map.of(), Map.of());
    }

    /**
     * Tallies a run.
     *
     * @param labels     injected transactions by id
     * @param top1ByAlert the top-1 feature of every alerted transaction, by transaction id (absent: none named)
     * @param allTop1    the top-1 feature of every alert, including those on card holders' own payments
     */
    public static ExplanationTally of(Map<String, FraudPattern> labels, Map<String, String> top1ByAlert,
                                      Iterable<String> allTop1) {
        Map<FraudPattern, Integer> caught = new EnumMap<>(FraudPattern.class);
        Map<FraudPattern, Integer> explained = new EnumMap<>(FraudPattern.class);
        labels.forEach((id, p) -> {
            if (top1ByAlert.containsKey(id)) {
                caught.merge(p, 1, Integer::sum);
                if (p.distortedFields().contains(top1ByAlert.get(id))) {
                    explained.merge(p, 1, Integer::sum);
                }
            }
        });
        Map<String, Integer> top1 = new HashMap<>();
        for (String column : allTop1) {
            top1.merge(column, 1, Integer::sum);
        }
        return new ExplanationTally(caught, explained, top1);
    }

    /** Share of caught records of {@code pattern} whose top-1 feature it distorts; NaN when none was caught. */
    public double hitRate(FraudPattern pattern) {
        int n = caught.getOrDefault(pattern, 0);
        return n == 0 ? Double.NaN : explained.getOrDefault(pattern, 0) / (double) n;
    }

    /** The most common top-1 column, or {@code null} without alerts. */
    public String mostCommonTop1() {
        // Ties go to the first name in alphabetical order, so that the printed column does not depend on map order.
        return top1.entrySet().stream()
                .min(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).orElse(null);
    }

    /** Share of alerts whose top-1 is {@link #mostCommonTop1()}; NaN without alerts. */
    public double top1Share() {
        int total = top1.values().stream().mapToInt(Integer::intValue).sum();
        String most = mostCommonTop1();
        return total == 0 ? Double.NaN : top1.get(most) / (double) total;
    }

    /** The fields distorted by {@code pattern}, for printing. */
    static String fieldsOf(FraudPattern pattern) {
        return String.join(", ", new TreeSet<>(pattern.distortedFields()));
    }
}
