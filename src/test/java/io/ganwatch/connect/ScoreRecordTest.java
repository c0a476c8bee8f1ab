package io.ganwatch.connect;

import io.ganwatch.api.GanwatchScorer;
import io.ganwatch.api.ScoreResult;
import io.ganwatch.detector.Detector;
import io.ganwatch.input.Table;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.scoring.Device;
import io.ganwatch.streams.ConnModels;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Filter;
import org.apache.kafka.connect.transforms.predicates.HasHeaderKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The transform on a real small model (trained here on generated connections), driven the way a
 * Connect task drives it: configure with the transform's own settings, then apply to records.
 */
class ScoreRecordTest {
    private static final Schema CONN = SchemaBuilder.struct().name("test.Conn").version(3).doc("a connection")
            .field("bytes", Schema.FLOAT64_SCHEMA).field("duration", Schema.FLOAT64_SCHEMA)
            .field("protocol", Schema.STRING_SCHEMA).field("note", Schema.OPTIONAL_STRING_SCHEMA).build();

    @TempDir
    static Path dir;
    static Path model;
    static Table rows;
    static double[] expected;
    static double threshold;

    @BeforeAll
    static void train() {
        ModelBundle bundle = ConnModels.train("conn", 11);
        model = dir.resolve("model");
        bundle.save(model);
        Table normal = ConnModels.connections(99);
        List<Table.Row> picked = new ArrayList<>(normal.rows().subList(0, 30));
        // Two far-off connections, so that some records are anomalies.
        picked.add(new Table.Row(1000, new Object[]{5.0e7, 0.001, "tcp"}));
        picked.add(new Table.Row(1001, new Object[]{3.0, 900.0, "icmp"}));
        rows = new Table("rows", normal.columns(), picked);
        // The reference is the detector scoring a table, the `score` command's path, not the API.
        try (Detector reference = new Detector(bundle, Device.CPU, bundle.metadata().threshold().value(), 1)) {
            float[] s = reference.score(rows, false).scores();
            expected = new double[s.length];
            for (int i = 0; i < s.length; i++) {
                expected[i] = s[i];
            }
            threshold = reference.threshold();
        }
    }

    private static ScoreRecord<SinkRecord> transform(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("model.path", model.toString()));
        settings.putAll(extra);
        ScoreRecord<SinkRecord> t = new ScoreRecord<>();
        t.configure(settings);
        return t;
    }

    private static Struct struct(Table.Row r) {
        return new Struct(CONN).put("bytes", ((Number) r.values()[0]).doubleValue())
                .put("duration", ((Number) r.values()[1]).doubleValue()).put("protocol", r.values()[2]);
    }

    private static Map<String, Object> map(Table.Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bytes", r.values()[0]);
        m.put("duration", r.values()[1]);
        m.put("protocol", r.values()[2]);
        m.put("note", "not read by the model");
        return m;
    }

    private static SinkRecord record(Schema schema, Object value, long offset) {
        return new SinkRecord("conns", 0, Schema.STRING_SCHEMA, "k" + offset, schema, value, offset);
    }

    @Test
    void structsAreScoredIntoAnExtendedSchemaThatIsCachedPerInputSchema() {
        try (ScoreRecord<SinkRecord> t = transform(Map.of())) {
            Schema first = null;
            int anomalies = 0;
            for (int i = 0; i < rows.rows().size(); i++) {
                Struct in = struct(rows.rows().get(i));
                SinkRecord out = t.apply(record(CONN, in, i));
                Struct v = (Struct) out.value();
                assertThat(v.getFloat64("ganwatch_score")).isCloseTo(expected[i], within(sameFloat(expected[i])));
                assertThat(v.getBoolean("ganwatch_anomaly")).isEqualTo(expected[i] >= threshold);
                assertThat(v.getString("ganwatch_model_version")).isEqualTo(t.scorer().modelVersion());
                assertThat(v.getFloat64("ganwatch_p_value")).isBetween(0.0, 1.0);
                // the input's fields are all still there, unchanged
                assertThat(v.getFloat64("bytes")).isEqualTo(in.getFloat64("bytes"));
                assertThat(v.getString("protocol")).isEqualTo(in.getString("protocol"));
                assertThat(v.get("note")).isNull();
                if (first == null) {
                    first = out.valueSchema();
                }
                // same input schema, the very same extended schema object: the cache hit
                assertThat(out.valueSchema()).isSameAs(first);
                anomalies += v.getBoolean("ganwatch_anomaly") ? 1 : 0;
                assertThat(out.headers().lastWithName(ScoreRecord.ALERT_HEADER) != null).isEqualTo(v.getBoolean("ganwatch_anomaly"));
            }
            assertThat(anomalies).as("the two far-off connections").isGreaterThanOrEqualTo(2);
            assertThat(first.name()).isEqualTo("test.Conn");
            assertThat(first.version()).isEqualTo(3);
            assertThat(first.doc()).isEqualTo("a connection");
            assertThat(first.field("ganwatch_score").schema()).isEqualTo(Schema.FLOAT64_SCHEMA);
            assertThat(first.field("ganwatch_anomaly").schema()).isEqualTo(Schema.BOOLEAN_SCHEMA);
            assertThat(first.field("ganwatch_p_value").schema()).isEqualTo(Schema.OPTIONAL_FLOAT64_SCHEMA);
            assertThat(first.field("ganwatch_model_version").schema()).isEqualTo(Schema.STRING_SCHEMA);

            // an equal schema built anew hits the cache too; another schema gets its own
            Schema same = SchemaBuilder.struct().name("test.Conn").version(3).doc("a connection")
                    .field("bytes", Schema.FLOAT64_SCHEMA).field("duration", Schema.FLOAT64_SCHEMA)
                    .field("protocol", Schema.STRING_SCHEMA).field("note", Schema.OPTIONAL_STRING_SCHEMA).build();
            Struct again = new Struct(same).put("bytes", 1000.0).put("duration", 1.0).put("protocol", "tcp");
            assertThat(t.apply(record(same, again, 99)).valueSchema()).isSameAs(first);
            Schema other = SchemaBuilder.struct().name("test.Other").field("bytes", Schema.FLOAT64_SCHEMA)
                    .field("duration", Schema.FLOAT64_SCHEMA).field("protocol", Schema.STRING_SCHEMA).build();
            Struct o = new Struct(other).put("bytes", 1000.0).put("duration", 1.0).put("protocol", "tcp");
            Schema otherOut = t.apply(record(other, o, 100)).valueSchema();
            assertThat(otherOut).isNotSameAs(first);
            assertThat(otherOut.name()).isEqualTo("test.Other");
            assertThat(otherOut.fields()).hasSize(7);
        }
    }

    @Test
    void schemalessMapsGetTheSameKeysOnACopyAndTheSameScoresAsStructsAndTheApi() {
        try (ScoreRecord<SinkRecord> t = transform(Map.of());
             GanwatchScorer api = GanwatchScorer.fromBundle(model)) {
            for (int i = 0; i < rows.rows().size(); i++) {
                Map<String, Object> in = map(rows.rows().get(i));
                Map<String, Object> before = new LinkedHashMap<>(in);
                SinkRecord out = t.apply(record(null, in, i));
                assertThat(in).as("the input map is not changed").isEqualTo(before);
                assertThat(out.valueSchema()).isNull();
                @SuppressWarnings("unchecked")
                Map<String, Object> v = (Map<String, Object>) out.value();
                assertThat(v).containsAllEntriesOf(in);
                ScoreResult direct = api.score(in);
                assertThat((double) v.get("ganwatch_score")).isCloseTo(expected[i], within(sameFloat(expected[i])))
                        .isEqualTo(direct.score());
                assertThat(v.get("ganwatch_anomaly")).isEqualTo(direct.anomaly());
                assertThat(v.get("ganwatch_p_value")).isEqualTo(direct.pValue().getAsDouble());
                assertThat(v.get("ganwatch_model_version")).isEqualTo(direct.modelVersion());
                double structScore = ((Struct) t.apply(record(CONN, struct(rows.rows().get(i)), i)).value())
                        .getFloat64("ganwatch_score");
                assertThat(structScore).isEqualTo(direct.score());
            }
        }
    }

    @Test
    void headersModeLeavesTheValueAndAddsTheHeaders() {
        try (ScoreRecord<SinkRecord> t = transform(Map.of("output", "HEADERS"))) {
            for (int i = 0; i < rows.rows().size(); i++) {
                Struct in = struct(rows.rows().get(i));
                SinkRecord rec = record(CONN, in, i);
                rec.headers().addString("upstream", "kept");
                SinkRecord out = t.apply(rec);
                assertThat(out.value()).isSameAs(in);
                assertThat(out.valueSchema()).isSameAs(CONN);
                assertThat((double) out.headers().lastWithName("ganwatch.score").value()).isCloseTo(expected[i], within(sameFloat(expected[i])));
                assertThat(out.headers().lastWithName("ganwatch.score").schema()).isEqualTo(Schema.FLOAT64_SCHEMA);
                assertThat(out.headers().lastWithName("ganwatch.anomaly").value()).isEqualTo(expected[i] >= threshold);
                assertThat((double) out.headers().lastWithName("ganwatch.p.value").value()).isBetween(0.0, 1.0);
                assertThat(out.headers().lastWithName("ganwatch.model.version").value()).isEqualTo(t.scorer().modelVersion());
                assertThat(out.headers().lastWithName("upstream").value()).isEqualTo("kept");
                assertThat(rec.headers().lastWithName("ganwatch.score")).as("the input record's headers are not changed").isNull();
            }
        }
    }

    @Test
    void connectsOwnFilterWithANegatedHasHeaderKeyKeepsOnlyTheAnomalies() {
        HasHeaderKey<SinkRecord> isAlert = new HasHeaderKey<>();
        isAlert.configure(Map.of("name", ScoreRecord.ALERT_HEADER));
        Filter<SinkRecord> filter = new Filter<>();
        filter.configure(Map.of());
        try (ScoreRecord<SinkRecord> t = transform(Map.of("output", "headers"))) {
            List<Integer> kept = new ArrayList<>();
            List<Integer> anomalies = new ArrayList<>();
            for (int i = 0; i < rows.rows().size(); i++) {
                SinkRecord scored = t.apply(record(CONN, struct(rows.rows().get(i)), i));
                // what Connect does for `predicate=isAlert, negate=true`: apply Filter when the predicate is false
                SinkRecord out = !isAlert.test(scored) ? filter.apply(scored) : scored;
                if (out != null) {
                    kept.add(i);
                }
                if (expected[i] >= threshold) {
                    anomalies.add(i);
                }
            }
            assertThat(anomalies).hasSizeGreaterThanOrEqualTo(2).hasSizeLessThan(rows.rows().size());
            assertThat(kept).isEqualTo(anomalies);
        }
    }

    @Test
    void aThresholdOverrideDecidesTheAnomalies() {
        try (ScoreRecord<SinkRecord> low = transform(Map.of("threshold", "-1e9"))) {
            Struct v = (Struct) low.apply(record(CONN, struct(rows.rows().get(0)), 0)).value();
            assertThat(v.getBoolean("ganwatch_anomaly")).isTrue();
        }
    }

    @Test
    void badValuesRaiseConnectsDataExceptionWithTheReason() {
        try (ScoreRecord<SinkRecord> t = transform(Map.of())) {
            Map<String, Object> missing = map(rows.rows().get(0));
            missing.remove("bytes");
            assertThatThrownBy(() -> t.apply(record(null, missing, 1))).isInstanceOf(DataException.class)
                    .hasMessageContaining("missing-field").hasMessageContaining("bytes").hasMessageContaining("conns-0 at offset 1");
            Map<String, Object> text = map(rows.rows().get(0));
            text.put("duration", "long");
            assertThatThrownBy(() -> t.apply(record(null, text, 2))).isInstanceOf(DataException.class)
                    .hasMessageContaining("duration");
            Map<String, Object> nan = map(rows.rows().get(0));
            nan.put("bytes", Double.NaN);
            assertThatThrownBy(() -> t.apply(record(null, nan, 3))).isInstanceOf(DataException.class)
                    .hasMessageContaining("not-finite");
            assertThatThrownBy(() -> t.apply(record(null, null, 4))).isInstanceOf(DataException.class)
                    .hasMessageContaining("null");
            assertThatThrownBy(() -> t.apply(record(Schema.STRING_SCHEMA, "bytes=1", 5))).isInstanceOf(DataException.class)
                    .hasMessageContaining("unsupported-type").hasMessageContaining("java.lang.String");
            Map<String, Object> clash = map(rows.rows().get(0));
            clash.put("ganwatch_score", 1.0);
            assertThatThrownBy(() -> t.apply(record(null, clash, 6))).isInstanceOf(DataException.class)
                    .hasMessageContaining("ganwatch_score").hasMessageContaining("output=headers");
            // the transform is still usable after rejections
            assertThat(((Struct) t.apply(record(CONN, struct(rows.rows().get(0)), 7)).value()).getFloat64("ganwatch_score"))
                    .isCloseTo(expected[0], within(sameFloat(expected[0])));
        }
    }

    @Test
    void settingsAreValidatedWithMessagesThatSayWhatToDo() {
        assertThatThrownBy(() -> new ScoreRecord<SinkRecord>().configure(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("exactly one of model.path").hasMessageContaining("neither");
        assertThatThrownBy(() -> new ScoreRecord<SinkRecord>().configure(Map.of("model.path", model.toString(),
                "model.topic", "models", "model.kafka.bootstrap.servers", "localhost:9092")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("both");
        assertThatThrownBy(() -> new ScoreRecord<SinkRecord>().configure(Map.of("model.topic", "models")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("model.kafka.bootstrap.servers");
        assertThatThrownBy(() -> transform(Map.of("output", "value")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("output").hasMessageContaining("FIELDS, HEADERS");
        assertThatThrownBy(() -> transform(Map.of("threshold", "NaN")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("threshold").hasMessageContaining("finite");
        assertThatThrownBy(() -> transform(Map.of("threshold", "high")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("threshold");
        assertThatThrownBy(() -> transform(Map.of("device", "tpu")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tpu");
        assertThatThrownBy(() -> transform(Map.of("threads", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("threads");
        assertThatThrownBy(() -> transform(Map.of("model.id", "conn")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("model.topic only");
        assertThatThrownBy(() -> new ScoreRecord<SinkRecord>().configure(Map.of("model.path", dir.resolve("nothing").toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no such directory");
        assertThatThrownBy(() -> new ScoreRecord<SinkRecord>().configure(Map.of("model.path", dir.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("could not load the model");
        // Connect's REST validation sees the same definitions, with docs
        ScoreRecord<SinkRecord> unconfigured = new ScoreRecord<>();
        assertThat(unconfigured.config().names()).contains("model.path", "model.topic", "output", "threshold");
        assertThat(Objects.requireNonNull(unconfigured.config().configKeys().get("output").documentation)).contains("headers");
        assertThat(unconfigured.config().validate(Map.of("model.path", model.toString(), "output", "nope")).stream()
                .filter(v -> v.name().equals("output")).findFirst().orElseThrow().errorMessages()).isNotEmpty();
        assertThat(unconfigured.version()).isNotBlank();
    }


    /**
     * The same float32 score up to a few units in the last place: a record scored alone and the same
     * record scored in a batch go through ONNX Runtime's Gemm with different blockings (the kNN head's
     * distance to every prototype is one), which may round the last bit differently.
     */
    private static double sameFloat(double expected) {
        return 4 * Math.ulp((float) expected);
    }
}
