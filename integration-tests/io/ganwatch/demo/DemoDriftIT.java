package io.ganwatch.demo;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code demo --drift} on its own real broker: the second half of the stream has its amounts
 * tripled, and the drift report at the end names {@code amount}, and only it, on the summary line.
 */
class DemoDriftIT {
    @Test
    void theDriftReportNamesTheShiftedColumnAndOnlyIt() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DemoSummary summary;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            summary = Demo.run(new DemoOptions(DemoOptions.DRIFT_MIN_RECORDS, 1, null, null, false, 0, 5, Map.of(), true), out);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);
        String last = printed.lines().filter(l -> l.startsWith("summary: ")).findFirst().orElseThrow();
        System.out.println(printed.lines().filter(l -> l.startsWith("  drift") || l.startsWith("summary")).toList());
        assertThat(summary.complete()).as(printed).isTrue();
        assertThat(summary.drift().report()).as("the demo's bundle has a training profile").isNotNull();
        assertThat(summary.drift().report().rows()).isGreaterThan(DemoOptions.DRIFT_MIN_RECORDS / 2 * 9 / 10);
        assertThat(last).contains(" drift_shifted=amount drift_columns=amount").doesNotContain("drift_columns=amount,");
        assertThat(printed).contains("from transaction 10000 on, every amount is multiplied by 3");
    }
}
