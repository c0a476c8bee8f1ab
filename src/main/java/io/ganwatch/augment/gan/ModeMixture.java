package io.ganwatch.augment.gan;

import java.util.Arrays;

/**
 * The modes of one continuous column: a one-dimensional Gaussian mixture. CTGAN's mode-specific
 * normalisation writes a value as (mode, offset within the mode), which lets a tanh output cover
 * multi-modal and spiky columns that a single min-max or z-score scaling would squash.
 *
 * @param means   mode means
 * @param stds    mode standard deviations, all positive
 * @param weights mode weights, summing to 1
 */
public record ModeMixture(double[] means, double[] stds, double[] weights) {
    /** Offsets are kept strictly inside tanh's range, as CTGAN does, so the generator can reach them. */
    static final double OFFSET_LIMIT = 0.99;

    /** Validates the arrays. */
    public ModeMixture {
        if (means.length == 0 || means.length != stds.length || means.length != weights.length) {
            throw new IllegalArgumentException("a mixture needs the same positive number of means, stds and weights");
        }
        if (Arrays.stream(stds).anyMatch(s -> !(s > 0) || !Double.isFinite(s))
                || Arrays.stream(means).anyMatch(m -> !Double.isFinite(m))) {
            throw new IllegalArgumentException("mixture means must be finite and standard deviations positive");
        }
        means = means.clone();
        stds = stds.clone();
        weights = weights.clone();
    }

    /** Number of modes. */
    public int modes() {
        return means.length;
    }

    /** Posterior probability of each mode for a value (computed in log space: spiky modes underflow otherwise). */
    public double[] posterior(double value) {
        double[] logp = new double[means.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < means.length; k++) {
            double z = (value - means[k]) / stds[k];
            logp[k] = Math.log(weights[k]) - Math.log(stds[k]) - 0.5 * z * z;
            max = Math.max(max, logp[k]);
        }
        double sum = 0;
        for (int k = 0; k < logp.length; k++) {
            logp[k] = Math.exp(logp[k] - max);
            sum += logp[k];
        }
        for (int k = 0; k < logp.length; k++) {
            logp[k] /= sum;
        }
        return logp;
    }

    /** The normalised offset of a value within mode {@code k}: (v − μ) / 4σ, clipped to ±0.99. */
    public double offset(double value, int k) {
        double a = (value - means[k]) / (4 * stds[k]);
        return Math.max(-OFFSET_LIMIT, Math.min(OFFSET_LIMIT, a));
    }

    /** The value for an offset within mode {@code k}: the inverse of {@link #offset}. */
    public double value(int k, double offset) {
        return offset * 4 * stds[k] + means[k];
    }

    @Override
    public double[] means() {
        return means.clone();
    }

    @Override
    public double[] stds() {
        return stds.clone();
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }
}
