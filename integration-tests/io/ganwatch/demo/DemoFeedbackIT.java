package io.ganwatch.demo;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code demo --feedback} on its own real broker: a simulated analyst answers every alert read back
 * from the simulator's ground truth, the stream joins the verdicts to the alerts, and the precision
 * measured from feedback matches the true precision.
 *
 * <p>How far apart the two may be: the true precision is over all A alerts read back; the one from
 * feedback is over the verdicts the join matched. A verdict the join misses (an alert not yet in the
 * alert index when its verdict is processed, which the analyst avoids by waiting for the index; or one
 * older than the retention, which a run of a minute never reaches) is counted as unmatched, and with
 * M of A verdicts unmatched the two precisions differ by at most M / A, whatever the missed verdicts
 * were. So the test asserts that bound, with the unmatched count read off the summary line, and in
 * practice M = 0 and they are equal.
 */
class DemoFeedbackIT {
    @Test
    void precisionFromTheAnalystsVerdictsMatchesTheTruePrecision() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DemoSummary summary;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            summary = Demo.run(new DemoOptions(4000, 1, null, null, false, 0, 5, Map.of(), false, true), out);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);
        String last = printed.lines().filter(l -> l.startsWith("summary: ")).findFirst().orElseThrow();
        System.out.println(printed.lines().filter(l -> l.startsWith("  feedback") || l.startsWith("  precision")
                || l.startsWith("[feedback]") || l.startsWith("summary")).toList());
        assertThat(summary.complete()).as(printed).isTrue();
        assertThat(summary.alerts()).as("a run that alerts at all").isGreaterThan(10);

        double precision = value(last, "precision");
        double fromFeedback = value(last, "feedback_precision");
        long verdicts = (long) value(last, "feedback_verdicts");
        long joined = (long) value(last, "feedback_joined");
        long unmatched = (long) value(last, "feedback_unmatched");
        assertThat(verdicts).as("one verdict per alert read back").isEqualTo(summary.alerts());
        assertThat(joined + unmatched).as("every verdict handled by the join").isEqualTo(verdicts);
        assertThat(fromFeedback).isCloseTo(precision, within((double) unmatched / summary.alerts() + 1e-4));
        assertThat(summary.feedback().precision()).isCloseTo(summary.precision(),
                within((double) unmatched / summary.alerts() + 1e-12));
        assertThat(printed).contains("precision " + String.format(java.util.Locale.ROOT, "%.3f", summary.feedback().precision())
                + " from feedback");
    }

    private static double value(String line, String key) {
        Matcher m = Pattern.compile("(?:^| )" + Pattern.quote(key) + "=(\\S+)").matcher(line);
        assertThat(m.find()).as("%s= on %s", key, line).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
