package io.ganwatch.augment.gan;

import java.util.List;

/**
 * How one raw column appears in the generator's output. Sealed so that the encoder, the decoder and
 * the training activations handle every kind.
 */
public sealed interface GanColumn permits GanColumn.Continuous, GanColumn.Discrete {
    /** The raw column name. */
    String name();

    /** Width of this column in the generator's output. */
    int width();

    /**
     * A numeric column under mode-specific normalisation: one tanh offset, then a one-hot mode.
     *
     * @param name     column name
     * @param mixture  its modes
     * @param min      smallest training value (generated values are clipped to the training range, as SDV does)
     * @param max      largest training value
     * @param decimals decimal places every training value fits in (generated values are rounded to them), or −1
     * @param impute   value used for a missing training value (the median)
     */
    record Continuous(String name, ModeMixture mixture, double min, double max, int decimals, double impute)
            implements GanColumn {
        @Override
        public int width() {
            return 1 + mixture.modes();
        }

        /** Rounds and clips a generated value to what the column holds. */
        public double finish(double value) {
            return finish(value, roundingScale());
        }

        /** {@link #finish(double)} with {@link #roundingScale()} computed once by the caller (decoding is hot). */
        double finish(double value, double scale) {
            double v = Math.max(min, Math.min(max, value));
            return scale > 0 ? Math.round(v * scale) / scale : v;
        }

        /** 10^decimals, or 0 when values are not rounded. */
        double roundingScale() {
            return decimals >= 0 ? Math.pow(10, decimals) : 0;
        }
    }

    /**
     * A categorical column, one-hot, generated through Gumbel-softmax.
     *
     * @param name       column name
     * @param categories categories in output order; {@link #MISSING} stands for a missing value
     */
    record Discrete(String name, List<String> categories) implements GanColumn {
        /** Stands for a missing value among the categories. */
        public static final String MISSING = "\u0000missing";

        /** Copies the list. */
        public Discrete {
            categories = List.copyOf(categories);
        }

        @Override
        public int width() {
            return categories.size();
        }
    }
}
