package io.ganwatch.features;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EncodedRowsTest {
    @Test
    void copiesTheRangeRowMajor() {
        float[][] rows = {{1, 2}, {3, 4}, {5, 6}};
        assertThat(EncodedRows.flatten(rows, 1, 3)).containsExactly(3, 4, 5, 6);
        assertThat(EncodedRows.flatten(rows, 0, 3)).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(EncodedRows.flatten(rows, 2, 2)).isEmpty();
    }
}
