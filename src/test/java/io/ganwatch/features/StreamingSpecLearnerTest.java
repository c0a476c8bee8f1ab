package io.ganwatch.features;

import io.ganwatch.input.InputFormat;
import io.ganwatch.input.Inputs;
import io.ganwatch.input.RowSource;
import io.ganwatch.input.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The one-pass learner against the learner as it was (which sorted every value). */
class StreamingSpecLearnerTest {
    @TempDir
    Path dir;

    /** Mixed columns: heavy-tailed counts, signed reals, text, numeric codes, blanks; {@code rows} rows. */
    private Path csv(int rows, long seed) throws IOException {
        Random r = new Random(seed);
        Path f = dir.resolve("mixed-" + rows + ".csv");
        String[] protocols = {"tcp", "udp", "icmp", "gre"};
        try (Writer w = Files.newBufferedWriter(f)) {
            w.write("bytes,duration,protocol,port,rate,label\n");
            for (int i = 0; i < rows; i++) {
                long bytes = (long) Math.floor(Math.exp(r.nextGaussian() * 3 + 5));
                String duration = r.nextInt(50) == 0 ? "" : String.format(Locale.ROOT, "%.3f", r.nextGaussian() * 2 - 1);
                int port = new int[] {80, 443, 22, 53}[r.nextInt(4)];
                w.write(bytes + "," + duration + "," + protocols[r.nextInt(4)] + "," + port + ","
                        + (r.nextInt(10) / 10.0) + "," + (r.nextInt(20) == 0 ? "attack" : "normal") + "\n");
            }
        }
        return f;
    }

    @Test
    void sameSpecAsTheSortingLearnerOnAFileWithinTheExactSample() throws IOException {
        Path f = csv(20_000, 7);
        Table table = Inputs.read(f, InputFormat.CSV);
        for (Set<String> categorical : List.of(Set.<String>of(), Set.of("port"))) {
            FeatureSpec before = new TodaysFeatureSpecLearner(Set.of("label"), categorical, MissingPolicy.IMPUTE, 1000).learn(table);
            FeatureSpecLearner learner = new FeatureSpecLearner(Set.of("label"), categorical, MissingPolicy.IMPUTE, 1000);

            FeatureSpec streamed = learner.learn(RowSource.of(f, InputFormat.CSV), 42);

            // Record equality: every center, scale, clip, log flag and category list is bit-identical.
            assertThat(streamed).isEqualTo(before);
            assertThat(learner.learn(table)).isEqualTo(before);
        }
    }

    @Test
    void onALargeFileQuantilesAreWithinTheSampleErrorAndTheRestIsExact() throws IOException {
        int rows = 400_000; // six times the quantile sample
        Path f = csv(rows, 11);
        Table table = Inputs.read(f, InputFormat.CSV);
        FeatureSpec exact = new TodaysFeatureSpecLearner(Set.of("label"), Set.of(), MissingPolicy.IMPUTE, 1000).learn(table);

        FeatureSpec streamed = FeatureSpecLearner.excluding(Set.of("label")).learn(RowSource.of(f, InputFormat.CSV), 3);

        assertThat(streamed.columnNames()).isEqualTo(exact.columnNames());
        assertThat(streamed.columns().get(2)).isEqualTo(exact.columns().get(2)); // categories are exact
        for (String column : List.of("bytes", "duration")) {
            NumericColumn e = (NumericColumn) exact.columns().get(exact.columnNames().indexOf(column));
            NumericColumn s = (NumericColumn) streamed.columns().get(streamed.columnNames().indexOf(column));
            assertThat(s.log()).isEqualTo(e.log());
            // The streamed median's rank among all values is within 4 standard deviations of the
            // reservoir's rank error, sqrt(0.25 / 65536) = 0.2 %.
            double[] t = column(table, column, e.log());
            double rank = rank(t, s.center());
            assertThat(rank).isBetween(0.5 - 4 * Math.sqrt(0.25 / FeatureSpecLearner.QUANTILE_SAMPLE),
                    0.5 + 4 * Math.sqrt(0.25 / FeatureSpecLearner.QUANTILE_SAMPLE));
            assertThat(s.scale()).isCloseTo(e.scale(), org.assertj.core.data.Percentage.withPercentage(3));
            assertThat(s.clip()).isCloseTo(e.clip(), org.assertj.core.data.Percentage.withPercentage(3));
        }
    }

    @Test
    void aTwoValuedColumnIsKnownAsSuchBeyondTheSample() throws IOException {
        // 100,000 rows, more than the quantile sample: 5 % ones in both columns; the second also has a
        // single 2 in its last row, which the reservoir may miss but the stream must not.
        Path f = dir.resolve("flags.csv");
        Random r = new Random(3);
        try (Writer w = Files.newBufferedWriter(f)) {
            w.write("flag,almost\n");
            for (int i = 0; i < 100_000; i++) {
                int flag = r.nextInt(20) == 0 ? 1 : 0;
                w.write(flag + "," + (i == 99_999 ? 2 : flag) + "\n");
            }
        }
        FeatureSpec spec = FeatureSpecLearner.excluding(Set.of()).learn(RowSource.of(f, InputFormat.CSV), 1);

        NumericColumn flag = (NumericColumn) spec.columns().get(0);
        NumericColumn almost = (NumericColumn) spec.columns().get(1);
        // Both get log1p (skewed, non-negative); their standard deviations in log1p units are nearly equal,
        // so the two-valued one is scaled by the whole of it and the other by half.
        assertThat(flag.log()).isTrue();
        assertThat(almost.log()).isTrue();
        assertThat(flag.scale() / almost.scale()).isCloseTo(2.0, org.assertj.core.data.Percentage.withPercentage(2));
    }

    @Test
    void theSampleIsSeeded() throws IOException {
        Path f = csv(150_000, 5);
        FeatureSpecLearner learner = FeatureSpecLearner.excluding(Set.of("label"));

        assertThat(learner.learn(RowSource.of(f, InputFormat.CSV), 9)).isEqualTo(learner.learn(RowSource.of(f, InputFormat.CSV), 9));
    }

    private static double[] column(Table table, String name, boolean log) {
        int c = table.columnIndex(name);
        List<Double> out = new ArrayList<>();
        for (Table.Row row : table.rows()) {
            Object v = row.get(c);
            if (v != null && !v.toString().isBlank()) {
                double d = Double.parseDouble(v.toString());
                out.add(log ? Math.log1p(d) : d);
            }
        }
        double[] a = out.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a;
    }

    /** Mid-rank of {@code x} in sorted {@code a}, as a share. */
    private static double rank(double[] a, double x) {
        int below = 0;
        int equal = 0;
        for (double v : a) {
            if (v < x) {
                below++;
            } else if (v == x) {
                equal++;
            }
        }
        return (below + equal / 2.0) / a.length;
    }
}
