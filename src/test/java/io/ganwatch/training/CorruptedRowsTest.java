package io.ganwatch.training;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CorruptedRowsTest {
    /** Column 0 numeric, column 1 a 3-wide one-hot block, column 2 numeric. */
    private static final int[] OFFSETS = {0, 1, 4, 5};

    private static float[][] rows() {
        float[][] rows = new float[200][];
        for (int i = 0; i < rows.length; i++) {
            float[] r = new float[5];
            r[0] = i;
            r[1 + i % 3] = 1f;
            r[4] = -i;
            rows[i] = r;
        }
        return rows;
    }

    @Test
    void swapsWholeBlocksSoOneHotBlocksStayValid() {
        float[][] out = CorruptedRows.of(rows(), OFFSETS, 0.5, 1);
        for (float[] r : out) {
            assertThat(r[1] + r[2] + r[3]).isEqualTo(1f);
        }
    }

    @Test
    void everyRowChangesAndValuesComeFromOtherRows() {
        float[][] in = rows();
        float[][] out = CorruptedRows.of(in, OFFSETS, 0.25, 2);
        int changed = 0;
        for (int i = 0; i < in.length; i++) {
            if (!java.util.Arrays.equals(in[i], out[i])) {
                changed++;
            }
            // every value is one some training row had in that position
            assertThat(out[i][0]).isBetween(0f, 199f);
            assertThat(out[i][4]).isBetween(-199f, 0f);
        }
        // One column is always swapped. A row stays equal only when the swapped values happen to be its
        // own: mostly when the forced column is the one-hot block (1/3), the donor has the same category
        // (1/3) and neither numeric column is swapped (0.75^2), about 6% of rows, 12.5 of 200.
        assertThat(200 - changed).isBetween(1, 25);
    }

    @Test
    void leavesTheInputAloneAndIsReproducible() {
        float[][] in = rows();
        float[][] a = CorruptedRows.of(in, OFFSETS, 0.25, 3);
        float[][] b = CorruptedRows.of(in, OFFSETS, 0.25, 3);
        assertThat(in[5][0]).isEqualTo(5f);
        assertThat(a).isDeepEqualTo(b);
    }
}
