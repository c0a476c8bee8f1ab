package io.ganwatch.cli;

import io.ganwatch.detector.Detector;
import io.ganwatch.features.RawValues;
import io.ganwatch.input.Table;
import io.ganwatch.scoring.ScoreBatch;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code score}: add an anomaly score, a verdict and the top contributing columns to every row of a file. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score every row of a file with a model bundle; writes a CSV with the input columns plus",
                "score, p_value (how rare the score is among normal rows), is_anomaly and the top contributing columns.",
                "Example: ganwatch score --model models/net --input today.csv --output scored.csv"})
final class ScoreCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Mixin
    InputOptions input;

    @Option(names = "--output", required = true, description = "CSV file to write.")
    Path output;

    @Option(names = "--top", description = "How many contributing columns to list (default: ${DEFAULT-VALUE}).")
    int top = 3;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (top < 0) {
            throw new IllegalArgumentException("--top must not be negative");
        }
        try (Detector detector = model.open()) {
            Table table = input.read();
            ScoreBatch batch = detector.score(table, top > 0);
            int flagged = write(table, batch, detector);
            System.out.printf(Locale.ROOT, "scored %d rows on %s with model %s: %d at or above threshold %.6g%s; wrote %s%n",
                    table.size(), detector.device(), detector.bundle().metadata().version(), flagged, detector.threshold(),
                    model.thresholdNote(detector), output);
        }
        return 0;
    }

    private int write(Table table, ScoreBatch batch, Detector detector) {
        List<String> header = new ArrayList<>(table.columns());
        header.add("score");
        header.add("p_value");
        header.add("is_anomaly");
        for (int k = 1; k <= top; k++) {
            header.add("top" + k);
            header.add("top" + k + "_value");
            header.add("top" + k + "_unseen");
            header.add("top" + k + "_contribution");
        }
        int flagged = 0;
        List<List<Detector.Contribution>> explained = detector.topContributions(batch, top);
        try (Writer w = Files.newBufferedWriter(output, StandardCharsets.UTF_8);
             CSVPrinter csv = CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).build().print(w)) {
            List<Object> record = new ArrayList<>(header.size());
            for (int r = 0; r < table.size(); r++) {
                record.clear();
                for (Object v : table.rows().get(r).values()) {
                    record.add(v == null ? "" : v);
                }
                float score = batch.scores()[r];
                boolean anomaly = score >= detector.threshold();
                flagged += anomaly ? 1 : 0;
                record.add(score);
                Double p = detector.pValue(score);
                record.add(p == null ? "" : p); // empty for a bundle that keeps no calibration scores
                record.add(anomaly);
                if (top > 0) {
                    for (Detector.Contribution c : explained.get(r)) {
                        Object raw = table.rows().get(r).get(table.columns().indexOf(c.column()));
                        record.add(c.column());
                        record.add(RawValues.isMissing(raw) ? "" : RawValues.category(raw));
                        record.add(c.unseenValue(raw));
                        record.add(String.format(Locale.ROOT, "%.6g", c.value()));
                    }
                }
                csv.printRecord(record);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output + ": " + e.getMessage() + "; check the path is writable", e);
        }
        return flagged;
    }
}
