package io.ganwatch.recalibration;

import io.ganwatch.model.CalibrationScores;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Proposes a threshold from judged alerts and the score distribution of normal records (the bundle's
 * calibration scores), for a target precision or an alert budget.
 *
 * <p>The estimate at a candidate threshold t, over the period the alerts cover:
 * <ul>
 *   <li><b>At or above the current threshold t0</b> (the one the alerts were emitted at), everything
 *       is measured: the alerts scoring at least t, and the precision of the decided verdicts on them.
 *       A target precision only takes such a t when at least {@link #MIN_VERDICTS} decided verdicts lie
 *       above it, so that a threshold is never chosen on a handful of verdicts.</li>
 *   <li><b>Below t0</b> nothing alerted and nobody judged anything, so the estimate is extrapolated:
 *       the false alerts grow like the share q(t) of calibration scores at or above t (normal records
 *       score like the calibration rows), i.e. by q(t) / q(t0), and the true alerts are held at their
 *       number at t0, since anomalies scoring below t0 were never seen. The precision there is thus a
 *       lower bound. The share of false alerts at t0 is taken as (false positives + 1) / (decided + 1):
 *       a run of verdicts without a single false positive would otherwise let the estimate add no false
 *       alert at all however low the threshold went.</li>
 * </ul>
 * Candidates are the alerts' scores, t0, and the calibration scores below t0; the proposal is the
 * lowest candidate that meets the target (the most alerts the target allows). Alerts come from the
 * versions whose scores are comparable (same graph); those scoring below the highest threshold any of
 * them was emitted at are left out, since below it not every version alerted.
 */
public final class ThresholdProposer {
    /** Fewest decided verdicts a proposal rests on. */
    public static final int MIN_VERDICTS = 20;
    /** Shortest span of alerts over which an alert rate is measured. */
    public static final double MIN_SPAN_HOURS = 1.0 / 60;

    private ThresholdProposer() {
    }

    /**
     * The proposal for {@code target}.
     *
     * @param alerts      the alerts read, with their last verdicts (undecided ones count for the alert rate)
     * @param calibration the bundle's calibration scores
     * @throws IllegalStateException in one line saying what to do, when the alerts or verdicts cannot support a
     *                               proposal: too few decided verdicts, no threshold meets the target, or (for an
     *                               alert budget) too short a span of alerts to measure a rate
     */
    public static ThresholdProposal propose(List<JudgedAlert> alerts, CalibrationScores calibration, RecalibrationTarget target) {
        if (alerts.isEmpty()) {
            throw new IllegalStateException("no alerts of this model version on the alerts topic; recalibrate once it has alerted"
                    + " and analysts have judged at least " + MIN_VERDICTS + " alerts");
        }
        double t0 = alerts.stream().mapToDouble(JudgedAlert::threshold).max().orElseThrow();
        List<JudgedAlert> used = alerts.stream().filter(a -> a.score() >= t0).toList();
        double[] scores = used.stream().mapToDouble(JudgedAlert::score).sorted().toArray();
        double[] decidedScores = used.stream().filter(JudgedAlert::decided).mapToDouble(JudgedAlert::score).sorted().toArray();
        double[] tpScores = used.stream().filter(JudgedAlert::truePositive).mapToDouble(JudgedAlert::score).sorted().toArray();
        int decided = decidedScores.length;
        if (decided < MIN_VERDICTS) {
            throw new IllegalStateException(String.format(Locale.ROOT, "only %d decided verdicts (true-positive or false-positive) on"
                    + " %d alerts at the current threshold %s; a proposal needs at least %d: wait until analysts have judged more"
                    + " alerts (unsure verdicts do not count)", decided, used.size(), num(t0), MIN_VERDICTS));
        }
        long first = used.stream().mapToLong(JudgedAlert::timestampMs).min().orElseThrow();
        long last = used.stream().mapToLong(JudgedAlert::timestampMs).max().orElseThrow();
        double spanHours = (last - first) / 3_600_000.0;
        boolean rated = spanHours >= MIN_SPAN_HOURS;
        if (target.kind() == RecalibrationTarget.Kind.ALERTS_PER_HOUR && !rated) {
            throw new IllegalStateException(String.format(Locale.ROOT, "the alerts span only %.0f s, too short to measure an alert"
                    + " rate (at least a minute); wait for more alerts, or give --target-precision instead", spanHours * 3600));
        }
        float[] normal = calibration.values();
        int alertsAll = scores.length;
        double p0 = (double) tpScores.length / decided;
        double q0 = atOrAbove(normal, t0) / (double) normal.length;
        double falseShare0 = (decided - tpScores.length + 1.0) / (decided + 1.0);

        TreeSet<Double> candidates = new TreeSet<>();
        candidates.add(t0);
        for (double s : scores) {
            candidates.add(s);
        }
        if (q0 > 0) { // below t0 only where normal records' scores say how the false alerts grow
            for (float s : normal) {
                if (s < t0) {
                    candidates.add((double) s);
                }
            }
        }
        ThresholdProposal best = null;
        for (double t : candidates) {
            double q = atOrAbove(normal, t) / (double) normal.length;
            ThresholdProposal p;
            if (t < t0) {
                double ratio = q / q0;
                double trueAlerts = alertsAll * (1 - falseShare0);
                double expected = trueAlerts + alertsAll * falseShare0 * ratio;
                p = proposal(t, target, trueAlerts / expected, expected, rated ? expected / spanHours : Double.NaN, q, true, decided,
                        t0, p0, rated ? alertsAll / spanHours : Double.NaN, alertsAll, decided, spanHours);
            } else {
                int above = atOrAbove(decidedScores, t);
                int tpAbove = atOrAbove(tpScores, t);
                int n = atOrAbove(scores, t);
                p = proposal(t, target, above == 0 ? Double.NaN : (double) tpAbove / above, n, rated ? n / spanHours : Double.NaN, q,
                        false, above, t0, p0, rated ? alertsAll / spanHours : Double.NaN, alertsAll, decided, spanHours);
            }
            if (meets(p, target)) {
                return p;
            }
            if (target.kind() == RecalibrationTarget.Kind.PRECISION && p.verdictsAbove() >= MIN_VERDICTS
                    && (best == null || p.expectedPrecision() > best.expectedPrecision())) {
                best = p;
            }
        }
        if (target.kind() == RecalibrationTarget.Kind.PRECISION) {
            throw new IllegalStateException(String.format(Locale.ROOT, "no threshold reaches precision %s with at least %d decided"
                    + " verdicts above it: the best is %.3f at threshold %s; lower --target-precision, or wait for more verdicts",
                    num(target.value()), MIN_VERDICTS, best.expectedPrecision(), num(best.threshold())));
        }
        throw new IllegalStateException(String.format(Locale.ROOT, "even the highest alert score %s gives %.2f alerts per hour over"
                + " the %.1f h the alerts span; raise --alerts-per-hour to at least that", num(scores[scores.length - 1]),
                1 / spanHours, spanHours));
    }

    private static ThresholdProposal proposal(double t, RecalibrationTarget target, double precision, double alerts, double perHour,
                                              double q, boolean extrapolated, int verdictsAbove, double t0, double p0,
                                              double currentPerHour, int alertsAll, int decided, double spanHours) {
        return new ThresholdProposal(t, target, precision, alerts, perHour, q, extrapolated, verdictsAbove, t0, p0, currentPerHour,
                alertsAll, decided, spanHours);
    }

    private static boolean meets(ThresholdProposal p, RecalibrationTarget target) {
        if (target.kind() == RecalibrationTarget.Kind.PRECISION) {
            return p.verdictsAbove() >= MIN_VERDICTS && p.expectedPrecision() >= target.value();
        }
        return p.expectedAlertsPerHour() <= target.value();
    }

    /** How many of the ascending {@code sorted} are at or above {@code t}. */
    static int atOrAbove(double[] sorted, double t) {
        int i = Arrays.binarySearch(sorted, t);
        if (i < 0) {
            return sorted.length - (-i - 1);
        }
        while (i > 0 && sorted[i - 1] == t) {
            i--;
        }
        return sorted.length - i;
    }

    private static int atOrAbove(float[] sorted, double t) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return sorted.length - lo;
    }

    /** A score as printed: up to 4 decimals, no trailing zeros. */
    public static String num(double v) {
        return new java.math.BigDecimal(v).setScale(4, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
