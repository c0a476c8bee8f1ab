package io.ganwatch.api;

import io.ganwatch.detector.Detector;
import io.ganwatch.input.Table;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.scoring.Device;
import io.ganwatch.scoring.ScoreBatch;
import io.ganwatch.streams.ConnModels;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The library API on a real small model (trained here on generated connections): every value form
 * scores the same, and the same as the detector scores a table (the {@code score} command's path).
 */
class GanwatchScorerTest {
    private static final Schema CONN = new Schema.Parser().parse("""
            {"type": "record", "name": "Conn", "namespace": "test", "fields": [
              {"name": "bytes", "type": "double"}, {"name": "duration", "type": "double"},
              {"name": "protocol", "type": "string"}, {"name": "note", "type": "string", "default": ""}]}
            """);

    @TempDir
    static Path dir;
    private static ModelBundle bundle;
    private static Table rows;
    private static float[] expected;
    private static GanwatchScorer scorer;

    @BeforeAll
    static void train() {
        bundle = ConnModels.train("conn", 11);
        bundle.save(dir.resolve("model"));
        Table normal = ConnModels.connections(99);
        List<Table.Row> picked = new ArrayList<>(normal.rows().subList(0, 40));
        // Two far-off connections, so that some rows are anomalies and carry contributions.
        picked.add(new Table.Row(1000, new Object[]{5.0e7, 0.001, "tcp"}));
        picked.add(new Table.Row(1001, new Object[]{3.0, 900.0, "icmp"}));
        rows = new Table("rows", normal.columns(), picked);
        try (Detector reference = new Detector(bundle, Device.CPU, bundle.metadata().threshold().value(), 1)) {
            ScoreBatch b = reference.score(rows, false);
            expected = b.scores();
        }
        scorer = GanwatchScorer.fromBundle(dir.resolve("model"));
    }

    @AfterAll
    static void close() {
        if (scorer != null) {
            scorer.close();
        }
    }

    private static Map<String, Object> map(Table.Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bytes", r.values()[0]);
        m.put("duration", r.values()[1]);
        m.put("protocol", r.values()[2]);
        m.put("note", "ignored: the model does not read it");
        return m;
    }

    private static GenericRecord avro(Table.Row r) {
        GenericData.Record rec = new GenericData.Record(CONN);
        rec.put("bytes", r.values()[0]);
        rec.put("duration", r.values()[1]);
        rec.put("protocol", new org.apache.avro.util.Utf8((String) r.values()[2]));
        rec.put("note", "x");
        return rec;
    }

    private static String json(Table.Row r) {
        return "{\"bytes\": %s, \"duration\": %s, \"protocol\": \"%s\"}".formatted(r.values()[0], r.values()[1], r.values()[2]);
    }

    @Test
    void everyValueFormScoresAsTheDetectorScoresTheTable() {
        int anomalies = 0;
        for (int i = 0; i < rows.size(); i++) {
            Table.Row r = rows.rows().get(i);
            ScoreResult fromMap = scorer.score(map(r));
            // To float precision: a row scored alone and in a batch of 42 may round a last digit apart, which an
            // absolute 1e-5 forbids for a far-off row's score of 136 (one ulp there is 1.5e-5).
            assertThat(fromMap.score()).as("row %d", i).isCloseTo(expected[i], within(1e-5 * Math.max(1, Math.abs(expected[i]))));
            assertThat(scorer.score(avro(r))).isEqualTo(fromMap);
            assertThat(scorer.score(json(r).getBytes(StandardCharsets.UTF_8))).isEqualTo(fromMap);
            assertThat(scorer.score(json(r))).isEqualTo(fromMap);
            assertThat(fromMap.modelVersion()).isEqualTo(bundle.metadata().version());
            assertThat(fromMap.threshold()).isEqualTo(bundle.metadata().threshold().value());
            assertThat(fromMap.anomaly()).isEqualTo(fromMap.score() >= fromMap.threshold());
            assertThat(fromMap.pValue()).as("the bundle keeps calibration scores").isPresent();
            if (fromMap.anomaly()) {
                anomalies++;
                assertThat(fromMap.topContributions()).hasSizeBetween(1, ScorerOptions.DEFAULT_TOP_K);
                assertThat(fromMap.topContributions()).extracting(Contribution::column)
                        .isSubsetOf("bytes", "duration", "protocol");
            } else {
                assertThat(fromMap.topContributions()).isEmpty();
            }
        }
        assertThat(anomalies).as("the far-off rows are anomalies").isGreaterThanOrEqualTo(2);
    }

    @Test
    void scoreAllEqualsScoreOnEachValueInOrder() {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Table.Row r = rows.rows().get(i);
            values.add(switch (i % 3) {
                case 0 -> map(r);
                case 1 -> avro(r);
                default -> json(r).getBytes(StandardCharsets.UTF_8);
            });
        }
        List<ScoreResult> all = scorer.scoreAll(values);
        assertThat(all).hasSize(values.size());
        for (int i = 0; i < values.size(); i++) {
            ScoreResult one = scorer.score(values.get(i));
            assertThat(all.get(i).score()).as("row %d", i).isCloseTo(one.score(), within(1e-6 * Math.max(1, Math.abs(one.score()))));
            assertThat(all.get(i).anomaly()).isEqualTo(one.anomaly());
            assertThat(all.get(i).topContributions()).extracting(Contribution::column)
                    .isEqualTo(one.topContributions().stream().map(Contribution::column).toList());
        }
        assertThat(scorer.scoreAll(List.of())).isEmpty();
    }

    @Test
    void oneScorerSharedByThreadsGivesEachThreadTheSameResults() throws Exception {
        List<ScoreResult> alone = new ArrayList<>();
        for (Table.Row r : rows.rows()) {
            alone.add(scorer.score(avro(r)));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<List<ScoreResult>>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(pool.submit(() -> {
                    List<ScoreResult> mine = new ArrayList<>();
                    for (int round = 0; round < 5; round++) {
                        mine.clear();
                        for (Table.Row r : rows.rows()) {
                            mine.add(scorer.score(avro(r)));
                        }
                    }
                    return mine;
                }));
            }
            for (java.util.concurrent.Future<List<ScoreResult>> run : runs) {
                assertThat(run.get()).isEqualTo(alone);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void badValuesAreRejectedWithTheirReason() {
        Map<String, Object> missing = map(rows.rows().get(0));
        missing.remove("duration");
        assertRejected(missing, RejectedValueException.MISSING_FIELD, "duration");

        Map<String, Object> nan = map(rows.rows().get(0));
        nan.put("bytes", Double.NaN);
        assertRejected(nan, RejectedValueException.NOT_FINITE, "bytes");

        Map<String, Object> text = map(rows.rows().get(0));
        text.put("duration", "slow");
        assertRejected(text, RejectedValueException.UNENCODABLE, "duration");

        Map<String, Object> nested = map(rows.rows().get(0));
        nested.put("protocol", Map.of("name", "tcp"));
        assertRejected(nested, RejectedValueException.UNENCODABLE, "protocol");

        assertRejected("{\"bytes\": 1, ".getBytes(StandardCharsets.UTF_8), RejectedValueException.UNDECODABLE, "JSON");
        assertRejected("[1, 2]", RejectedValueException.UNDECODABLE, "JSON object");
        assertRejected(42, RejectedValueException.UNSUPPORTED_TYPE, "java.lang.Integer");
        assertRejected(null, RejectedValueException.UNSUPPORTED_TYPE, "null");

        List<Object> batch = new ArrayList<>(List.of(map(rows.rows().get(0)), nan));
        assertThatThrownBy(() -> scorer.scoreAll(batch)).isInstanceOfSatisfying(RejectedValueException.class,
                e -> assertThat(e.reason()).isEqualTo(RejectedValueException.NOT_FINITE));
    }

    @Test
    void mapValuesMayBeNumbersOfAnyTypeTextBooleansOrNull() {
        Table.Row r = rows.rows().get(3);
        Map<String, Object> ints = new HashMap<>(map(r));
        ints.put("bytes", Math.round((Double) r.values()[0]));
        Map<String, Object> asDouble = new HashMap<>(ints);
        asDouble.put("bytes", ((Long) ints.get("bytes")).doubleValue());
        assertThat(scorer.score(ints)).isEqualTo(scorer.score(asDouble));
        Map<String, Object> bool = new HashMap<>(map(r));
        bool.put("protocol", Boolean.TRUE);
        assertThat(scorer.score(bool).score()).isFinite(); // an unseen category, scored as the unknown bucket
        Map<String, Object> nullProtocol = new HashMap<>(map(r));
        nullProtocol.put("protocol", null);
        assertThat(scorer.score(nullProtocol).score()).isFinite(); // imputed: the model was trained with --missing impute
    }

    @Test
    void aThresholdOverrideJudgesEveryValueByIt() {
        try (GanwatchScorer low = GanwatchScorer.fromBundle(dir.resolve("model"),
                ScorerOptions.defaults().withThreshold(-1e9).withTopK(1))) {
            assertThat(low.threshold()).isEqualTo(-1e9);
            assertThat(low.modelVersion()).isEqualTo(bundle.metadata().version());
            assertThat(low.inputColumns()).containsExactly("bytes", "duration", "protocol");
            ScoreResult r = low.score(map(rows.rows().get(0)));
            assertThat(r.anomaly()).isTrue();
            assertThat(r.topContributions()).hasSize(1);
            assertThat(r.score()).isCloseTo(expected[0], within(1e-5));
        }
        try (GanwatchScorer none = GanwatchScorer.fromBundle(dir.resolve("model"),
                ScorerOptions.defaults().withThreshold(-1e9).withTopK(0))) {
            assertThat(none.score(map(rows.rows().get(0))).topContributions()).isEmpty();
        }
    }

    @Test
    void optionsAreValidatedWhenMade() {
        assertThatThrownBy(() -> ScorerOptions.defaults().withDevice("tpu")).hasMessageContaining("cpu, cuda or cuda:N");
        assertThatThrownBy(() -> ScorerOptions.defaults().withTopK(51)).hasMessageContaining("topK");
        assertThatThrownBy(() -> ScorerOptions.defaults().withThreads(-1)).hasMessageContaining("threads");
        assertThatThrownBy(() -> ScorerOptions.defaults().withThreshold(Double.NaN)).hasMessageContaining("finite");
        assertThatThrownBy(() -> ScorerOptions.defaults().withModelId(" ")).hasMessageContaining("modelId");
        assertThat(ScorerOptions.defaults().withDevice("cuda:1").device()).isEqualTo("cuda:1");
        assertThat(ScorerOptions.defaults().threshold()).isEqualTo(OptionalDouble.empty());
    }

    private static void assertRejected(Object value, String reason, String inMessage) {
        assertThatThrownBy(() -> scorer.score(value)).isInstanceOfSatisfying(RejectedValueException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.getMessage()).contains(inMessage);
        });
    }
}
