package io.ganwatch.scoring;

import io.ganwatch.model.Threshold;

import java.util.Arrays;

/**
 * Picks the alert threshold from scores of held-back normal rows at a target false-positive rate.
 *
 * <p>With n calibration scores and target rate r, at most floor(n·r) of them may be flagged; the
 * threshold is placed halfway between the last unflagged and the first flagged score, so that
 * unseen normal rows slightly above the calibration quantile are not all flagged.
 */
public final class ThresholdCalibrator {
    private ThresholdCalibrator() {
    }

    /** The threshold for {@code scores} (held-back normal rows) at {@code targetFpr}. */
    public static Threshold calibrate(float[] scores, double targetFpr) {
        if (!(targetFpr > 0 && targetFpr < 1)) {
            throw new IllegalArgumentException("target false-positive rate must be in (0, 1), was " + targetFpr);
        }
        if (scores.length == 0) {
            throw new IllegalArgumentException("no calibration scores; keep some normal rows back for calibration");
        }
        double[] sorted = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            sorted[i] = scores[i];
        }
        Arrays.sort(sorted);
        int n = sorted.length;
        int allowed = (int) Math.floor(n * targetFpr);
        double below = sorted[n - 1 - allowed];
        double value = allowed == 0
                ? below + Math.max(Math.abs(below) * 1e-6, 1e-9)
                : (below + sorted[n - allowed]) / 2;
        if (value <= below) {
            value = Math.nextUp(below);
        }
        int flagged = 0;
        for (double s : sorted) {
            if (s >= value) {
                flagged++;
            }
        }
        return new Threshold(value, targetFpr, (double) flagged / n, n);
    }
}
