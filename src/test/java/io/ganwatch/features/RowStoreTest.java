package io.ganwatch.features;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowStoreTest {
    private static float[] row(int r, int width) {
        float[] v = new float[width];
        for (int j = 0; j < width; j++) {
            v[j] = r * 1000 + j;
        }
        return v;
    }

    @Test
    void rowsAcrossChunkBoundariesReadBackExactly() {
        // 7 floats a chunk, rows of 3: 2 rows a chunk (one float unused), 11 rows in 6 chunks, the last holding one row.
        RowStore store = new RowStore(11, 3, 7);
        assertThat(store.rowsPerChunk()).isEqualTo(2);
        for (int r = 0; r < 11; r++) {
            store.set(r, row(r, 3), 0);
        }
        assertThat(store.chunksAllocated()).isEqualTo(6);
        assertThat(store.chunk(10)).hasSize(3); // the last chunk is sized to its one row
        assertThat(store.chunk(9)).hasSize(6);
        for (int r = 0; r < 11; r++) {
            float[] back = new float[5];
            store.copyRow(r, back, 1);
            assertThat(back).containsExactly(0, r * 1000, r * 1000 + 1, r * 1000 + 2, 0);
            assertThat(store.get(r, 2)).isEqualTo(r * 1000 + 2);
            assertThat(store.offset(r)).isEqualTo((r % 2) * 3);
        }
        assertThat(store.flatten(1, 4)).containsExactly(1000, 1001, 1002, 2000, 2001, 2002, 3000, 3001, 3002);
        assertThat(store.toArrays(9, 11)).isDeepEqualTo(new float[][] {row(9, 3), row(10, 3)});
    }

    @Test
    void chunksAreMadeWhenTheirFirstRowIsWrittenAndARowWiderThanAChunkGetsItsOwn() {
        RowStore store = new RowStore(5, 4, 8);
        assertThat(store.chunksAllocated()).isZero();
        store.set(0, row(0, 4), 0);
        assertThat(store.chunksAllocated()).isEqualTo(1);
        RowStore wide = new RowStore(3, 10, 4);
        assertThat(wide.rowsPerChunk()).isEqualTo(1);
        wide.set(2, row(2, 10), 0);
        assertThat(wide.chunk(2)).hasSize(10);
        assertThat(wide.get(2, 9)).isEqualTo(2009);
    }

    @Test
    void theDefaultChunkIsHumongousForG1AndHoldsWholeRows() {
        RowStore store = new RowStore(100_000, 145);
        assertThat(4L * RowStore.CHUNK_FLOATS).isEqualTo(8L << 20);
        assertThat(store.rowsPerChunk()).isEqualTo(RowStore.CHUNK_FLOATS / 145);
        store.set(99_999, row(7, 145), 0);
        assertThat(store.get(99_999, 144)).isEqualTo(7144);
    }

    @Test
    void outOfRangeRowsAndColumnsAreRefused() {
        RowStore store = new RowStore(2, 3, 6);
        assertThatThrownBy(() -> store.get(2, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> store.get(0, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> store.chunk(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void viewsPickAndJoinRowsWithoutCopyingThem() {
        RowStore store = new RowStore(6, 2, 4);
        for (int r = 0; r < 6; r++) {
            store.set(r, row(r, 2), 0);
        }
        FloatRows picked = store.pick(new int[] {5, 0, 3, 1}, 1, 3); // rows 0 and 3
        assertThat(picked.size()).isEqualTo(2);
        assertThat(picked.flatten(0, 2)).containsExactly(0, 1, 3000, 3001);
        FloatRows joined = FloatRows.concat(picked, FloatRows.of(new float[][] {{7, 8}}));
        assertThat(joined.size()).isEqualTo(3);
        assertThat(joined.get(2, 1)).isEqualTo(8);
        assertThat(joined.flatten(0, 3)).containsExactly(0, 1, 3000, 3001, 7, 8);
        store.set(3, new float[] {-1, -2}, 0); // a view reads the store, not a copy
        assertThat(picked.get(1, 0)).isEqualTo(-1);
    }
}
