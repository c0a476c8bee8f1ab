package io.ganwatch.detector;

import io.ganwatch.features.CategoricalColumn;
import io.ganwatch.features.ColumnSpec;
import io.ganwatch.features.FeatureEncoder;
import io.ganwatch.features.RawValues;
import io.ganwatch.input.Table;
import io.ganwatch.model.BundleException;
import io.ganwatch.model.CalibrationScores;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.scoring.Device;
import io.ganwatch.scoring.OnnxScorer;
import io.ganwatch.scoring.ScoreBatch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A loaded model bundle ready to score raw rows: the bundle's encoder in front of an ONNX Runtime
 * session. Thread-safe.
 */
public final class Detector implements AutoCloseable {
    private static final int BATCH = 4096;

    private final ModelBundle bundle;
    private final FeatureEncoder encoder;
    private final OnnxScorer scorer;
    private final double threshold;
    private final int[] offsets;
    private final CalibrationScores calibration;
    private volatile boolean closed;

    /**
     * @param bundle    a verified bundle
     * @param device    where to run the graph (falls back to CPU with a warning)
     * @param threshold alert threshold (the bundle's, or an override)
     */
    public Detector(ModelBundle bundle, Device device, double threshold) {
        this.bundle = bundle;
        this.encoder = new FeatureEncoder(bundle.metadata().features());
        this.scorer = new OnnxScorer(bundle.graph(), device, 0);
        this.threshold = threshold;
        this.offsets = bundle.metadata().features().offsets();
        this.calibration = bundle.metadata().calibrationScores();
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
     * its value fell in a categorical column's unknown bucket.
     *
     * <p>What the graph gives: one contribution per encoded feature, its share of the reconstruction
     * error |x − G(E(x))| times the score (see {@code OnnxExporter}). A numeric column is one feature, a
     * categorical column a one-hot block with a slot per training category plus the unknown bucket,
     * and the generator's output is linear, so every slot of a block carries some error even on normal
     * rows. Summing the block (as earlier ganwatch versions did) made a column's weight grow with its number of
     * categories: a 50-category column won almost every explanation, whatever the cause.
     *
     * <p>So a categorical column counts only the slots that say how unexpected <em>this row's</em>
     * value is: the active category's error |1 − G(E(x))<sub>active</sub>| (1 when the model did not
     * expect the category at all) plus the unknown bucket's error (how strongly the model expected a
     * value it has never seen; it is the active slot itself for a value never seen in training). The
     * errors on the other categories' slots measure the generator's noise, once per category, and are
     * left out. A numeric column counts its one feature, in robust standard deviations of its training
     * values. Every column then weighs at most two slots, whatever its width, and the columns'
     * errors are rescaled to sum to the row's score, so each value reads as a share of the score.
     *
     * <p>A batch scored without its encoded rows (an engine other than {@link OnnxScorer}) cannot tell
     * which slot is active; a categorical column then counts its largest slot, which is the active one
     * whenever the model's error there exceeds its noise elsewhere, and no value is flagged unseen.
     */
    public List<Contribution> topContributions(ScoreBatch batch, int row, int k) {
        if (k <= 0) {
            return List.of(); // nothing asked: the batch may hold no contributions at all
        }
        List<ColumnSpec> columns = encoder.spec().columns();
        double[] error = new double[columns.size()];
        boolean[] unseen = new boolean[columns.size()];
        double total = 0;
        for (int c = 0; c < columns.size(); c++) {
            int from = offsets[c];
            int to = offsets[c + 1];
            if (columns.get(c) instanceof CategoricalColumn) {
                int unknown = to - 1;
                int active = batch.hasInputs() ? activeSlot(batch, row, from, to) : largestSlot(batch, row, from, to);
                unseen[c] = batch.hasInputs() && active == unknown;
                error[c] = batch.contribution(row, active) + (active == unknown ? 0 : batch.contribution(row, unknown));
            } else {
                error[c] = batch.contribution(row, from);
            }
            total += error[c];
        }
        double score = batch.scores()[row];
        List<Contribution> all = new ArrayList<>(columns.size());
        for (int c = 0; c < columns.size(); c++) {
            all.add(new Contribution(columns.get(c).name(), total > 0 ? score * error[c] / total : 0, unseen[c]));
        }
        all.sort(Comparator.comparingDouble(Contribution::value).reversed());
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }

    /** The one-hot slot holding the row's category (the encoder writes exactly one 1 per block). */
    private static int activeSlot(ScoreBatch batch, int row, int from, int to) {
        int best = from;
        for (int f = from + 1; f < to; f++) {
            if (batch.input(row, f) > batch.input(row, best)) {
                best = f;
            }
        }
        return best;
    }

    private static int largestSlot(ScoreBatch batch, int row, int from, int to) {
        int best = from;
        for (int f = from + 1; f < to; f++) {
            if (batch.contribution(row, f) > batch.contribution(row, best)) {
                best = f;
            }
        }
        return best;
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
}
