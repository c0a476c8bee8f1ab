package io.ganwatch.detector;

import io.ganwatch.drift.TrainingProfile;
import io.ganwatch.evaluation.Metrics;
import io.ganwatch.features.FeatureEncoder;
import io.ganwatch.features.FeatureSpec;
import io.ganwatch.features.FeatureSpecLearner;
import io.ganwatch.features.FloatRows;
import io.ganwatch.features.RowStore;
import io.ganwatch.input.InputException;
import io.ganwatch.model.BundleMetadata;
import io.ganwatch.model.CalibrationScores;
import io.ganwatch.model.Hashes;
import io.ganwatch.model.KnnHead;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.model.OnnxExporter;
import io.ganwatch.model.Provenance;
import io.ganwatch.model.ScoringMethod;
import io.ganwatch.model.Threshold;
import io.ganwatch.model.Versions;
import io.ganwatch.scoring.Device;
import io.ganwatch.scoring.OnnxScorer;
import io.ganwatch.scoring.ThresholdCalibrator;
import io.ganwatch.training.AladConfig;
import io.ganwatch.training.AladFeatures;
import io.ganwatch.training.AladTrainer;
import io.ganwatch.training.EpochStats;
import io.ganwatch.training.Permutations;
import io.ganwatch.training.TrainingListener;
import io.ganwatch.training.TrainingResult;
import io.ganwatch.training.TrainingSchedule;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Trains a detector bundle end to end: learn the feature spec on normal rows, hold back normal rows
 * for checkpoint choice and threshold calibration, train ALAD, store prototypes of the normal rows in
 * the GAN's feature space ({@link KnnHeads}: all of them where they fit, else a sample of the fitted
 * ones), export one ONNX graph, calibrate the threshold with ONNX Runtime (the same engine that will
 * score, leaving a held-back row's own prototype out), and record provenance.
 */
public final class DetectorTrainer {
    /** Share of normal rows held back to choose the checkpoint. */
    static final double CHECKPOINT_SHARE = 0.1;
    /** Share of normal rows held back to calibrate the threshold. */
    static final double CALIBRATION_SHARE = 0.1;
    /** Fewest normal rows that leave enough to fit after both hold-backs. */
    public static final int MIN_NORMAL_ROWS = 50;
    /**
     * Each hold-back keeps at least this many rows where the data allows (up to twice its share), so
     * that on a small set the checkpoint AUC and the calibration quantiles rest on more than a handful.
     */
    static final int MIN_HOLDBACK = 20;
    /**
     * Rows ONNX Runtime scores at once while calibrating. The kNN head makes [batch, prototypes] float
     * intermediates (distances to every prototype); at 4096 x 4096 that is 64 MiB each. On KDD99 10%
     * resident memory rose by about 280 MB after training at 4096 (ONNX Runtime keeps its arena),
     * by 100 to 120 MB at 1024; calibration scores a tenth of the rows, so the time is the same.
     */
    static final int SCORE_BATCH = 1024;

    private DetectorTrainer() {
    }

    /**
     * Trains a bundle.
     *
     * @throws InputException for data that cannot be trained on
     */
    public static TrainedDetector train(TrainingRequest req, TrainingListener listener) {
        try (HeapShape heap = HeapShape.tighten()) {
            return train(req, listener, heap);
        }
    }

    private static TrainedDetector train(TrainingRequest req, TrainingListener listener, HeapShape heap) {
        String source = req.rows().name();
        Set<String> exclude = new HashSet<>();
        if (req.labels() != null) {
            exclude.add(req.labels().column());
        }
        // Pass 1: the feature spec from the normal rows, and the counts that size pass 2.
        long started = System.nanoTime();
        FeatureSpecLearner.Accumulator learner = new FeatureSpecLearner(exclude, req.categorical(), req.missing(), 1000)
                .accumulator(req.config().seed());
        Counted counted = new Counted(req.labels(), learner);
        req.rows().forEach(counted);
        if (counted.classifier != null) {
            counted.classifier.requireNormal();
        }
        FeatureSpec spec = learner.spec();
        if (counted.rows >= RATE_NOTE_ROWS) {
            listener.note(rate("pass 1 (feature specification)", counted.rows, started));
        }
        long normalSeen = counted.normal;
        long anomaliesSeen = counted.rows - counted.normal;
        if (normalSeen < MIN_NORMAL_ROWS) {
            throw new InputException(source, 0, null, "has " + normalSeen + " normal rows; training needs at least "
                    + MIN_NORMAL_ROWS + " (to fit and to hold some back for the checkpoint and the threshold); add normal rows");
        }
        FeatureEncoder encoder = new FeatureEncoder(spec);
        Plan plan = Plan.of(normalSeen, anomaliesSeen, req.maxRows(), encoder.width(), req.config().maxPrototypes(encoder.width()),
                req.config().seed());
        if (plan.sampling() != null) {
            listener.note(plan.message());
        }
        if (plan.normalKept() < MIN_NORMAL_ROWS) {
            throw new InputException(source, 0, null, "cannot be trained on in this heap: " + plan.message()
                    + "; even " + MIN_NORMAL_ROWS + " rows do not fit, so raise -Xmx");
        }

        // Pass 2: encode straight into float rows, keeping a seeded uniform reservoir when sampling.
        started = System.nanoTime();
        Encoded encoded = new Encoded(req.labels(), encoder, plan, req.config().seed());
        req.rows().forEach(encoded);
        if (encoded.normalSeen() != normalSeen || encoded.anomaliesSeen() != anomaliesSeen) {
            throw new InputException(source, 0, null, "changed between the two passes (" + normalSeen + " then "
                    + encoded.normalSeen() + " normal rows); train on a file that is not being written to");
        }
        if (counted.rows >= RATE_NOTE_ROWS) {
            listener.note(rate("pass 2 (encoding)", counted.rows, started));
        }
        heap.compact(); // phase boundary: from here on the live heap is the encoded rows (see HeapShape)
        FloatRows rows = encoded.normal;
        FloatRows anomalyRows = encoded.anomalies;
        int rowsRead = (int) Math.min(Integer.MAX_VALUE, counted.rows);
        int normalRows = (int) Math.min(Integer.MAX_VALUE, normalSeen);
        int explicitBatch = req.config().batchSize();
        if (explicitBatch != AladConfig.AUTOMATIC && rows.size() < 3 * explicitBatch) {
            throw new InputException(source, 0, null, "has " + rows.size() + " normal rows; --batch-size "
                    + explicitBatch + " needs at least " + 3 * explicitBatch + " (3 batches); lower --batch-size, or leave it"
                    + " out to have one chosen for the data");
        }

        // Views by index on the one store: the hold-backs and the fitted rows are never copied.
        int[] order = Permutations.of(rows.size(), req.config().seed());
        int nCheck = holdBack(rows.size(), CHECKPOINT_SHARE);
        int nCal = holdBack(rows.size(), CALIBRATION_SHARE);
        FloatRows check = rows.pick(order, 0, nCheck);
        FloatRows cal = rows.pick(order, nCheck, nCheck + nCal);
        FloatRows fit = rows.pick(order, nCheck + nCal, rows.size());
        order = null; // the views hold their own indices

        TrainingSchedule schedule = TrainingSchedule.of(req.config(), fit.size());
        AladConfig config = schedule.applyTo(req.config());
        if (schedule.choseAnything()) {
            listener.note(schedule.describe());
        }
        TrainingResult result = new AladTrainer(config, listener).train(fit, check, spec.offsets());
        // The score: distance to the nearest normal rows in the GAN's feature space. Where all of them fit in the
        // graph, the held-back rows are prototypes too, and every score of a held-back row (scale, threshold,
        // p-values, hold-out metrics) leaves its nearest prototype, itself, out. Otherwise the prototypes are
        // distinct fitted rows chosen by Prototypes (a sample and, unless asked not to, the rows farthest from it),
        // and the held-back rows are scored as they are (scaled on the checkpoint rows, calibrated on the others),
        // so the threshold and p-values stay honest either way.
        boolean allPrototypes = KnnHeads.keepsAll(result.weights(), rows.size(), plan.prototypes());
        KnnHead head = allPrototypes ? KnnHeads.fitAll(result.weights(), rows, plan.prototypes(), config.seed())
                : KnnHeads.fit(result.weights(), fit, check, plan.prototypes(), config.prototypeChoice(), config.seed());
        byte[] graph = OnnxExporter.export(result.weights(), head, Versions.ganwatch());
        String graphSha = Hashes.sha256(graph);

        Threshold threshold;
        CalibrationScores calibration;
        Map<String, Double> validation = new LinkedHashMap<>();
        try (OnnxScorer scorer = new OnnxScorer(graph, Device.CPU, 0);
             OnnxScorer leavingOut = allPrototypes ? new OnnxScorer(OnnxExporter.exportLeavingNearestOut(result.weights(), head,
                     Versions.ganwatch()), Device.CPU, 0) : null) {
            OnnxScorer heldBackScorer = leavingOut == null ? scorer : leavingOut; // held-back rows are not prototypes
            float[] calScores = heldBackScorer.score(cal, SCORE_BATCH, false).scores();
            threshold = ThresholdCalibrator.calibrate(calScores, req.targetFpr());
            for (float c : calScores) {
                if (Float.isNaN(c)) {
                    throw new IllegalStateException("training diverged: the model scores held-back normal rows as NaN;"
                            + " train again with a lower --learning-rate or another --seed");
                }
            }
            // Kept in the bundle: p-values and scoring-time thresholds come from the same scores.
            calibration = CalibrationScores.of(calScores);
            EpochStats best = result.history().get(result.bestEpoch() - 1);
            validation.put("checkpoint_validation_auc", best.validationAuc());
            if (anomalyRows.size() > 0) {
                // Labelled anomalies in the training file never touch training; with the held-back
                // normal rows they give an honest estimate of detection quality.
                FloatRows heldNormal = FloatRows.concat(check, cal);
                FloatRows anom = anomalyRows;
                double[] scores = new double[heldNormal.size() + anom.size()];
                boolean[] isAnom = new boolean[scores.length];
                float[] sn = heldBackScorer.score(heldNormal, SCORE_BATCH, false).scores();
                float[] sa = scorer.score(anom, SCORE_BATCH, false).scores();
                for (int i = 0; i < sn.length; i++) {
                    scores[i] = sn[i];
                }
                for (int i = 0; i < sa.length; i++) {
                    scores[sn.length + i] = sa[i];
                    isAnom[sn.length + i] = true;
                }
                Metrics m = Metrics.of(scores, isAnom, threshold.value());
                validation.put("holdout_roc_auc", m.rocAuc());
                validation.put("holdout_pr_auc", m.prAuc());
                validation.put("holdout_precision", m.precision());
                validation.put("holdout_recall", m.recall());
                validation.put("holdout_f1", m.f1());
                validation.put("holdout_anomalies", (double) anom.size());
            }
        }

        Instant now = Instant.now();
        String version = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(now)
                + "-" + graphSha.substring(0, 8);
        Provenance provenance = new Provenance(source, req.sourceSha256(), req.format(), rowsRead, normalRows,
                fit.size(), check.size(), cal.size(), config.seed(), Versions.all(), result.seconds(), graphSha, plan.sampling());
        BundleMetadata meta = new BundleMetadata(BundleMetadata.FORMAT, BundleMetadata.FORMAT_VERSION, req.modelId(), version,
                now.toString(), spec, spec.featureNames(), threshold, config, result.latentDim(), result.bestEpoch(),
                result.history(), validation, provenance, calibration, null);
        meta = meta.withScoring(ScoringMethod.of(head, allPrototypes, config.prototypeChoice()));
        meta = meta.withProfile(TrainingProfile.of(spec, fit, threshold.observedFpr())); // for the stream's drift watch
        return new TrainedDetector(new ModelBundle(meta, graph), result);
    }

    private static String rate(String what, long rows, long startedNanos) {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        return String.format(java.util.Locale.ROOT, "%s: %,d rows in %.1f s (%,.0f rows/s)", what, rows, seconds,
                rows / Math.max(seconds, 1e-9));
    }

    /**
     * How many rows pass 2 keeps, and how many prototypes the kNN head may keep. The rows must fit in
     * the heap twice over (the encoded rows, and the copies and batches that training, the checkpoint
     * and calibration make of parts of them), after a base measured now (what the heap holds once
     * pass 1 is done, plus {@link #RESERVE_BYTES}) and the export of the prototypes, which the heap
     * holds {@link #EXPORT_COPIES} times while the graph is built; in a small heap the prototypes get
     * at most a quarter of what the base leaves, and fewer of them are kept.
     *
     * @param normalKept    normal rows kept
     * @param anomaliesKept labelled anomalies kept
     * @param prototypes    most prototypes the kNN head keeps
     * @param sampling      the sampling record, or {@code null} when every row is kept
     * @param message       the line telling the user, when sampling
     */
    record Plan(int normalKept, int anomaliesKept, int prototypes, Provenance.Sampling sampling, String message) {
        static Plan of(long normal, long anomalies, long maxRows, int width, int maxPrototypes, long seed) {
            Runtime rt = Runtime.getRuntime();
            System.gc(); // once, so that the base is what pass 1 left alive and not its garbage
            long base = rt.totalMemory() - rt.freeMemory() + RESERVE_BYTES;
            long rowBytes = 4L * width + ROW_OVERHEAD_BYTES;
            long free = Math.max(0, rt.maxMemory() - base);
            long prototypeBytes = EXPORT_COPIES * 4L * (AladFeatures.WIDTH + width + 1);
            int prototypes = (int) Math.max(KnnHeads.DEFAULT_K + 1, Math.min(maxPrototypes, free / 4 / prototypeBytes));
            long fit = Math.max(0, (free - prototypes * prototypeBytes) / (2 * rowBytes));
            fit = Math.min(fit, Integer.MAX_VALUE - 8); // one Java array holds the rows
            long normalKept = Math.min(normal, Math.min(maxRows, fit));
            // Labelled anomalies only serve the held-back check; they get what the normal rows leave.
            long anomaliesKept = Math.min(anomalies, fit - normalKept);
            if (normalKept == normal && anomaliesKept == anomalies) {
                return new Plan((int) normalKept, (int) anomaliesKept, prototypes, null, null);
            }
            String reason;
            String message;
            double heapMib = rt.maxMemory() / (double) (1 << 20);
            if (normalKept < normal && normalKept == maxRows && maxRows < fit) {
                reason = "--max-rows " + maxRows;
                message = String.format(java.util.Locale.ROOT, "--max-rows %d: training on a uniform sample of %,d of %,d"
                        + " normal rows (seed %d)", maxRows, normalKept, normal, seed);
            } else {
                reason = String.format(java.util.Locale.ROOT, "memory: %,d rows of %d encoded features fit a %.0f MiB heap"
                        + " (2 x %d bytes a row beyond a base of %.0f MiB and %.0f MiB to export %,d prototypes)", fit, width, heapMib,
                        rowBytes, base / (double) (1 << 20), prototypes * prototypeBytes / (double) (1 << 20), prototypes);
                message = String.format(java.util.Locale.ROOT, "%,d normal rows (and %,d anomalies) do not fit in memory: %s;"
                        + " training on a uniform sample of %,d normal rows and %,d anomalies (seed %d);"
                        + " to keep more, give java a larger -Xmx, or pass --max-rows N to choose the sample size",
                        normal, anomalies, reason.substring("memory: ".length()), normalKept, anomaliesKept, seed);
            }
            return new Plan((int) normalKept, (int) anomaliesKept, prototypes, new Provenance.Sampling("reservoir (Algorithm R)", normal,
                    normalKept, anomalies, anomaliesKept, seed, reason), message);
        }
    }

    /** Copies of the prototypes the heap holds while the graph is exported (the head, the tensor, the graph, its bytes). */
    static final long EXPORT_COPIES = 4;
    /** Heap kept free beyond the measured base: the ONNX export, ONNX Runtime's inputs and the bundle's JSON. */
    static final long RESERVE_BYTES = 32L << 20;
    /** Inputs from this many rows on get a line with each pass's rate; on smaller ones it is noise. */
    static final long RATE_NOTE_ROWS = 100_000;
    /**
     * Beyond a row's floats: the indices the hold-back views, the shuffles and the sampling hold for it
     * (rows themselves sit in {@link RowStore} chunks, with no per-row header).
     */
    static final long ROW_OVERHEAD_BYTES = 16 + 8;

    /** Pass 1: counts rows and feeds the normal ones to the spec learner. */
    private static final class Counted implements io.ganwatch.input.RowVisitor {
        private final Labels labels;
        private final FeatureSpecLearner.Accumulator learner;
        private Labels.Classifier classifier;
        private long rows;
        private long normal;

        Counted(Labels labels, FeatureSpecLearner.Accumulator learner) {
            this.labels = labels;
            this.learner = learner;
        }

        @Override
        public void columns(String source, List<String> columns) {
            classifier = labels == null ? null : labels.classifier(source, columns);
            learner.columns(source, columns);
        }

        @Override
        public void row(long line, Object[] values) {
            rows++;
            if (classifier == null || !classifier.anomalous(line, values)) {
                normal++;
                learner.row(line, values);
            }
        }
    }

    /**
     * Pass 2: encodes each kept row straight into a {@link RowStore}. When a sample is kept, Algorithm R: the
     * i-th row (from 0) takes a random slot j in [0, i] and stays when j is below the sample size,
     * so every row is kept with the same probability, in one pass and with the sample's memory only.
     */
    static final class Encoded implements io.ganwatch.input.RowVisitor {
        private final Labels labels;
        private final FeatureEncoder encoder;
        final RowStore normal;
        final RowStore anomalies;
        private final io.ganwatch.input.Reservoir normalSlots;
        private final io.ganwatch.input.Reservoir anomalySlots;
        private Labels.Classifier classifier;
        private String source;
        private int[] sourceColumns;
        private Object[] values;

        Encoded(Labels labels, FeatureEncoder encoder, Plan plan, long seed) {
            this.labels = labels;
            this.encoder = encoder;
            this.normal = new RowStore(plan.normalKept(), encoder.width());
            this.anomalies = new RowStore(plan.anomaliesKept(), encoder.width());
            this.normalSlots = new io.ganwatch.input.Reservoir(plan.normalKept(), seed ^ 0x5A3B1E5EEDL);
            this.anomalySlots = new io.ganwatch.input.Reservoir(plan.anomaliesKept(), seed ^ 0xA40A1135L);
        }

        @Override
        public void columns(String source, List<String> columns) {
            this.source = source;
            classifier = labels == null ? null : labels.classifier(source, columns);
            List<String> names = encoder.spec().columnNames();
            sourceColumns = new int[names.size()];
            for (int i = 0; i < sourceColumns.length; i++) {
                sourceColumns[i] = columns.indexOf(names.get(i));
                if (sourceColumns[i] < 0) {
                    throw new InputException(source, 0, names.get(i), "changed between the two passes: the column is gone;"
                            + " train on a file that is not being written to");
                }
            }
            values = new Object[sourceColumns.length];
        }

        @Override
        public void row(long line, Object[] raw) {
            boolean anomalous = classifier != null && classifier.anomalous(line, raw);
            int slot = anomalous ? anomalySlots.offer() : normalSlots.offer();
            if (slot < 0) {
                return;
            }
            RowStore into = anomalous ? anomalies : normal;
            for (int i = 0; i < sourceColumns.length; i++) {
                values[i] = raw[sourceColumns[i]];
            }
            // Every float of the row is written (one-hot blocks are cleared first), so a reservoir slot can be reused.
            encoder.encodeInto(values, source, line, into.chunk(slot), into.offset(slot));
        }

        long normalSeen() {
            return normalSlots.seen();
        }

        long anomaliesSeen() {
            return anomalySlots.seen();
        }
    }

    /** Rows to hold back: {@code share} of them, or up to twice that to reach {@link #MIN_HOLDBACK}. */
    static int holdBack(int rows, double share) {
        int byShare = (int) Math.round(rows * share);
        return Math.max(byShare, Math.min(MIN_HOLDBACK, (int) Math.round(rows * 2 * share)));
    }

    /** The rows at positions {@code from} to {@code to} of {@code order}. */
    static float[][] pick(float[][] rows, int[] order, int from, int to) {
        float[][] out = new float[to - from][];
        for (int i = from; i < to; i++) {
            out[i - from] = rows[order[i]];
        }
        return out;
    }

    /**
     * A trained bundle with the training run's details (for reports).
     *
     * @param bundle the bundle
     * @param result the training run
     */
    public record TrainedDetector(ModelBundle bundle, TrainingResult result) {
    }
}
