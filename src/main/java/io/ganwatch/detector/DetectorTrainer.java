package io.ganwatch.detector;

import io.ganwatch.evaluation.Metrics;
import io.ganwatch.features.FeatureEncoder;
import io.ganwatch.features.FeatureSpec;
import io.ganwatch.features.FeatureSpecLearner;
import io.ganwatch.input.InputException;
import io.ganwatch.input.Table;
import io.ganwatch.model.BundleMetadata;
import io.ganwatch.model.CalibrationScores;
import io.ganwatch.model.Hashes;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.model.OnnxExporter;
import io.ganwatch.model.Provenance;
import io.ganwatch.model.Threshold;
import io.ganwatch.model.Versions;
import io.ganwatch.scoring.Device;
import io.ganwatch.scoring.OnnxScorer;
import io.ganwatch.scoring.ThresholdCalibrator;
import io.ganwatch.training.AladConfig;
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
 * for checkpoint choice and threshold calibration, train ALAD, export one ONNX graph, calibrate the
 * threshold with ONNX Runtime (the same engine that will score), and record provenance.
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
    private static final int SCORE_BATCH = 4096;

    private DetectorTrainer() {
    }

    /**
     * Trains a bundle.
     *
     * @throws InputException for data that cannot be trained on
     */
    public static TrainedDetector train(TrainingRequest req, TrainingListener listener) {
        Table table = req.table();
        boolean[] anomalous = req.labels() == null ? new boolean[table.size()] : req.labels().anomalies(table);
        List<Table.Row> normal = new ArrayList<>();
        List<Table.Row> anomalies = new ArrayList<>();
        for (int i = 0; i < anomalous.length; i++) {
            (anomalous[i] ? anomalies : normal).add(table.rows().get(i));
        }
        Set<String> exclude = new HashSet<>();
        if (req.labels() != null) {
            exclude.add(req.labels().column());
        }
        FeatureSpec spec = new FeatureSpecLearner(exclude, req.categorical(), req.missing(), 1000)
                .learn(table.withRows(normal));
        FeatureEncoder encoder = new FeatureEncoder(spec);
        float[][] rows = encoder.encode(table.withRows(normal));
        if (normal.size() < MIN_NORMAL_ROWS) {
            throw new InputException(table.source(), 0, null, "has " + normal.size() + " normal rows; training needs at least "
                    + MIN_NORMAL_ROWS + " (to fit and to hold some back for the checkpoint and the threshold); add normal rows");
        }
        int explicitBatch = req.config().batchSize();
        if (explicitBatch != AladConfig.AUTOMATIC && normal.size() < 3 * explicitBatch) {
            throw new InputException(table.source(), 0, null, "has " + normal.size() + " normal rows; --batch-size "
                    + explicitBatch + " needs at least " + 3 * explicitBatch + " (3 batches); lower --batch-size, or leave it"
                    + " out to have one chosen for the data");
        }

        int[] order = Permutations.of(rows.length, req.config().seed());
        int nCheck = holdBack(rows.length, CHECKPOINT_SHARE);
        int nCal = holdBack(rows.length, CALIBRATION_SHARE);
        float[][] check = pick(rows, order, 0, nCheck);
        float[][] cal = pick(rows, order, nCheck, nCheck + nCal);
        float[][] fit = pick(rows, order, nCheck + nCal, rows.length);

        TrainingSchedule schedule = TrainingSchedule.of(req.config(), fit.length);
        AladConfig config = schedule.applyTo(req.config());
        if (schedule.choseAnything()) {
            listener.note(schedule.describe());
        }
        TrainingResult result = new AladTrainer(config, listener).train(fit, check, spec.offsets());
        byte[] graph = OnnxExporter.export(result.weights(), Versions.ganwatch());
        String graphSha = Hashes.sha256(graph);

        Threshold threshold;
        CalibrationScores calibration;
        Map<String, Double> validation = new LinkedHashMap<>();
        try (OnnxScorer scorer = new OnnxScorer(graph, Device.CPU, 0)) {
            float[] calScores = scorer.score(cal, SCORE_BATCH, false).scores();
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
            if (!anomalies.isEmpty()) {
                // Labelled anomalies in the training file never touch training; with the held-back
                // normal rows they give an honest estimate of detection quality.
                float[][] heldNormal = concat(check, cal);
                float[][] anom = encoder.encode(table.withRows(anomalies));
                double[] scores = new double[heldNormal.length + anom.length];
                boolean[] isAnom = new boolean[scores.length];
                float[] sn = scorer.score(heldNormal, SCORE_BATCH, false).scores();
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
                validation.put("holdout_anomalies", (double) anom.length);
            }
        }

        Instant now = Instant.now();
        String version = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(now)
                + "-" + graphSha.substring(0, 8);
        Provenance provenance = new Provenance(table.source(), req.sourceSha256(), req.format(), table.size(), normal.size(),
                fit.length, check.length, cal.length, config.seed(), Versions.all(), result.seconds(), graphSha);
        BundleMetadata meta = new BundleMetadata(BundleMetadata.FORMAT, BundleMetadata.FORMAT_VERSION, req.modelId(), version,
                now.toString(), spec, spec.featureNames(), threshold, config, result.latentDim(), result.bestEpoch(),
                result.history(), validation, provenance, calibration, null);
        return new TrainedDetector(new ModelBundle(meta, graph), result);
    }

    /** Rows to hold back: {@code share} of them, or up to twice that to reach {@link #MIN_HOLDBACK}. */
    static int holdBack(int rows, double share) {
        int byShare = (int) Math.round(rows * share);
        return Math.max(byShare, Math.min(MIN_HOLDBACK, (int) Math.round(rows * 2 * share)));
    }

    private static float[][] pick(float[][] rows, int[] order, int from, int to) {
        float[][] out = new float[to - from][];
        for (int i = from; i < to; i++) {
            out[i - from] = rows[order[i]];
        }
        return out;
    }

    private static float[][] concat(float[][] a, float[][] b) {
        float[][] out = new float[a.length + b.length][];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
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
