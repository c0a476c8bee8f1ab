package io.ganwatch.report;

import java.util.Arrays;
import java.util.Objects;

/**
 * Shared-bin histogram of scores for normal and anomalous rows. Anomaly scores are often
 * heavy-tailed, so the bins span the 0.5th to 99.5th percentile of all finite scores and values
 * outside are counted in the edge bins; otherwise a handful of extreme rows would squeeze every
 * other row into one or two bins.
 *
 * @param edges        bin edges, {@code bins + 1} ascending values
 * @param normalShare  per bin, the share of normal rows that fall in it
 * @param anomalyShare per bin, the share of anomalous rows that fall in it
 * @param normalRows   normal rows counted
 * @param anomalyRows  anomalous rows counted
 * @param belowRange   rows below the first edge, counted in the first bin
 * @param aboveRange   rows above the last edge, counted in the last bin
 */
record ScoreHistogram(double[] edges, double[] normalShare, double[] anomalyShare, int normalRows, int anomalyRows,
                      int belowRange, int aboveRange) {

    /** Percentile (in percent) of all scores at which the bin range starts; the end mirrors it. */
    static final double TAIL_PERCENT = 0.5;

    ScoreHistogram {
        Objects.requireNonNull(edges, "edges");
        Objects.requireNonNull(normalShare, "normalShare");
        Objects.requireNonNull(anomalyShare, "anomalyShare");
        if (edges.length < 2 || normalShare.length != edges.length - 1 || anomalyShare.length != edges.length - 1) {
            throw new IllegalArgumentException("need bins + 1 edges and one share per bin");
        }
        edges = edges.clone();
        normalShare = normalShare.clone();
        anomalyShare = anomalyShare.clone();
    }

    /** Bins the scores; the bin count follows the Rice rule (2 n^(1/3)), kept within 10..60. */
    static ScoreHistogram of(double[] scores, boolean[] isAnomaly) {
        if (scores.length != isAnomaly.length) {
            throw new IllegalArgumentException("scores and labels differ in length");
        }
        int bins = (int) Math.max(10, Math.min(60, Math.ceil(2 * Math.cbrt(scores.length))));
        double[] finite = Arrays.stream(scores).filter(Double::isFinite).sorted().toArray();
        double lo = finite.length == 0 ? 0 : percentile(finite, TAIL_PERCENT);
        double hi = finite.length == 0 ? 1 : percentile(finite, 100 - TAIL_PERCENT);
        if (!(hi > lo)) {
            // All scores (nearly) equal: widen so the single spike sits mid-chart instead of a zero-width range.
            double pad = lo == 0 ? 0.5 : Math.abs(lo) * 0.05;
            lo -= pad;
            hi += pad;
        }
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            edges[i] = lo + (hi - lo) * i / bins;
        }
        double[] normal = new double[bins];
        double[] anomalous = new double[bins];
        int normalRows = 0;
        int anomalyRows = 0;
        int below = 0;
        int above = 0;
        for (int i = 0; i < scores.length; i++) {
            double s = scores[i];
            if (Double.isNaN(s)) {
                continue; // a NaN has no place on the axis; the metrics reject it anyway
            }
            int bin;
            if (s < lo) {
                below++;
                bin = 0;
            } else if (s > hi) {
                above++;
                bin = bins - 1;
            } else {
                bin = Math.min(bins - 1, (int) ((s - lo) / (hi - lo) * bins));
            }
            if (isAnomaly[i]) {
                anomalous[bin]++;
                anomalyRows++;
            } else {
                normal[bin]++;
                normalRows++;
            }
        }
        for (int b = 0; b < bins; b++) {
            normal[b] = normalRows == 0 ? 0 : normal[b] / normalRows;
            anomalous[b] = anomalyRows == 0 ? 0 : anomalous[b] / anomalyRows;
        }
        return new ScoreHistogram(edges, normal, anomalous, normalRows, anomalyRows, below, above);
    }

    @Override
    public double[] edges() {
        return edges.clone();
    }

    @Override
    public double[] normalShare() {
        return normalShare.clone();
    }

    @Override
    public double[] anomalyShare() {
        return anomalyShare.clone();
    }

    /** Lower end of the binned range. */
    double lo() {
        return edges[0];
    }

    /** Upper end of the binned range. */
    double hi() {
        return edges[edges.length - 1];
    }

    // Linear interpolation between closest ranks, numpy's default, so captions match a notebook check.
    static double percentile(double[] sortedValues, double percent) {
        double pos = percent / 100 * (sortedValues.length - 1);
        int below = (int) Math.floor(pos);
        int above = Math.min(sortedValues.length - 1, below + 1);
        double frac = pos - below;
        return sortedValues[below] + (sortedValues[above] - sortedValues[below]) * frac;
    }
}
