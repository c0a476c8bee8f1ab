package io.ganwatch.api;

import io.ganwatch.detector.Detector;
import io.ganwatch.model.BundleSigning;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.streams.ModelMessages;
import io.ganwatch.scoring.Device;
import io.ganwatch.scoring.ScoreBatch;
import io.ganwatch.scoring.ScoringThreshold;
import io.ganwatch.streams.DecodedRecord;
import io.ganwatch.streams.MicrometerScoringMetrics;
import io.ganwatch.streams.ModelHolder;
import io.ganwatch.streams.ModelWatcher;
import io.ganwatch.streams.RejectedRecordException;
import io.ganwatch.streams.ValueEncoder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Properties;

/**
 * Scores values with a trained ganwatch model: the entry point of the library API.
 *
 * <p>Make one per application and share it: it is thread-safe, and every call leases the model that
 * is serving when it starts, so a hot swap ({@link #followModelTopic}) takes effect between calls and
 * never inside one. Close it when done; that frees the model's native ONNX Runtime session and stops
 * following the model topic.
 *
 * <p>A value is an Avro {@link GenericRecord} or {@link SpecificRecord}, a {@code Map<String, ?>} of
 * field name to {@code Number}, {@code String}, {@code Boolean} or {@code null}, or one JSON object as
 * {@code byte[]} (UTF-8) or {@code String}. The fields the model reads are named by the bundle
 * ({@link #inputColumns()}); others are ignored. A value that cannot be scored raises
 * {@link RejectedValueException}.
 */
public final class GanwatchScorer implements AutoCloseable {
    private final ModelHolder models;
    private final ModelWatcher watcher;
    private final int topK;

    private GanwatchScorer(ModelHolder models, ModelWatcher watcher, int topK) {
        this.models = models;
        this.watcher = watcher;
        this.topK = topK;
    }

    /**
     * {@link #fromBundle(Path, ScorerOptions)} with {@link ScorerOptions#defaults()}.
     *
     * @param bundleDir the bundle directory ({@code model.json} and {@code model.onnx})
     * @return a scorer serving that bundle
     */
    public static GanwatchScorer fromBundle(Path bundleDir) {
        return fromBundle(bundleDir, ScorerOptions.defaults());
    }

    /**
     * Loads the bundle that {@code ganwatch train} wrote to {@code bundleDir}.
     *
     * @param bundleDir the bundle directory ({@code model.json} and {@code model.onnx})
     * @param options   device, threads, threshold and topK ({@code modelId} and {@code trustedKeys} play no part)
     * @return a scorer serving that bundle
     * @throws RuntimeException (unchecked) when the directory holds no valid bundle, or the bundle does not
     *                          load; the message says what is wrong and what to do
     */
    public static GanwatchScorer fromBundle(Path bundleDir, ScorerOptions options) {
        Objects.requireNonNull(bundleDir, "bundleDir");
        Objects.requireNonNull(options, "options");
        ModelBundle bundle = ModelBundle.load(bundleDir);
        Detector detector = new Detector(bundle, Device.parse(options.device()), threshold(options).resolve(bundle),
                options.threads());
        return new GanwatchScorer(new ModelHolder(detector), null, options.topK());
    }

    /**
     * Serves the model published on a model topic ({@code ganwatch publish-model}) and follows the
     * topic: each newly published bundle that verifies and loads replaces the serving one without a
     * restart, exactly as ganwatch's stream processor does. A corrupt, unloadable or (with
     * {@link ScorerOptions#trustedKeys()}) untrusted bundle is refused with a WARN log and the current
     * model keeps serving.
     *
     * @param kafka      client settings: {@code bootstrap.servers} and any security settings; no group is used
     * @param modelTopic the compacted model topic
     * @param options    device, threads, threshold, topK, model id and trusted keys
     * @param catchUp    how long to read the topic to its end before giving up
     * @return a scorer serving the topic's model, and following it until closed
     * @throws IllegalArgumentException when the topic does not exist, holds no loadable bundle, or holds
     *                                  several model ids and {@link ScorerOptions#modelId()} names none
     * @throws IllegalStateException    when the topic cannot be read to its end within {@code catchUp}
     */
    public static GanwatchScorer followModelTopic(Properties kafka, String modelTopic, ScorerOptions options,
                                                  Duration catchUp) {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(modelTopic, "modelTopic");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(catchUp, "catchUp");
        Map<String, PublicKey> trusted = options.trustedKeys().map(BundleSigning::trustedKeys).orElse(null);
        // The watcher counts swaps and refusals in Micrometer; a library user reads them in the logs.
        MicrometerScoringMetrics metrics = new MicrometerScoringMetrics(new SimpleMeterRegistry());
        ModelWatcher watcher = new ModelWatcher(kafka, modelTopic, Device.parse(options.device()), threshold(options),
                trusted, metrics, ModelMessages.DEFAULT_MAX_BYTES, options.threads());
        Detector detector;
        try {
            detector = watcher.catchUp(catchUp, options.modelId().orElse(null));
        } catch (RuntimeException e) {
            watcher.close();
            throw e;
        }
        if (detector == null) {
            watcher.close();
            throw new IllegalArgumentException("model topic '" + modelTopic + "' holds no loadable bundle"
                    + options.modelId().map(id -> " of model id " + id).orElse("")
                    + " yet; publish one with `ganwatch publish-model`, or load a bundle directory with fromBundle");
        }
        ModelHolder models = new ModelHolder(detector);
        watcher.follow(models);
        return new GanwatchScorer(models, watcher, options.topK());
    }

    private static ScoringThreshold threshold(ScorerOptions options) {
        return options.threshold().isPresent() ? new ScoringThreshold(options.threshold().getAsDouble(), null)
                : ScoringThreshold.BUNDLE;
    }

    /**
     * Scores one value.
     *
     * @param value an Avro record, a {@code Map<String, ?>}, or one JSON object as {@code byte[]} or {@code String}
     * @return its score, with the model that scored it
     * @throws RejectedValueException when the value cannot be scored (see its reason codes)
     */
    public ScoreResult score(Object value) {
        try (ModelHolder.Lease lease = models.acquire()) {
            ValueEncoder encoder = new ValueEncoder(lease.model());
            return score(lease.model(), encode(encoder, value, 0), 1, topK).get(0);
        }
    }

    /**
     * Scores every value in one engine call (faster than one {@link #score} call each), with one model:
     * the results are in the values' order and equal what {@link #score} gives for each.
     *
     * @param values values of any of the types {@link #score} takes, mixed as you like
     * @return one result per value, in order
     * @throws RejectedValueException for the first value that cannot be scored (its message gives its
     *                                1-based place in the list); nothing is scored then
     */
    public List<ScoreResult> scoreAll(List<?> values) {
        Objects.requireNonNull(values, "values");
        if (values.isEmpty()) {
            return List.of();
        }
        try (ModelHolder.Lease lease = models.acquire()) {
            Detector model = lease.model();
            ValueEncoder encoder = new ValueEncoder(model);
            int width = model.encoder().width();
            float[] flat = new float[values.size() * width];
            for (int i = 0; i < values.size(); i++) {
                System.arraycopy(encode(encoder, values.get(i), i + 1), 0, flat, i * width, width);
            }
            return score(model, flat, values.size(), topK);
        }
    }

    /**
     * The version of the bundle serving now.
     *
     * @return the version, as {@link ScoreResult#modelVersion()} gives it
     */
    public String modelVersion() {
        return models.current().bundle().metadata().version();
    }

    /**
     * The alert threshold of the model serving now.
     *
     * @return the bundle's threshold, or {@link ScorerOptions#threshold()} when given
     */
    public double threshold() {
        return models.current().threshold();
    }

    /**
     * The fields the serving model reads from each value.
     *
     * @return the field names, in the model's order
     */
    public List<String> inputColumns() {
        return List.copyOf(models.current().bundle().metadata().features().columnNames());
    }

    /** Stops following the model topic, and closes the model once no call is scoring with it. */
    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
        models.close();
    }

    /**
     * One value's feature row for {@code encoder}'s model, through the stream's own decode and encode path.
     *
     * @param line its 1-based place in a batch, for the message; 0 for a single value
     */
    static float[] encode(ValueEncoder encoder, Object value, long line) {
        try {
            return encoder.encode(decode(value, line), "value", line);
        } catch (RejectedRecordException e) {
            throw new RejectedValueException(e.reason().code(), e.getMessage(), e);
        }
    }

    private static DecodedRecord decode(Object value, long line) {
        if (value instanceof GenericRecord r) {
            return ValueEncoder.ofAvro(r);
        }
        if (value instanceof SpecificRecord r) {
            // A SpecificRecord that is not a GenericRecord (rare: generated classes extend SpecificRecordBase,
            // which is one) is read through a generic copy, field by position.
            GenericData.Record copy = new GenericData.Record(r.getSchema());
            for (int i = 0; i < r.getSchema().getFields().size(); i++) {
                copy.put(i, r.get(i));
            }
            return ValueEncoder.ofAvro(copy);
        }
        if (value instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked") // a non-String key is never looked up, so the field reads as missing
            Map<String, ?> fields = (Map<String, ?>) m;
            return ValueEncoder.ofMap(fields);
        }
        if (value instanceof byte[] b) {
            return ValueEncoder.ofJson(b);
        }
        if (value instanceof String s) {
            return ValueEncoder.ofJson(s.getBytes(StandardCharsets.UTF_8));
        }
        String where = line > 0 ? "value " + line + ": " : "";
        throw new RejectedValueException(RejectedValueException.UNSUPPORTED_TYPE, where + (value == null
                ? "the value is null; pass an Avro record, a Map, or a JSON object as byte[] or String"
                : "a " + value.getClass().getName() + " cannot be scored; pass an Avro record, a Map, or a JSON object as"
                + " byte[] or String"), null);
    }

    /**
     * Scores {@code rows} encoded rows with {@code model} in one engine call, then explains the anomalous
     * rows alone in a second (contributions cost a copy of the rows and more graph work, and only the
     * few anomalies need them), as the stream processor does.
     */
    static List<ScoreResult> score(Detector model, float[] flat, int rows, int topK) {
        ScoreBatch scored = model.scoreEncoded(flat, rows, false);
        double threshold = model.threshold();
        int width = model.encoder().width();
        int[] anomalyRow = new int[rows];
        int anomalies = 0;
        for (int i = 0; i < rows; i++) {
            anomalyRow[i] = scored.scores()[i] >= threshold && topK > 0 ? anomalies++ : -1;
        }
        List<List<Detector.Contribution>> explained = List.of();
        if (anomalies > 0) {
            float[] x = new float[anomalies * width];
            for (int i = 0; i < rows; i++) {
                if (anomalyRow[i] >= 0) {
                    System.arraycopy(flat, i * width, x, anomalyRow[i] * width, width);
                }
            }
            // All anomalies' repairs in one go, which also keeps calls on other threads independent (the
            // detector's row-by-row form caches its last batch for the stream processor's single thread).
            explained = model.topContributions(model.scoreEncoded(x, anomalies, true), topK);
        }
        String version = model.bundle().metadata().version();
        List<ScoreResult> results = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            double s = scored.scores()[i];
            List<Contribution> top = List.of();
            if (anomalyRow[i] >= 0) {
                top = explained.get(anomalyRow[i]).stream()
                        .map(c -> new Contribution(c.column(), c.value())).toList();
            }
            Double p = model.pValue(s);
            results.add(new ScoreResult(s, p == null ? OptionalDouble.empty() : OptionalDouble.of(p), s >= threshold, threshold,
                    top, version));
        }
        return results;
    }
}
