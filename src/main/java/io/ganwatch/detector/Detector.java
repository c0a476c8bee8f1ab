package io.ganwatch.detector;

import io.ganwatch.features.FeatureEncoder;
import io.ganwatch.features.RawValues;
import io.ganwatch.input.Table;
import io.ganwatch.model.BundleException;
import io.ganwatch.model.CalibrationScores;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.scoring.Device;
import io.ganwatch.scoring.OnnxScorer;
import io.ganwatch.scoring.ScoreBatch;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A loaded model bundle ready to score raw rows: the bundle's encoder in front of an ONNX Runtime
 * session. Thread-safe.
 */
public final class Detector implements AutoCloseable {
    private static final int BATCH = 4096;
    /** Batches up to this many rows are explained whole on the first row asked (see topContributions). */
    private static final int EXPLAIN_WHOLE_BATCH = 1024;

    private final ModelBundle bundle;
    private final FeatureEncoder encoder;
    private final OnnxScorer scorer;
    private final double threshold;
    private final CalibrationScores calibration;
    private final RepairContributions explainer;
    private final AtomicReference<Explained> lastExplained = new AtomicReference<>();
    private volatile boolean closed;

    /**
     * @param bundle    a verified bundle
     * @param device    where to run the graph (falls back to CPU with a warning)
     * @param threshold alert threshold (the bundle's, or an override)
     */
    public Detector(ModelBundle bundle, Device device, double threshold) {
        this(bundle, device, threshold, 0);
    }

    /**
     * @param bundle    a verified bundle
     * @param device    where to run the graph (falls back to CPU with a warning)
     * @param threshold alert threshold (the bundle's, or an override)
     * @param threads   ONNX Runtime intra-op threads (0 lets it decide: one per core)
     */
    public Detector(ModelBundle bundle, Device device, double threshold, int threads) {
        this.bundle = bundle;
        this.encoder = new FeatureEncoder(bundle.metadata().features());
        this.scorer = new OnnxScorer(bundle.graph(), device, threads);
        this.threshold = threshold;
        this.calibration = bundle.metadata().calibrationScores();
        this.explainer = new RepairContributions(bundle.metadata().features());
        if (scorer.width() != encoder.width()) {
            scorer.close();
            throw new BundleException("model bundle " + bundle.metadata().version() + " is incompatible: the graph takes "
                    + scorer.width() + " features but its feature spec encodes " + encoder.width() + "; retrain it");
        }
    }

    /** The bundle. */
    public ModelBundle bundle() {
        return bundle;
    }

    /** The encoder (the bundle's feature spec). */
    public FeatureEncoder encoder() {
        return encoder;
    }

    /** The threshold in force. */
    public double threshold() {
        return threshold;
    }

    /**
     * The conformal p-value of {@code score} against the bundle's calibration normal rows: about how
     * often a normal record scores at least this high (see {@link CalibrationScores#pValue}). {@code null}
     * for a bundle that keeps no calibration scores (trained by an older ganwatch).
     */
    public Double pValue(double score) {
        return calibration == null ? null : calibration.pValue(score);
    }

    /** Device in use after any fallback. */
    public Device device() {
        return scorer.device();
    }

    /** Scores rows that are already encoded (row-major, {@code rows} x the encoder's width). */
    public ScoreBatch scoreEncoded(float[] flat, int rows, boolean withContributions) {
        return scorer.score(flat, rows, withContributions);
    }

    /** Encodes and scores every row of a table. */
    public ScoreBatch score(Table table, boolean withContributions) {
        int width = encoder.width();
        int n = table.size();
        float[] scores = new float[n];
        float[] contributions = withContributions ? new float[n * width] : null;
        float[] inputs = withContributions ? new float[n * width] : null;
        float[] buffer = new float[Math.min(BATCH, Math.max(1, n)) * width];
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            float[] flat = to - from == BATCH ? buffer : new float[(to - from) * width];
            encoder.encode(table, from, to, flat);
            ScoreBatch b = scorer.score(flat, to - from, withContributions);
            System.arraycopy(b.scores(), 0, scores, from, to - from);
            if (withContributions) {
                System.arraycopy(b.contributions(), 0, contributions, from * width, (to - from) * width);
                System.arraycopy(b.inputs(), 0, inputs, from * width, (to - from) * width);
            }
        }
        return new ScoreBatch(scores, contributions, width, inputs);
    }

    /**
     * The {@code k} raw columns contributing most to one row's score, largest first, each flagged when
     * its value fell in a categorical column's unknown bucket. A column's contribution is the part of
     * the score that goes away when it alone is repaired to a typical value (one extra graph call of
     * one row per column); a one-hot block is one substitution, so it gains no weight from its number
     * of categories. The README ("What a contribution means") and {@code RepairContributions} say why,
     * and when reconstruction errors decide instead ({@code ColumnContributions}).
     */
    public List<Contribution> topContributions(ScoreBatch batch, int row, int k) {
        if (k <= 0 || batch.size() > EXPLAIN_WHOLE_BATCH) {
            return explainer.top(batch, row, k, this::scoresOnly);
        }
        // The stream processor asks row by row for every row of a batch of alerts; one graph call for the
        // whole batch costs far less than one per row (the call overhead dominates a call of a few rows).
        Explained last = lastExplained.get();
        if (last == null || last.batch() != batch || last.k() != k) {
            last = new Explained(batch, k, explainer.topAll(batch, 0, batch.size(), k, this::scoresOnly));
            lastExplained.set(last);
        }
        return last.rows().get(row);
    }

    /**
     * {@link #topContributions(ScoreBatch, int, int)} for every row of the batch, the repairs of many
     * rows scored in one graph call: for explaining a whole file.
     */
    public List<List<Contribution>> topContributions(ScoreBatch batch, int k) {
        return explainer.topAll(batch, 0, batch.size(), k, this::scoresOnly);
    }

    private float[] scoresOnly(float[] flat, int rows) {
        return scorer.score(flat, rows, false).scores();
    }

    /** Whether {@link #close()} has run: the session is gone and scoring would fail. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        scorer.close();
    }

    /**
     * One raw column's share of a score.
     *
     * @param column column name
     * @param value  contribution (the contributions of all columns sum to the score)
     * @param unseen the value fell in a categorical column's unknown bucket: a category never seen in
     *               training, or a missing value (which the encoder puts there too; {@link #describe}
     *               tells them apart from the raw value)
     */
    public record Contribution(String column, double value, boolean unseen) {
        /** Text shown after a value that training never saw. */
        public static final String NEVER_SEEN = "(never seen in training)";

        /** A contribution of a value training saw. */
        public Contribution(String column, double value) {
            this(column, value, false);
        }

        /** Whether {@code raw}, this column's value in the scored record, is a category never seen in training. */
        public boolean unseenValue(Object raw) {
            return unseen && !RawValues.isMissing(raw);
        }

        /**
         * The column with its value, as an analyst reads it: {@code amount=0.97},
         * {@code merchant_category=5999 (never seen in training)}, {@code country=(missing)}.
         *
         * @param raw this column's value in the scored record
         */
        public String describe(Object raw) {
            if (RawValues.isMissing(raw)) {
                return column + "=(missing)";
            }
            return column + "=" + RawValues.category(raw) + (unseen ? " " + NEVER_SEEN : "");
        }
    }

    /** The last small batch explained whole, by identity: rows asked one by one reuse it. */
    private record Explained(ScoreBatch batch, int k, List<List<Contribution>> rows) {
    }
}
