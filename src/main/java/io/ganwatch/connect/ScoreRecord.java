package io.ganwatch.connect;

import io.ganwatch.api.GanwatchScorer;
import io.ganwatch.api.RejectedValueException;
import io.ganwatch.api.ScoreResult;
import io.ganwatch.model.Versions;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.util.SchemaUtil;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Kafka Connect single message transform that scores each record's value with a ganwatch model
 * and adds the result to the record.
 *
 * <p>The value is a {@link Struct} with a schema (Avro, JSON with schemas, Protobuf converters) or a
 * schemaless {@link Map} (JSON with {@code schemas.enable=false}); its top-level fields named like the
 * model's input columns are scored, other fields are ignored. With {@code output=fields} the value
 * gets {@value #SCORE_FIELD} (float64), {@value #ANOMALY_FIELD} (boolean), {@value #P_VALUE_FIELD}
 * (optional float64, null for a bundle without calibration scores) and {@value #MODEL_VERSION_FIELD}
 * (string); with {@code output=headers} the headers {@value #SCORE_HEADER}, {@value #ANOMALY_HEADER},
 * {@value #P_VALUE_HEADER} (only when the bundle is calibrated) and {@value #MODEL_VERSION_HEADER}
 * are added and the value is left as it was. In both modes an anomaly, and only an anomaly, also gets
 * the header {@value #ALERT_HEADER} (its score), so that Connect's own {@code Filter} with a negated
 * {@code HasHeaderKey} predicate keeps only the anomalies.
 *
 * <p>A value that cannot be scored (null, not a Struct or Map, a missing or non-numeric field, a
 * number that is not finite) raises Connect's {@link DataException} with ganwatch's reason code, so
 * that {@code errors.tolerance=all} skips it and, for a sink connector,
 * {@code errors.deadletterqueue.topic.name} receives it.
 *
 * <p>Scoring goes through {@link GanwatchScorer}, one record per call: a transform sees one record at
 * a time. Each task holds its own model (loaded from {@code model.path}, or followed on
 * {@code model.topic} with hot swap).
 *
 * @param <R> the record type (source or sink)
 */
public class ScoreRecord<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
    /** Field with the score, {@code output=fields}. */
    public static final String SCORE_FIELD = "ganwatch_score";
    /** Field with true for an anomaly, {@code output=fields}. */
    public static final String ANOMALY_FIELD = "ganwatch_anomaly";
    /** Field with the calibrated p-value (null without calibration), {@code output=fields}. */
    public static final String P_VALUE_FIELD = "ganwatch_p_value";
    /** Field with the version of the model that scored the record, {@code output=fields}. */
    public static final String MODEL_VERSION_FIELD = "ganwatch_model_version";
    /** Header with the score, {@code output=headers}. */
    public static final String SCORE_HEADER = "ganwatch.score";
    /** Header with true for an anomaly, {@code output=headers}. */
    public static final String ANOMALY_HEADER = "ganwatch.anomaly";
    /** Header with the calibrated p-value, {@code output=headers}, only for a calibrated bundle. */
    public static final String P_VALUE_HEADER = "ganwatch.p.value";
    /** Header with the model version, {@code output=headers}. */
    public static final String MODEL_VERSION_HEADER = "ganwatch.model.version";
    /** Header present on anomalies only (value: the score), in both output modes, for Filter + HasHeaderKey. */
    public static final String ALERT_HEADER = "ganwatch.alert";

    private static final List<String> ADDED_FIELDS = List.of(SCORE_FIELD, ANOMALY_FIELD, P_VALUE_FIELD, MODEL_VERSION_FIELD);

    private ScoreRecordConfig config;
    private GanwatchScorer scorer;
    // As Connect's own InsertField: one extended schema per input schema, shared by the task's records.
    private Cache<Schema, Schema> schemaCache;

    /** Made by Connect through reflection; {@link #configure} does the work. */
    public ScoreRecord() {
    }

    @Override
    public void configure(Map<String, ?> settings) {
        config = ScoreRecordConfig.parse(settings);
        schemaCache = new SynchronizedCache<>(new LRUCache<>(16));
        try {
            scorer = config.modelPath().isPresent()
                    ? GanwatchScorer.fromBundle(config.modelPath().get(), config.options())
                    : GanwatchScorer.followModelTopic(config.modelKafka(), config.modelTopic().get(), config.options(),
                    config.catchUp());
        } catch (RuntimeException e) {
            String where = config.modelPath().map(p -> ScoreRecordConfig.MODEL_PATH + "=" + p)
                    .orElseGet(() -> ScoreRecordConfig.MODEL_TOPIC + "=" + config.modelTopic().get());
            throw new ConfigException("ganwatch could not load the model from " + where + ": " + e.getMessage()
                    + " (check that the bundle was made by `ganwatch train` or `publish-model`, and that this worker can read it)");
        }
    }

    @Override
    public R apply(R record) {
        if (scorer == null) {
            throw new IllegalStateException("ScoreRecord used before configure()");
        }
        Object value = record.value();
        Schema schema = record.valueSchema();
        ScoreResult result;
        Map<String, Object> fields;
        if (value == null) {
            throw rejected(record, "null-value", "the value is null (a tombstone?); drop tombstones before this transform, "
                    + "for example with Filter and the RecordIsTombstone predicate");
        } else if (value instanceof Struct struct) {
            fields = toMap(struct);
        } else if (value instanceof Map<?, ?> map) {
            fields = copyOf(record, map);
        } else {
            throw rejected(record, RejectedValueException.UNSUPPORTED_TYPE, "the value is a " + value.getClass().getName()
                    + ", not a Struct or a Map; use a converter that gives records with fields (JsonConverter, AvroConverter)");
        }
        try {
            result = scorer.score(fields);
        } catch (RejectedValueException e) {
            throw rejected(record, e.reason(), e.getMessage());
        }
        Headers headers = record.headers().duplicate();
        if (result.anomaly()) {
            headers.addDouble(ALERT_HEADER, result.score());
        }
        if (config.output() == ScoreRecordConfig.Output.HEADERS) {
            headers.addDouble(SCORE_HEADER, result.score());
            headers.addBoolean(ANOMALY_HEADER, result.anomaly());
            if (result.pValue().isPresent()) {
                headers.addDouble(P_VALUE_HEADER, result.pValue().getAsDouble());
            }
            headers.addString(MODEL_VERSION_HEADER, result.modelVersion());
            return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(), schema, value,
                    record.timestamp(), headers);
        }
        if (value instanceof Struct struct) {
            Schema extended = extended(record, struct.schema());
            Struct out = new Struct(extended);
            for (Field f : struct.schema().fields()) {
                out.put(f.name(), struct.get(f));
            }
            out.put(SCORE_FIELD, result.score());
            out.put(ANOMALY_FIELD, result.anomaly());
            out.put(P_VALUE_FIELD, result.pValue().isPresent() ? result.pValue().getAsDouble() : null);
            out.put(MODEL_VERSION_FIELD, result.modelVersion());
            return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(), extended, out,
                    record.timestamp(), headers);
        }
        for (String name : ADDED_FIELDS) {
            if (fields.containsKey(name)) {
                throw clash(record, name);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>(fields);
        out.put(SCORE_FIELD, result.score());
        out.put(ANOMALY_FIELD, result.anomaly());
        out.put(P_VALUE_FIELD, result.pValue().isPresent() ? result.pValue().getAsDouble() : null);
        out.put(MODEL_VERSION_FIELD, result.modelVersion());
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(), schema, out,
                record.timestamp(), headers);
    }

    /** The input schema with ganwatch's four fields appended, made once per input schema. */
    private Schema extended(R record, Schema schema) {
        Schema cached = schemaCache.get(schema);
        if (cached != null) {
            return cached;
        }
        for (String name : ADDED_FIELDS) {
            if (schema.field(name) != null) {
                throw clash(record, name);
            }
        }
        SchemaBuilder b = SchemaUtil.copySchemaBasics(schema, SchemaBuilder.struct());
        for (Field f : schema.fields()) {
            b.field(f.name(), f.schema());
        }
        b.field(SCORE_FIELD, Schema.FLOAT64_SCHEMA)
                .field(ANOMALY_FIELD, Schema.BOOLEAN_SCHEMA)
                .field(P_VALUE_FIELD, Schema.OPTIONAL_FLOAT64_SCHEMA)
                .field(MODEL_VERSION_FIELD, Schema.STRING_SCHEMA);
        Schema built = b.build();
        schemaCache.put(schema, built);
        return built;
    }

    /** A Struct's top-level fields by name; the scorer takes what the model needs and reports what is wrong. */
    private static Map<String, Object> toMap(Struct struct) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Field f : struct.schema().fields()) {
            m.put(f.name(), struct.get(f));
        }
        return m;
    }

    private Map<String, Object> copyOf(R record, Map<?, ?> map) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw rejected(record, RejectedValueException.UNSUPPORTED_TYPE, "the value is a map with a "
                        + (e.getKey() == null ? "null" : e.getKey().getClass().getSimpleName()) + " key; field names must be strings");
            }
            m.put(key, e.getValue());
        }
        return m;
    }

    private DataException clash(R record, String name) {
        return rejected(record, "field-exists", "the value already has a field " + name
                + "; rename it before this transform (ReplaceField), or use output=headers");
    }

    private static <R extends ConnectRecord<R>> DataException rejected(R record, String reason, String message) {
        String offset = record instanceof SinkRecord sink ? " at offset " + sink.kafkaOffset() : "";
        return new DataException("ganwatch could not score the record from " + record.topic()
                + (record.kafkaPartition() == null ? "" : "-" + record.kafkaPartition()) + offset + ": " + reason + ": " + message);
    }

    /** The scorer in use, for tests in this package. */
    GanwatchScorer scorer() {
        return scorer;
    }

    @Override
    public ConfigDef config() {
        return ScoreRecordConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return Versions.ganwatch();
    }

    @Override
    public void close() {
        if (scorer != null) {
            scorer.close();
            scorer = null;
        }
    }
}
