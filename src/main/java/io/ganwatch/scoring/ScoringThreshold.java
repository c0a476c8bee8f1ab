package io.ganwatch.scoring;

import io.ganwatch.model.BundleException;
import io.ganwatch.model.CalibrationScores;
import io.ganwatch.model.ModelBundle;

/**
 * Which alert threshold to score with: the bundle's own, a fixed value, or one recomputed at a
 * target false-positive rate from the calibration scores the bundle keeps. Shared by {@code score},
 * {@code evaluate} and {@code stream}, so that all three apply the same rule.
 *
 * @param value     fixed threshold ({@code --threshold}), or {@code null}
 * @param targetFpr target false-positive rate ({@code --target-fpr}, {@code ganwatch.target.fpr}), or {@code null}
 */
public record ScoringThreshold(Double value, Double targetFpr) {
    /** The bundle's own threshold. */
    public static final ScoringThreshold BUNDLE = new ScoringThreshold(null, null);

    /** Validates: at most one of the two, each in range. */
    public ScoringThreshold {
        if (value != null && targetFpr != null) {
            throw new IllegalArgumentException("--threshold and --target-fpr both set the threshold; give one of them");
        }
        if (value != null && !Double.isFinite(value)) {
            throw new IllegalArgumentException("--threshold must be a finite number, was " + value);
        }
        if (targetFpr != null && !(targetFpr > 0 && targetFpr < 0.5)) {
            throw new IllegalArgumentException("--target-fpr must be in (0, 0.5), was " + targetFpr);
        }
    }

    /**
     * The threshold for {@code bundle}.
     *
     * @throws BundleException when a target rate is asked of a bundle that keeps no calibration scores
     */
    public double resolve(ModelBundle bundle) {
        if (value != null) {
            return value;
        }
        if (targetFpr == null) {
            return bundle.metadata().threshold().value();
        }
        CalibrationScores calibration = bundle.metadata().calibrationScores();
        if (calibration == null) {
            throw new BundleException("model bundle " + bundle.metadata().modelId() + " version " + bundle.metadata().version()
                    + " keeps no calibration scores (an older ganwatch trained it), so a target false-positive rate cannot be"
                    + " applied when scoring; retrain it with this version, or give --threshold");
        }
        return ThresholdCalibrator.calibrate(calibration.values(), targetFpr).value();
    }
}
