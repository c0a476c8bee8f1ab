package io.ganwatch.demo;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of a demo run: whether every record came out the other side exactly once, and how good
 * the alerts were against the simulator's ground truth. Printed for people and, on its last line, as
 * {@code key=value} pairs for scripts and tests.
 *
 * @param produced     messages sent to the input topic (transactions plus malformed)
 * @param malformed    malformed messages among them
 * @param scored       scores read back (one per scored record)
 * @param deadLetters  dead letters read back
 * @param alerts       alerts read back
 * @param injected     injected transactions sent, by fraud pattern
 * @param caught       injected transactions that raised an alert, by fraud pattern
 * @param seconds      from the first message sent to the last record accounted for
 * @param complete     whether scored + dead letters reached produced in time
 * @param explanations whether the alerts' top features name the fields each pattern distorts
 * @param drift        with {@code --drift}: what was shifted and what the drift watch reported; {@code null} without
 * @param feedback     with {@code --feedback}: the simulated analyst's verdicts and what the stream's join made of
 *                     them; {@code null} without
 */
public record DemoSummary(long produced, int malformed, long scored, long deadLetters, long alerts,
                          Map<FraudPattern, Integer> injected, Map<FraudPattern, Integer> caught, double seconds,
                          boolean complete, ExplanationTally explanations, DriftOutcome drift, FeedbackOutcome feedback) {
    /**
     * What {@code --feedback}'s analyst sent and what the stream's feedback join reported once it had
     * handled them.
     *
     * @param sent   verdicts the analyst sent, one per alert read back
     * @param stream the stream's feedback totals at the end (joined, unmatched, decided, true positives)
     */
    public record FeedbackOutcome(long sent, io.ganwatch.feedback.FeedbackTotals stream) {
        /** Validates. */
        public FeedbackOutcome {
            if (sent < 0 || stream == null) {
                throw new IllegalArgumentException("a feedback outcome needs the verdicts sent and the stream's totals");
            }
        }

        /** Precision as measured from the joined verdicts: true positives over decided alerts. */
        public double precision() {
            return stream.precision();
        }
    }

    /** A summary without {@code --feedback}. */
    public DemoSummary(long produced, int malformed, long scored, long deadLetters, long alerts,
                       Map<FraudPattern, Integer> injected, Map<FraudPattern, Integer> caught, double seconds,
                       boolean complete, ExplanationTally explanations, DriftOutcome drift) {
        this(produced, malformed, scored, deadLetters, alerts, injected, caught, seconds, complete, explanations, drift, null);
    }

    /**
     * What {@code --drift} shifted and what the stream's drift watch said about it at the end.
     *
     * @param shifted the column the simulator shifted
     * @param report  the drift report measured at the end of the run, or {@code null} when the watch was off
     *                (a bundle without a training profile)
     */
    public record DriftOutcome(String shifted, io.ganwatch.drift.DriftReport report) {
        /** Columns the report named over the PSI limit (none when the watch was off). */
        public java.util.List<String> named() {
            return report == null ? java.util.List.of() : report.columnsOverLimit();
        }
    }

    /** A summary without {@code --drift}. */
    public DemoSummary(long produced, int malformed, long scored, long deadLetters, long alerts,
                       Map<FraudPattern, Integer> injected, Map<FraudPattern, Integer> caught, double seconds,
                       boolean complete, ExplanationTally explanations) {
        this(produced, malformed, scored, deadLetters, alerts, injected, caught, seconds, complete, explanations, null, null);
    }

    /** Validates and copies. */
    public DemoSummary {
        if (produced < 0 || malformed < 0 || scored < 0 || deadLetters < 0 || alerts < 0 || !(seconds >= 0)) {
            throw new IllegalArgumentException("counts and duration cannot be negative");
        }
        injected = Map.copyOf(injected);
        caught = Map.copyOf(caught);
        if (explanations == null) {
            explanations = ExplanationTally.empty();
        }
    }

    /** Injected transactions sent. */
    public int injectedTotal() {
        return injected.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Alerts on injected transactions. */
    public int trueAlerts() {
        return caught.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Share of alerts that were injected fraud (NaN without alerts). */
    public double precision() {
        return alerts == 0 ? Double.NaN : trueAlerts() / (double) alerts;
    }

    /** Share of injected fraud that raised an alert (NaN when nothing was injected). */
    public double recall() {
        return injectedTotal() == 0 ? Double.NaN : trueAlerts() / (double) injectedTotal();
    }

    /** Produced messages per second, end to end. */
    public double recordsPerSecond() {
        return seconds > 0 ? produced / seconds : 0;
    }

    /** The summary for people, then one {@code summary: key=value ...} line. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("SUMMARY");
        out.add(String.format(Locale.ROOT, "  records produced  %8d  (%d transactions, %d malformed)", produced, produced - malformed, malformed));
        out.add(String.format(Locale.ROOT, "  scored            %8d", scored));
        out.add(String.format(Locale.ROOT, "  dead letters      %8d", deadLetters));
        out.add(String.format(Locale.ROOT, "  accounted for     %8d  %s", scored + deadLetters,
                scored + deadLetters == produced ? "(= produced: nothing lost, nothing duplicated)" : "(produced " + produced + "!)"));
        out.add(String.format(Locale.ROOT, "  alerts            %8d  (%d on injected fraud, %d on card holders' own payments)",
                alerts, trueAlerts(), alerts - trueAlerts()));
        StringBuilder kinds = new StringBuilder();
        Map<FraudPattern, Integer> sorted = new EnumMap<>(FraudPattern.class);
        sorted.putAll(injected);
        sorted.forEach((p, n) -> kinds.append(kinds.length() == 0 ? "" : ", ").append(p.label()).append(' ')
                .append(caught.getOrDefault(p, 0)).append('/').append(n));
        out.add(String.format(Locale.ROOT, "  injected fraud    %8d  caught: %s", injectedTotal(), kinds));
        out.add(String.format(Locale.ROOT, "  precision %.3f  recall %.3f", precision(), recall()));
        for (FraudPattern p : FraudPattern.values()) {
            out.add(String.format(Locale.ROOT, "  explained %-17s %.3f of caught records have a top-1 feature among: %s",
                    p.label(), explanations.hitRate(p), ExplanationTally.fieldsOf(p)));
        }
        out.add(String.format(Locale.ROOT, "  top-1 share       %.3f of alerts name %s first", explanations.top1Share(),
                explanations.mostCommonTop1() == null ? "-" : explanations.mostCommonTop1()));
        out.add(String.format(Locale.ROOT, "  throughput %.0f records/s end to end (%.1f s from first record sent to last record accounted for)",
                recordsPerSecond(), seconds));
        if (drift != null) {
            driftLines(out);
        }
        if (feedback != null) {
            feedbackLines(out);
        }
        out.add(String.format(Locale.ROOT, "summary: produced=%d scored=%d dead_letters=%d alerts=%d true_alerts=%d injected=%d "
                        + "precision=%.4f%s recall=%.4f records_per_s=%.1f complete=%s explain_hit_card_testing=%.4f "
                        + "explain_hit_account_takeover=%.4f explain_hit_atm_cash_out=%.4f top1_share=%.4f",
                produced, scored, deadLetters, alerts, trueAlerts(), injectedTotal(), precision(),
                feedback == null ? "" : String.format(Locale.ROOT, " feedback_precision=%.4f", feedback.precision()),
                recall(), recordsPerSecond(), complete,
                explanations.hitRate(FraudPattern.CARD_TESTING), explanations.hitRate(FraudPattern.ACCOUNT_TAKEOVER),
                explanations.hitRate(FraudPattern.ATM_CASH_OUT), explanations.top1Share())
                + (drift == null ? "" : " drift_shifted=" + drift.shifted() + " drift_columns="
                        + (drift.named().isEmpty() ? "none" : String.join(",", drift.named())))
                + (feedback == null ? "" : " feedback_verdicts=" + feedback.sent() + " feedback_joined=" + feedback.stream().joined()
                        + " feedback_unmatched=" + feedback.stream().unmatched()));
        return out;
    }

    private void feedbackLines(List<String> out) {
        io.ganwatch.feedback.FeedbackTotals s = feedback.stream();
        out.add(String.format(Locale.ROOT, "  feedback          %d verdicts from the simulated analyst (one per alert), %d joined to"
                + " their alerts by the stream, %d unmatched", feedback.sent(), s.joined(), s.unmatched()));
        out.add(String.format(Locale.ROOT, "  precision %.3f from feedback (%d true positives of %d decided alerts); %.3f true"
                + " (%d injected of %d alerts)", feedback.precision(), s.truePositives(), s.decided(), precision(), trueAlerts(), alerts));
    }

    private void driftLines(List<String> out) {
        io.ganwatch.drift.DriftReport r = drift.report();
        if (r == null) {
            out.add("  drift             watch off: the model bundle has no training profile (retrain it to get one)");
            return;
        }
        out.add(String.format(Locale.ROOT, "  drift             %s shifted halfway; the report on the last %d records names: %s",
                drift.shifted(), r.rows(), drift.named().isEmpty() ? "no column" : String.join(", ", drift.named())));
        StringBuilder psi = new StringBuilder();
        for (io.ganwatch.drift.ColumnDrift c : r.columns()) {
            psi.append(psi.length() == 0 ? "" : ", ").append(c.name()).append(' ').append(String.format(Locale.ROOT, "%.2f", c.psi()));
        }
        out.add("  drift PSI         " + psi);
        out.add(String.format(Locale.ROOT, "  drift alert rate  %.2f%% in the window, %.2f%% expected on unchanged normal traffic",
                100 * r.alertRate(), 100 * r.expectedFpr()));
    }
}
