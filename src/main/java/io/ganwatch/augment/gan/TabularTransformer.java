package io.ganwatch.augment.gan;

import io.ganwatch.input.Table;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/**
 * CTGAN's data transformer: raw rows ↔ the generator's output space.
 *
 * <p>Continuous column → [offset, mode one-hot] (mode-specific normalisation; the mode of each
 * training value is drawn from its posterior, as CTGAN does, so neighbouring modes overlap
 * smoothly). Categorical column → one-hot. A column is continuous when every present value is a
 * number; the condition column is always categorical. Missing numbers are imputed with the
 * column median (CTGAN has no notion of missing values); a missing category is a category.
 */
public final class TabularTransformer {
    private final List<String> sourceColumns;
    private final List<GanColumn> columns;
    private final int conditionColumn;
    private final int[] offsets;

    private TabularTransformer(List<String> sourceColumns, List<GanColumn> columns, int conditionColumn) {
        this.sourceColumns = List.copyOf(sourceColumns);
        this.columns = List.copyOf(columns);
        this.conditionColumn = conditionColumn;
        this.offsets = new int[columns.size() + 1];
        for (int i = 0; i < columns.size(); i++) {
            offsets[i + 1] = offsets[i] + columns.get(i).width();
        }
    }

    /**
     * Learns the columns of a table.
     *
     * @param conditionColumn column generation will be conditioned on (always categorical)
     * @param maxModes        most modes per continuous column
     * @param seed            seed for the mixture fits
     */
    public static TabularTransformer fit(Table table, String conditionColumn, int maxModes, long seed) {
        int cond = table.columnIndex(conditionColumn);
        if (table.size() == 0) {
            throw new IllegalArgumentException("cannot train a GAN on an empty table (" + table.source() + ")");
        }
        GanColumn[] columns = new GanColumn[table.columns().size()];
        // Mixture fits are independent and dominate set-up time: one column per core.
        IntStream.range(0, columns.length).parallel().forEach(c -> {
            String name = table.columns().get(c);
            double[] numbers = c == cond ? null : numbers(table, c);
            columns[c] = numbers == null ? discrete(table, c, name) : continuous(name, numbers, maxModes, seed + c);
        });
        return new TabularTransformer(table.columns(), Arrays.asList(columns), cond);
    }

    /** Every present value as a number, or null when some value is not a number. */
    private static double[] numbers(Table table, int c) {
        double[] out = new double[table.size()];
        int n = 0;
        for (Table.Row r : table.rows()) {
            Object v = r.get(c);
            if (v == null) {
                continue;
            }
            double d;
            if (v instanceof Number num) {
                d = num.doubleValue();
            } else {
                try {
                    d = Double.parseDouble(v.toString().trim());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("column '" + table.columns().get(c) + "' line " + r.line()
                        + " holds " + v + "; remove non-finite values before augmenting");
            }
            out[n++] = d;
        }
        return n == 0 ? null : Arrays.copyOf(out, n);
    }

    private static GanColumn discrete(Table table, int c, String name) {
        TreeSet<String> categories = new TreeSet<>();
        for (Table.Row r : table.rows()) {
            categories.add(category(r.get(c)));
        }
        return new GanColumn.Discrete(name, new ArrayList<>(categories));
    }

    private static String category(Object v) {
        return v == null ? GanColumn.Discrete.MISSING : v.toString();
    }

    private static GanColumn continuous(String name, double[] values, int maxModes, long seed) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        return new GanColumn.Continuous(name, ModeFitter.fit(values, maxModes, seed), sorted[0], sorted[sorted.length - 1],
                decimals(sorted), median);
    }

    /** Fewest decimal places (up to 6) that every value fits in, or −1 when none does. */
    static int decimals(double[] values) {
        for (int d = 0; d <= 6; d++) {
            double scale = Math.pow(10, d);
            boolean fits = true;
            for (double v : values) {
                if (Math.abs(Math.round(v * scale) / scale - v) > 1e-9 * Math.max(1, Math.abs(v))) {
                    fits = false;
                    break;
                }
            }
            if (fits) {
                return d;
            }
        }
        return -1;
    }

    /** The columns, in the source table's order. */
    public List<GanColumn> columns() {
        return columns;
    }

    /** The source table's column names. */
    public List<String> sourceColumns() {
        return sourceColumns;
    }

    /** Width of the generator's output. */
    public int width() {
        return offsets[offsets.length - 1];
    }

    /** Start of column {@code c} in the output. */
    public int offset(int c) {
        return offsets[c];
    }

    /** Index of the condition column. */
    public int conditionColumn() {
        return conditionColumn;
    }

    /** Position of the condition column among the {@link #discreteColumns()} (and in the condition vector). */
    public int conditionDiscreteIndex() {
        return Arrays.binarySearch(discreteColumns(), conditionColumn);
    }

    /** The condition column. */
    public GanColumn.Discrete condition() {
        return (GanColumn.Discrete) columns.get(conditionColumn);
    }

    /**
     * Rows in output space, plus each row's category in every discrete column (for
     * training-by-sampling).
     *
     * @param data       row-major {@code [rows × width()]}
     * @param rows       number of rows
     * @param categories {@code categories[d][row]}: category index of the row in the d-th discrete column
     */
    public record Encoded(float[] data, int rows, int[][] categories) {
    }

    /** Indices of the discrete columns, in order. */
    public int[] discreteColumns() {
        return IntStream.range(0, columns.size()).filter(c -> columns.get(c) instanceof GanColumn.Discrete).toArray();
    }

    /** Encodes a table with the columns this transformer was fitted on. */
    public Encoded encode(Table table, long seed) {
        if (!table.columns().equals(sourceColumns)) {
            throw new IllegalArgumentException("table columns " + table.columns() + " differ from the columns the GAN was fitted on "
                    + sourceColumns);
        }
        int width = width();
        int n = table.size();
        float[] data = new float[n * width];
        int[] discrete = discreteColumns();
        int[][] categories = new int[discrete.length][n];
        List<Map<String, Integer>> index = new ArrayList<>();
        for (GanColumn col : columns) {
            Map<String, Integer> m = new HashMap<>();
            if (col instanceof GanColumn.Discrete d) {
                for (int i = 0; i < d.categories().size(); i++) {
                    m.put(d.categories().get(i), i);
                }
            }
            index.add(m);
        }
        Random random = new Random(seed);
        for (int r = 0; r < n; r++) {
            Object[] values = table.rows().get(r).values();
            int base = r * width;
            int d = 0;
            for (int c = 0; c < columns.size(); c++) {
                GanColumn col = columns.get(c);
                int at = base + offsets[c];
                if (col instanceof GanColumn.Continuous cont) {
                    double v = values[c] == null ? cont.impute() : toDouble(values[c]);
                    double[] post = cont.mixture().posterior(v);
                    int mode = draw(post, random.nextDouble());
                    data[at] = (float) cont.mixture().offset(v, mode);
                    data[at + 1 + mode] = 1f;
                } else {
                    Integer k = index.get(c).get(category(values[c]));
                    if (k == null) {
                        throw new IllegalArgumentException("column '" + col.name() + "' line " + table.rows().get(r).line()
                                + " holds category '" + values[c] + "' that the GAN was not fitted on");
                    }
                    data[at + k] = 1f;
                    categories[d++][r] = k;
                }
            }
        }
        return new Encoded(data, n, categories);
    }

    private static double toDouble(Object v) {
        return v instanceof Number num ? num.doubleValue() : Double.parseDouble(v.toString().trim());
    }

    private static int draw(double[] p, double u) {
        double acc = 0;
        for (int k = 0; k < p.length; k++) {
            acc += p[k];
            if (u < acc) {
                return k;
            }
        }
        return p.length - 1;
    }

    /** How the generator's output is finished before decoding: a tanh for an offset, an exponential for a one-hot block. */
    public enum Activation {
        /** One offset within its mode, in (−1, 1). */
        TANH,
        /**
         * The block's logits as weights exp(logit), which a draw normalises by their sum: the softmax's
         * probabilities without the division. The logit is first clamped to ±{@value #LOGIT_LIMIT}, so that
         * no weight overflows or vanishes in float; a draw differs from the softmax only where a block's
         * logits pass that limit.
         */
        EXP
    }

    /** Where {@link Activation#EXP} clamps a logit. */
    public static final float LOGIT_LIMIT = 80f;

    /**
     * A run of the generator's output finished by one activation.
     *
     * @param from  first position in the output row
     * @param width positions
     */
    public record OutputBlock(int from, int width, Activation activation) {
    }

    /**
     * The generator's output, block by block in order: for a continuous column its offset (tanh) and its modes
     * (weights), for a categorical column its categories (weights). The exported graph applies these
     * activations, so that generation does not compute hundreds of exponentials a row in Java.
     */
    public List<OutputBlock> outputBlocks() {
        List<OutputBlock> out = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            GanColumn col = columns.get(c);
            if (col instanceof GanColumn.Continuous cont) {
                out.add(new OutputBlock(offsets[c], 1, Activation.TANH));
                out.add(new OutputBlock(offsets[c] + 1, cont.mixture().modes(), Activation.EXP));
            } else {
                out.add(new OutputBlock(offsets[c], col.width(), Activation.EXP));
            }
        }
        return out;
    }

    /**
     * Applies {@link #outputBlocks()}'s activations in place to raw generator outputs (offsets before tanh,
     * logits), as the exported graph does; for outputs that do not come from that graph (the DJL generator
     * during training).
     *
     * @param raw  row-major {@code [rows × width()]}
     * @param rows number of rows
     */
    public void activate(float[] raw, int rows) {
        activate(raw, rows, width(), outputBlocks());
    }

    /** {@link #activate(float[], int)} for rows of {@code width} laid out in {@code blocks}. */
    static void activate(float[] raw, int rows, int width, List<OutputBlock> blocks) {
        for (int r = 0; r < rows; r++) {
            for (OutputBlock b : blocks) {
                for (int at = r * width + b.from(); at < r * width + b.from() + b.width(); at++) {
                    raw[at] = b.activation() == Activation.TANH
                            ? (float) Math.tanh(raw[at])
                            : (float) Math.exp(Math.max(-LOGIT_LIMIT, Math.min(LOGIT_LIMIT, raw[at])));
                }
            }
        }
    }

    /**
     * Turns activated generator outputs (offsets after tanh, weights exp(logit) per one-hot block; see
     * {@link #outputBlocks()}) into raw values. A one-hot block is sampled with probabilities proportional
     * to its weights, softmax(logits), which is what CTGAN's Gumbel-softmax followed by argmax does.
     *
     * @param out    row-major {@code [rows × width()]}, activated
     * @param rows   number of rows
     * @param random noise for the draws
     * @return per row, the values in source column order (Double for continuous, String or null for categorical)
     */
    public Object[][] decode(float[] out, int rows, RandomGenerator random) {
        return decode(FloatBuffer.wrap(out), 0, rows, random);
    }

    /**
     * {@link #decode(float[], int, RandomGenerator)} for rows {@code from} (inclusive) to {@code to}
     * (exclusive) of {@code out}, so that parts of one batch can be decoded on different threads. A buffer,
     * so that ONNX Runtime's output is read where it lies: copying it out first cost 40-95 % as much as
     * decoding, on one thread.
     */
    public Object[][] decode(FloatBuffer out, int from, int to, RandomGenerator random) {
        return decode(out, from, to, random, 1);
    }

    /**
     * {@link #decode(FloatBuffer, int, int, RandomGenerator)} with the categorical draws at a temperature
     * (see {@link Sampling}): a category is drawn with probability proportional to weight^(1 / temperature),
     * which is softmax(logit / temperature); at 0 the heaviest is taken.
     */
    public Object[][] decode(FloatBuffer out, int from, int to, RandomGenerator random, double temperature) {
        int width = width();
        double[] scales = new double[columns.size()];
        for (int c = 0; c < scales.length; c++) {
            scales[c] = columns.get(c) instanceof GanColumn.Continuous cont ? cont.roundingScale() : 0;
        }
        // Each row is copied once into an array: the draws read every weight twice, and array reads are cheaper
        // than a buffer's checked ones.
        float[] row = new float[width];
        Object[][] rows = new Object[to - from][columns.size()];
        for (int r = 0; r < to - from; r++) {
            out.get((from + r) * width, row);
            for (int c = 0; c < columns.size(); c++) {
                GanColumn col = columns.get(c);
                int at = offsets[c];
                if (col instanceof GanColumn.Continuous cont) {
                    int mode = sampleCategory(row, at + 1, cont.mixture().modes(), random, temperature);
                    double v = cont.mixture().value(mode, row[at]);
                    rows[r][c] = cont.finish(v, scales[c]);
                } else {
                    GanColumn.Discrete d = (GanColumn.Discrete) col;
                    String s = d.categories().get(sampleCategory(row, at, d.width(), random, temperature));
                    rows[r][c] = GanColumn.Discrete.MISSING.equals(s) ? null : s;
                }
            }
        }
        return rows;
    }

    /**
     * Draws one category with probabilities proportional to the weights {@code p[from .. from+width)} to the
     * power 1 / {@code temperature}; at temperature 0 the heaviest (the first of equals).
     */
    private static int sampleCategory(float[] p, int from, int width, RandomGenerator random, double temperature) {
        if (temperature == 1) {
            return sampleCategory(p, from, width, random);
        }
        int heaviest = 0;
        for (int k = 1; k < width; k++) {
            if (p[from + k] > p[from + heaviest]) {
                heaviest = k;
            }
        }
        double max = p[from + heaviest];
        if (temperature == 0 || !(max > 0)) {
            return heaviest;
        }
        // Relative to the heaviest, so that no power overflows: each term is in [0, 1].
        double inverse = 1 / temperature;
        double[] w = new double[width];
        double total = 0;
        for (int k = 0; k < width; k++) {
            w[k] = Math.pow(p[from + k] / max, inverse);
            total += w[k];
        }
        double u = random.nextDouble() * total;
        for (int k = 0; k < width - 1; k++) {
            u -= w[k];
            if (u < 0) {
                return k;
            }
        }
        return width - 1;
    }

    /**
     * Draws one category with probabilities proportional to the weights {@code p[from .. from+width)}: the point
     * u · total falls after the running sums of the categories before the one drawn.
     *
     * <p>These draws were most of decoding's time (42 a row on NSL-KDD), so two things are done for speed, without
     * changing which category a point picks: the total is summed in four independent parts (one running sum is a
     * chain of dependent additions the processor cannot overlap), and the category is the count of running sums at or
     * below the point, without a branch (the exit of a search mispredicts on most draws). Measured with the rows of
     * NSL-KDD's transformer: 2.0 → 1.5 µs a row decoded, the same rows (BENCHMARKS.md, "Decoding without branches").
     */
    static int sampleCategory(float[] p, int from, int width, RandomGenerator random) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int end = from + width;
        int k = from;
        for (; k + 3 < end; k += 4) {
            s0 += p[k];
            s1 += p[k + 1];
            s2 += p[k + 2];
            s3 += p[k + 3];
        }
        for (; k < end; k++) {
            s0 += p[k];
        }
        double u = random.nextDouble() * ((s0 + s1) + (s2 + s3));
        int chosen = 0;
        double cum = 0;
        for (k = from; k < end - 1; k++) {
            cum += p[k];
            chosen += cum <= u ? 1 : 0;
        }
        return chosen;
    }
}
