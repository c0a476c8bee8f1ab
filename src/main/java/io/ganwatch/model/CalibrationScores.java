package io.ganwatch.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/**
 * The scores of the held-back calibration normal rows, kept in the bundle (sorted ascending, as a
 * plain JSON array in {@code model.json}) so that every score can be given its conformal p-value and
 * the threshold can be recomputed for another false-positive rate when scoring. Immutable.
 */
public final class CalibrationScores {
    private final float[] sorted;

    private CalibrationScores(float[] sorted) {
        this.sorted = sorted;
    }

    /** The calibration scores in any order (copied, then sorted). */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static CalibrationScores of(float[] scores) {
        if (scores == null || scores.length == 0) {
            throw new IllegalArgumentException("calibration_scores is empty; retrain the model to keep some");
        }
        float[] copy = scores.clone();
        for (float s : copy) {
            if (Float.isNaN(s)) {
                throw new IllegalArgumentException("calibration_scores holds NaN; the model diverged: retrain it");
            }
        }
        Arrays.sort(copy);
        return new CalibrationScores(copy);
    }

    /** The scores, sorted ascending (a copy). */
    @JsonValue
    public float[] values() {
        return sorted.clone();
    }

    /** Number of calibration scores (n). */
    public int size() {
        return sorted.length;
    }

    /**
     * The conformal p-value of {@code score}: (1 + number of calibration scores ≥ score) / (n + 1),
     * i.e. how often a normal record scores at least this high. In (0, 1]; NaN for a NaN score.
     */
    public double pValue(double score) {
        if (Double.isNaN(score)) {
            return Double.NaN;
        }
        // Binary search for the first stored score ≥ score; everything from there up counts (ties included).
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < score) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return (1.0 + (sorted.length - lo)) / (sorted.length + 1.0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CalibrationScores c && Arrays.equals(sorted, c.sorted);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sorted);
    }

    @Override
    public String toString() {
        return "CalibrationScores[n=" + sorted.length + "]";
    }
}
