package io.ganwatch.augment.gan;

import java.util.Arrays;
import java.util.Random;

/**
 * CTGAN's training-by-sampling. Each training row gets a condition: a discrete column, then one of
 * its categories with probability proportional to log(1 + frequency), and the real row it is
 * compared with is drawn among the rows holding that category. Rare categories are therefore seen
 * far more often than their share of the data, yet the generator still learns the real conditional
 * distribution of every other column.
 *
 * <p>One change from CTGAN, for augmentation: the <em>focus</em> column (the label the job asks
 * rows of) is chosen for a fixed share of the rows, and its categories uniformly, instead of one
 * column among many and by log-frequency. On NSL-KDD the 52 U2R rows were otherwise about 2% of
 * each batch; CTGAN's 300 epochs make up for that, the 10-minute budget here does not.
 */
public final class ConditionSampler {
    private final int[] widths;
    private final int[] offsets;
    private final double[][] cumulative;
    private final int[][][] rowsByCategory;
    private final int width;
    private final int focus;
    private final double focusShare;
    /** The focus column's categories drawn from when it is chosen: all of them, or those of {@link #focusedOn}. */
    private final int[] focusCategories;

    /** A sampler with no focus column: CTGAN's sampling exactly. */
    public ConditionSampler(int[][] categories, int[] widths) {
        this(categories, widths, -1, 0);
    }

    /**
     * @param categories {@code categories[d][row]}: category index of each row in the d-th discrete column
     * @param widths     number of categories of each discrete column
     * @param focus      discrete column chosen for {@code focusShare} of the rows (its categories
     *                   uniformly), or −1 for none
     * @param focusShare share of the rows conditioned on the focus column, in [0, 1]
     */
    public ConditionSampler(int[][] categories, int[] widths, int focus, double focusShare) {
        if (focus >= widths.length || !(focusShare >= 0 && focusShare <= 1)) {
            throw new IllegalArgumentException("focus column " + focus + " or share " + focusShare + " out of range");
        }
        this.focus = focus;
        this.focusShare = focus < 0 ? 0 : focusShare;
        if (categories.length != widths.length) {
            throw new IllegalArgumentException("one category array per discrete column is needed");
        }
        this.widths = widths.clone();
        this.offsets = new int[widths.length + 1];
        for (int d = 0; d < widths.length; d++) {
            offsets[d + 1] = offsets[d] + widths[d];
        }
        this.width = offsets[widths.length];
        this.focusCategories = focus < 0 ? new int[0] : java.util.stream.IntStream.range(0, widths[focus]).toArray();
        this.cumulative = new double[widths.length][];
        this.rowsByCategory = new int[widths.length][][];
        for (int d = 0; d < widths.length; d++) {
            int[] counts = new int[widths[d]];
            for (int k : categories[d]) {
                counts[k]++;
            }
            double[] p = Arrays.stream(counts).mapToDouble(c -> c == 0 ? 0 : Math.log1p(c)).toArray();
            double total = Arrays.stream(p).sum();
            cumulative[d] = new double[p.length];
            double acc = 0;
            for (int k = 0; k < p.length; k++) {
                acc += p[k] / total;
                cumulative[d][k] = acc;
            }
            rowsByCategory[d] = new int[widths[d]][];
            int[] fill = new int[widths[d]];
            for (int k = 0; k < widths[d]; k++) {
                rowsByCategory[d][k] = new int[counts[k]];
            }
            for (int r = 0; r < categories[d].length; r++) {
                int k = categories[d][r];
                rowsByCategory[d][k][fill[k]++] = r;
            }
        }
    }

    private ConditionSampler(ConditionSampler from, int[] focusCategories, double focusShare) {
        this.widths = from.widths;
        this.offsets = from.offsets;
        this.cumulative = from.cumulative;
        this.rowsByCategory = from.rowsByCategory;
        this.width = from.width;
        this.focus = from.focus;
        this.focusShare = focusShare;
        this.focusCategories = focusCategories;
    }

    /**
     * A sampler that conditions {@code share} of the rows on the given categories of the focus column
     * (uniformly among them) and the rest as this one does: for fine-tuning on the job's minority.
     *
     * @throws IllegalArgumentException when this sampler has no focus column, a category is out of range
     *                                  or holds no row, or the share is outside (0, 1]
     */
    public ConditionSampler focusedOn(int[] categories, double share) {
        if (focus < 0 || categories.length == 0 || !(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("focusing needs a focus column, at least one category and a share in (0, 1], was "
                    + categories.length + " categories at share " + share);
        }
        for (int k : categories) {
            if (k < 0 || k >= widths[focus] || rowsByCategory[focus][k].length == 0) {
                throw new IllegalArgumentException("category " + k + " of the focus column holds no training row");
            }
        }
        return new ConditionSampler(this, categories.clone(), share);
    }

    /** Width of the condition vector: all categories of all discrete columns. */
    public int width() {
        return width;
    }

    /** Where discrete column {@code d}'s categories start in the condition vector. */
    public int offset(int d) {
        return offsets[d];
    }

    /**
     * A batch of conditions.
     *
     * @param column   chosen discrete column per row
     * @param category chosen category per row (index within the column)
     * @param realRow  a training row holding that category, per row
     */
    public record Batch(int[] column, int[] category, int[] realRow) {
        /** The one-hot condition vectors, row-major {@code [rows × width]}. */
        public float[] vectors(ConditionSampler sampler) {
            float[] v = new float[column.length * sampler.width];
            for (int i = 0; i < column.length; i++) {
                v[i * sampler.width + sampler.offsets[column[i]] + category[i]] = 1f;
            }
            return v;
        }
    }

    /** Draws {@code n} conditions and matching real rows. */
    public Batch sample(int n, Random random) {
        int[] column = new int[n];
        int[] category = new int[n];
        int[] real = new int[n];
        for (int i = 0; i < n; i++) {
            int d;
            int k;
            if (focusShare > 0 && random.nextDouble() < focusShare) {
                d = focus;
                k = focusCategories[random.nextInt(focusCategories.length)];
            } else {
                d = random.nextInt(widths.length);
                k = Arrays.binarySearch(cumulative[d], random.nextDouble());
                k = Math.min(k < 0 ? -k - 1 : k, widths[d] - 1);
            }
            while (rowsByCategory[d][k].length == 0) {
                k = (k + 1) % widths[d]; // only reachable through rounding at the top of the cumulative table
            }
            column[i] = d;
            category[i] = k;
            int[] rows = rowsByCategory[d][k];
            real[i] = rows[random.nextInt(rows.length)];
        }
        return new Batch(column, category, real);
    }

    /** Condition vectors that all ask for category {@code k} of discrete column {@code d}. */
    public float[] fixed(int d, int k, int n) {
        float[] v = new float[n * width];
        for (int i = 0; i < n; i++) {
            v[i * width + offsets[d] + k] = 1f;
        }
        return v;
    }
}
