package io.ganwatch.training;

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
        Random random = new Random(seed);
        int columns = offsets.length - 1;
        float[][] out = new float[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            float[] copy = rows[r].clone();
            int forced = random.nextInt(columns);
            for (int c = 0; c < columns; c++) {
                if (c == forced || random.nextDouble() < probability) {
                    float[] donor = rows[random.nextInt(rows.length)];
                    System.arraycopy(donor, offsets[c], copy, offsets[c], offsets[c + 1] - offsets[c]);
                }
            }
            out[r] = copy;
        }
        return out;
    }
}
