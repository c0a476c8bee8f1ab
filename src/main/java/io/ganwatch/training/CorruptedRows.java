package io.ganwatch.training;

import io.ganwatch.features.FloatRows;
import io.ganwatch.features.RowStore;

import java.util.Random;

/**
 * Makes pseudo-anomalies from normal rows for choosing a checkpoint without any anomaly labels.
 *
 * <p>Each copy of a row has some of its raw columns (whole one-hot blocks, never single bits)
 * replaced by the same columns of another random row. Every column keeps its normal marginal
 * distribution, but the joint structure a good model of normal data has learned is broken, so a
 * checkpoint that tells these apart from the originals has learned more than the marginals. GAN
 * training is unstable (published ALAD code falls from F1 0.95 to 0.32 with more epochs), which is
 * why the trainer keeps the checkpoint that separates best instead of the last one.
 */
public final class CorruptedRows {
    private CorruptedRows() {
    }

    /**
     * @param rows        encoded normal rows
     * @param offsets     start of each raw column's block, plus the total width at the end
     * @param probability chance that each column is swapped (at least one always is)
     * @param seed        random seed
     */
    public static float[][] of(float[][] rows, int[] offsets, double probability, long seed) {
        return of(FloatRows.of(rows), offsets, probability, seed).toArrays(0, rows.length);
    }

    /** As {@link #of(float[][], int[], double, long)}, the copies kept in one {@link RowStore}. */
    public static RowStore of(FloatRows rows, int[] offsets, double probability, long seed) {
        Random random = new Random(seed);
        int columns = offsets.length - 1;
        int n = rows.size();
        RowStore out = new RowStore(n, rows.width());
        float[] donor = new float[rows.width()];
        for (int r = 0; r < n; r++) {
            float[] copy = out.chunk(r);
            int at = out.offset(r);
            rows.copyRow(r, copy, at);
            int forced = random.nextInt(columns);
            for (int c = 0; c < columns; c++) {
                if (c == forced || random.nextDouble() < probability) {
                    rows.copyRow(random.nextInt(n), donor, 0);
                    System.arraycopy(donor, offsets[c], copy, at + offsets[c], offsets[c + 1] - offsets[c]);
                }
            }
        }
        return out;
    }
}
