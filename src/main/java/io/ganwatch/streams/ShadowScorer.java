package io.ganwatch.streams;

import io.ganwatch.detector.Detector;
import io.ganwatch.model.BundleMetadata;
import io.ganwatch.scoring.ScoreBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Scores a batch that the live model has scored with the shadow too, in the same task call, and
 * counts how the two compare. Never fails the live path: any failure of the shadow (its engine, its
 * outputs) switches it off for every stream thread, logged once, and the batch goes on without it.
 *
 * <p>Rows are reused: when the shadow's feature spec is the live model's (a new seed, a new
 * threshold, the same training data), it scores the batch's encoded rows as they are; otherwise each
 * record is encoded again for the shadow, and a record it cannot encode is left out of its batch and of
 * the comparison. The shadow is not retried on an engine failure as the live model is: losing a
 * shadow costs a comparison, while a retry would delay the live alerts of the batch.
 *
 * <p>One per processor (it caches the shadow's field extractor); the slot and the statistics are the
 * instance's.
 */
final class ShadowScorer {
    private static final Logger LOG = LoggerFactory.getLogger(ShadowScorer.class);

    private final ShadowSlot slot;
    private final ShadowStats stats;
    private final ScoringEngine engine;
    private final int topK;
    private Detector extractorModel;
    private FieldExtractor extractor;

    ShadowScorer(ShadowSlot slot, ShadowStats stats, ScoringEngine engine, int topK) {
        this.slot = slot;
        this.stats = stats;
        this.engine = engine;
        this.topK = topK;
    }

    /**
     * The shadow's verdicts on one batch.
     *
     * @param model     the shadow, for its metadata (it may be closed by now: use no session)
     * @param meta      the shadow's metadata
     * @param threshold the shadow's threshold
     * @param scores    its score per row of the batch (NaN where it did not score the row)
     * @param alerts    whether it alerted on each row
     * @param top       its top contributions per row (empty unless the row alerted)
     */
    record Scored(Detector model, BundleMetadata meta, double threshold, double[] scores, boolean[] alerts,
                  List<List<Detector.Contribution>> top) {
    }

    /**
     * Scores the batch with the shadow, if one scores.
     *
     * @param live       the live model of the batch
     * @param flat       the batch's rows as the live model encoded them
     * @param decoded    the batch's decoded records
     * @param liveAlerts whether the live model alerted on each row
     * @param where      names the task in the log line
     * @return the shadow's verdicts, or {@code null} without a shadow or when it just failed
     */
    Scored score(Detector live, float[] flat, List<DecodedRecord> decoded, boolean[] liveAlerts, String where) {
        ModelHolder.Lease lease = slot.acquire();
        if (lease == null) {
            return null;
        }
        Detector shadow = lease.model();
        try {
            return scoreOn(shadow, live, flat, decoded, liveAlerts);
        } catch (RuntimeException e) {
            failed(shadow, "it failed to score a batch of task " + where + " (" + e + ")", e);
            return null;
        } finally {
            lease.close();
        }
    }

    /** Counts one shadow alert forwarded. */
    void alerted() {
        stats.alert();
    }

    /** Switches {@code shadow} off after a failure past scoring (building its alerts), logging it once. */
    void failed(Detector shadow, String reason, RuntimeException e) {
        if (slot.switchOff(shadow, reason)) {
            BundleMetadata meta = shadow.bundle().metadata();
            stats.failed("score");
            stats.shadowing(null);
            LOG.error("shadow model {} version {} is switched off: {}; the live model goes on as before. Publish a shadow again"
                    + " to resume the comparison", meta.modelId(), meta.version(), reason, e);
        }
    }

    private Scored scoreOn(Detector shadow, Detector live, float[] flat, List<DecodedRecord> decoded, boolean[] liveAlerts) {
        int n = decoded.size();
        int width = shadow.encoder().width();
        boolean[] scored = new boolean[n];
        int[] row = new int[n]; // the record's row in the shadow's batch
        float[] rows;
        int m;
        if (shadow.bundle().metadata().features().equals(live.bundle().metadata().features())) {
            rows = flat;
            m = n;
            for (int i = 0; i < n; i++) {
                scored[i] = true;
                row[i] = i;
            }
        } else {
            FieldExtractor fields = extractorFor(shadow);
            rows = new float[n * width];
            m = 0;
            for (int i = 0; i < n; i++) {
                try {
                    float[] x = ScoringProcessor.encode(decoded.get(i), fields, shadow.encoder(), "shadow", i);
                    System.arraycopy(x, 0, rows, m * width, width);
                    scored[i] = true;
                    row[i] = m++;
                } catch (RejectedRecordException e) {
                    row[i] = -1; // the shadow cannot read this record; the live model could
                }
            }
            if (m < n) {
                stats.skipped(n - m);
            }
        }
        double[] scores = new double[n];
        boolean[] alerts = new boolean[n];
        java.util.Arrays.fill(scores, Double.NaN);
        List<List<Detector.Contribution>> top = new java.util.ArrayList<>(java.util.Collections.nCopies(n, List.of()));
        if (m > 0) {
            ScoreBatch batch = engine.score(shadow, rows, m, false);
            double threshold = shadow.threshold();
            int alerting = 0;
            int[] alertRow = new int[n];
            for (int i = 0; i < n; i++) {
                alertRow[i] = -1;
                if (scored[i]) {
                    scores[i] = batch.scores()[row[i]];
                    alerts[i] = scores[i] >= threshold;
                    if (alerts[i] && topK > 0) {
                        alertRow[i] = alerting++;
                    }
                }
            }
            if (alerting > 0) {
                float[] alertingRows = new float[alerting * width];
                for (int i = 0; i < n; i++) {
                    if (alertRow[i] >= 0) {
                        System.arraycopy(rows, row[i] * width, alertingRows, alertRow[i] * width, width);
                    }
                }
                ScoreBatch explained = engine.score(shadow, alertingRows, alerting, true);
                for (int i = 0; i < n; i++) {
                    if (alertRow[i] >= 0) {
                        top.set(i, shadow.topContributions(explained, alertRow[i], topK));
                    }
                }
            }
        }
        BundleMetadata meta = shadow.bundle().metadata();
        stats.compared(live.bundle().metadata().version(), meta.version(), liveAlerts, alerts, scored, n);
        return new Scored(shadow, meta, shadow.threshold(), scores, alerts, top);
    }

    private FieldExtractor extractorFor(Detector model) {
        if (model != extractorModel) {
            extractor = new FieldExtractor(model.bundle().metadata().features().columnNames());
            extractorModel = model;
        }
        return extractor;
    }
}
