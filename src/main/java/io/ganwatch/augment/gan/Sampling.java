package io.ganwatch.augment.gan;

/**
 * How a trained generator is sampled: the two fidelity-for-diversity knobs of GAN sampling.
 *
 * <ul>
 *   <li><b>temperature</b> of the categorical draws (each continuous column's mode and each category):
 *       a category is drawn with probability proportional to softmax(logit / temperature). At 1 that is
 *       the generator's own distribution (CTGAN's sampling); below 1 the likelier categories are drawn
 *       more often, at 0 always the likeliest.</li>
 *   <li><b>truncation</b> of the noise (the truncation trick of BigGAN, Brock et al. 2019): each noise
 *       value is drawn from the standard normal restricted to [−truncation, truncation], so that the
 *       generator is fed only noise like what it saw most in training. Infinite: no truncation.</li>
 * </ul>
 *
 * <p>And one way to finish the rows: <b>snap</b>, each number moved onto a value the class shows in the
 * training rows, in the columns where the class repeats its values (see
 * {@code io.ganwatch.augment.ObservedValueSnap}; the augmentation job applies it, since it needs the
 * real rows).
 *
 * @param temperature in [0, 1]
 * @param truncation  positive, or {@link Double#POSITIVE_INFINITY}
 * @param snap        whether numbers are snapped to the class's observed values
 */
public record Sampling(double temperature, double truncation, boolean snap) {
    /** The generator's own distribution, as in training: temperature 1, no truncation, no snapping. */
    public static final Sampling AS_TRAINED = new Sampling(1, Double.POSITIVE_INFINITY);

    /** Validates both knobs. */
    public Sampling {
        if (!(temperature >= 0 && temperature <= 1)) {
            throw new IllegalArgumentException("sampling temperature must be in [0, 1], was " + temperature);
        }
        if (!(truncation > 0)) {
            throw new IllegalArgumentException("noise truncation must be positive (or infinite for none), was " + truncation);
        }
    }

    /** Sampling without snapping. */
    public Sampling(double temperature, double truncation) {
        this(temperature, truncation, false);
    }

    /** The same sampling with snapping on or off. */
    public Sampling withSnap(boolean on) {
        return new Sampling(temperature, truncation, on);
    }

    /**
     * Parses {@code t<temperature>}, {@code z<truncation>} or both ({@code t0.5z1.5}), then {@code s} for
     * snapping ({@code z1s}, or {@code s} alone); what is left out keeps its default.
     *
     * @throws IllegalArgumentException naming the form expected
     */
    public static Sampling parse(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:t([0-9.]+))?(?:z([0-9.]+))?(s?)").matcher(text);
        if (text.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("sampling '" + text + "' is not of the form t<temperature>, z<truncation>"
                    + " or both, then s to snap to observed values, e.g. t0.5z1.5 or z1s");
        }
        try {
            return new Sampling(m.group(1) == null ? 1 : Double.parseDouble(m.group(1)),
                    m.group(2) == null ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(2)), !m.group(3).isEmpty());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("sampling '" + text + "' holds a number that does not parse", e);
        }
    }

    /**
     * The short form {@link #parse} reads ({@code t1z1} for temperature 1, truncation 1; {@code z} left out when
     * infinite; {@code s} at the end when snapping).
     */
    @Override
    public String toString() {
        return "t" + number(temperature) + (truncates() ? "z" + number(truncation) : "") + (snap ? "s" : "");
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** Whether the noise is truncated at all. */
    public boolean truncates() {
        return truncation != Double.POSITIVE_INFINITY;
    }
}
