package io.ganwatch.augment.service;

import io.ganwatch.augment.AugmentResult;
import io.ganwatch.augment.AugmentSpec;
import io.ganwatch.augment.QualityScores;
import io.ganwatch.augment.classify.MinorityMetrics;
import io.ganwatch.features.RawValues;
import io.ganwatch.input.Table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Data and a stand-in job for the service's unit tests. */
final class Fixtures {
    private Fixtures() {
    }

    /** A CSV of {@code common} rows of class 0 and {@code rare} rows of class 1: three numeric columns and one categorical. */
    static Path csv(Path dir, String name, int common, int rare) throws IOException {
        Random r = new Random(7);
        StringBuilder sb = new StringBuilder("amount,duration,hour,channel,label\n");
        for (int i = 0; i < common + rare; i++) {
            boolean fraud = i >= common;
            sb.append(String.format(Locale.ROOT, "%.2f,%.3f,%d,%s,%d%n",
                    fraud ? 900 + 200 * r.nextDouble() : 40 + 30 * r.nextGaussian(),
                    fraud ? 0.1 * r.nextDouble() : 2 + r.nextDouble(), r.nextInt(24),
                    fraud ? "web" : r.nextBoolean() ? "pos" : "atm", fraud ? 1 : 0));
        }
        return Files.writeString(dir.resolve(name), sb.toString());
    }

    /**
     * A stand-in for the real job, for tests of the service's own logic: "synthetic" rows are copies
     * of the minority rows, round-robin, so their values are real values of every column.
     */
    static AugmentResult copyMinority(AugmentSpec spec) {
        Table t = spec.train();
        int label = t.columns().indexOf(spec.labelColumn());
        List<Table.Row> minority = t.rows().stream()
                .filter(row -> spec.minority().contains(RawValues.category(row.get(label)))).toList();
        List<Table.Row> out = new ArrayList<>();
        for (int i = 0; i < spec.count(); i++) {
            out.add(new Table.Row(i + 1, minority.get(i % minority.size()).values().clone()));
        }
        return new AugmentResult(spec.method(), spec.minority(), spec.classifier(), new Table("synthetic", t.columns(), out), 0.25,
                spec.test() == null ? null : new MinorityMetrics(0.5, 0.75, 0.6, 0.7, Double.NaN),
                new QualityScores(0.9, 0.8, 0.95, 0.55, Double.NaN, 1.0, 0.9, out.size()), List.of(), spec.method().key() + "-seed-" + spec.seed());
    }
}
