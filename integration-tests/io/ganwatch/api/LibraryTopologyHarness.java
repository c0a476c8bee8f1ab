package io.ganwatch.api;

import io.ganwatch.detector.Detector;
import io.ganwatch.input.Table;
import io.ganwatch.kafka.LocalKafka;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.scoring.Device;
import io.ganwatch.streams.ConnModels;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@link LibraryTopologyIT}'s user already has before writing a line against ganwatch: a broker
 * (the project's real {@link LocalKafka}), a trained bundle, and the rows to score, with the scores
 * ganwatch's own {@code score} path ({@link Detector#score(Table, boolean)}) gives them. Kept apart so
 * that the topology's source file imports nothing of ganwatch but {@code io.ganwatch.api}.
 */
final class LibraryTopologyHarness implements AutoCloseable {
    final LocalKafka kafka;
    final Path bundleDir;
    /** Each row as one JSON object, as a producer would write it. */
    final List<String> rowsAsJson = new ArrayList<>();
    /** The detector's score of each row, in the same order. */
    final float[] expected;

    LibraryTopologyHarness(Path dir, int rows) {
        ModelBundle bundle = ConnModels.train("conn", 21);
        bundleDir = dir.resolve("model");
        bundle.save(bundleDir);
        Table generated = ConnModels.connections(77);
        List<Table.Row> picked = new ArrayList<>(generated.rows().subList(0, rows - 3));
        // Far-off connections, so that some rows are anomalies and go through the contributions path.
        picked.add(new Table.Row(9001, new Object[]{5.0e7, 0.001, "tcp"}));
        picked.add(new Table.Row(9002, new Object[]{3.0, 900.0, "icmp"}));
        picked.add(new Table.Row(9003, new Object[]{1.0e6, 0.01, "udp"}));
        Table table = new Table("rows", generated.columns(), picked);
        try (Detector d = new Detector(bundle, Device.CPU, bundle.metadata().threshold().value(), 1)) {
            expected = d.score(table, false).scores();
        }
        for (Table.Row r : picked) {
            rowsAsJson.add(String.format(Locale.ROOT, "{\"bytes\": %s, \"duration\": %s, \"protocol\": \"%s\"}",
                    r.values()[0], r.values()[1], r.values()[2]));
        }
        kafka = LocalKafka.start(dir.resolve("kafka"));
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    void createTopics(String... names) {
        java.util.Map<String, Integer> m = new java.util.LinkedHashMap<>();
        for (String n : names) {
            m.put(n, 1);
        }
        kafka.createTopics(m);
    }

    @Override
    public void close() {
        kafka.close();
    }
}
