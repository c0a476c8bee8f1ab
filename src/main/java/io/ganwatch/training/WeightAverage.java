package io.ganwatch.training;

import java.util.ArrayList;
import java.util.List;

/**
 * An exponential moving average of a network's weights over training steps: after each step,
 * {@code average = decay · average + (1 − decay) · weights}. A GAN's weights keep circling around a
 * good solution rather than settling on it, and the average lies nearer its centre (Yazıcı et al.,
 * "The Unusual Effectiveness of Averaging in GAN Training", ICLR 2019; ALAD's published code scores
 * with an average of decay 0.999). Early on the decay is lowered to (1 + n) / (10 + n) after n
 * updates, as in TensorFlow's {@code ExponentialMovingAverage} with {@code num_updates}: a short training
 * (a few hundred steps) would otherwise export an average still made mostly of its first, untrained
 * weights. Works on plain weight snapshots (one {@code float[]} per array,
 * in a fixed order), so either GAN can use it without this class knowing how it builds its networks.
 * Not thread-safe: one trainer updates it.
 */
public final class WeightAverage {
    private final double decay;
    private List<float[]> average;
    private long updates;

    /**
     * An empty average.
     *
     * @param decay weight of the past, in [0, 1); 0.999 averages over about the last thousand steps
     */
    public WeightAverage(double decay) {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("the averaging decay must be in [0, 1), was " + decay);
        }
        this.decay = decay;
    }

    /**
     * Folds in the weights after one step; the first call starts the average at them (no bias toward
     * zero to correct for). Weights holding a NaN or an infinity are left out: a step can end with a
     * finite loss and diverged weights (the loss is computed before the update), and one such
     * snapshot would poison the average for good.
     *
     * @return whether the weights were folded in
     * @throws IllegalArgumentException when the arrays differ in number or length from the earlier ones
     */
    public boolean update(List<float[]> weights) {
        for (float[] w : weights) {
            for (float v : w) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
        }
        updates++;
        if (average == null) {
            average = new ArrayList<>(weights.size());
            weights.forEach(w -> average.add(w.clone()));
            return true;
        }
        if (weights.size() != average.size()) {
            throw new IllegalArgumentException(weights.size() + " weight arrays, the average holds " + average.size());
        }
        double d = decay(updates - 1);
        float keep = (float) d;
        float take = (float) (1 - d);
        for (int a = 0; a < weights.size(); a++) {
            float[] w = weights.get(a);
            float[] m = average.get(a);
            if (w.length != m.length) {
                throw new IllegalArgumentException("weight array " + a + " has " + w.length + " values, the average " + m.length);
            }
            for (int i = 0; i < w.length; i++) {
                m[i] = keep * m[i] + take * w[i];
            }
        }
        return true;
    }

    /**
     * The average as it stands, to {@link #restore} when training rolls back to a checkpoint: the steps
     * between the checkpoint and a divergence are undone in the weights, and must be in their average too.
     *
     * @param average the averaged arrays (copies), or {@code null} before the first update
     * @param updates steps folded in
     */
    public record Saved(List<float[]> average, long updates) {
    }

    /** A copy of the current state. */
    public Saved save() {
        return new Saved(average == null ? null : average(), updates);
    }

    /** Goes back to a saved state (the saved arrays are copied, so the state may be restored again). */
    public void restore(Saved saved) {
        if (saved.average() == null) {
            average = null;
        } else {
            average = new ArrayList<>(saved.average().size());
            saved.average().forEach(m -> average.add(m.clone()));
        }
        updates = saved.updates();
    }

    /** The decay applied by the update that follows {@code n} earlier ones. */
    double decay(long n) {
        return Math.min(decay, (1.0 + n) / (10.0 + n));
    }

    /** Steps folded in. */
    public long updates() {
        return updates;
    }

    /**
     * A copy of the average.
     *
     * @throws IllegalStateException before the first update
     */
    public List<float[]> average() {
        if (average == null) {
            throw new IllegalStateException("no weights averaged yet");
        }
        List<float[]> out = new ArrayList<>(average.size());
        average.forEach(m -> out.add(m.clone()));
        return out;
    }
}
