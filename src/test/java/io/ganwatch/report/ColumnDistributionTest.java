package io.ganwatch.report;

import io.ganwatch.input.Table;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ColumnDistributionTest {

    private static Table column(Object... values) {
        List<Table.Row> rows = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            rows.add(new Table.Row(i + 1, new Object[] {values[i]}));
        }
        return new Table("t", List.of("c"), rows);
    }

    @Test
    void numericSharesOfEachSampleAddUpToOneOnSharedBins() {
        Object[] a = new Object[200];
        Object[] b = new Object[50];
        for (int i = 0; i < a.length; i++) {
            a[i] = (double) (i % 10);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = Integer.toString(5 + i % 10); // text numbers, as CSV rows hold them
        }
        ColumnDistribution d = ColumnDistribution.numeric(List.of(column(a), column(b)), "c");
        assertThat(d.categorical()).isFalse();
        assertThat(d.log()).isFalse();
        assertThat(d.edges()).hasSize(ColumnDistribution.BINS + 1);
        for (double[] s : d.shares()) {
            assertThat(Arrays.stream(s).sum()).isCloseTo(1.0, within(1e-9));
        }
        assertThat(d.shares().get(0)[0]).as("values 0 fall in the first bin").isGreaterThan(0);
        assertThat(d.shares().get(1)[0]).as("the second sample starts at 5").isZero();
    }

    @Test
    void heavyTailedNonNegativeColumnsAreBinnedOnLog1p() {
        Object[] a = new Object[100];
        for (int i = 0; i < a.length; i++) {
            a[i] = i < 95 ? (double) i : 1e6 * i;
        }
        ColumnDistribution d = ColumnDistribution.numeric(List.of(column(a)), "c");
        assertThat(d.log()).isTrue();
        assertThat(d.edges()[d.edges().length - 1]).isLessThan(20); // log1p(1e8) is about 18.4
    }

    @Test
    void categoriesBeyondTheLimitArePooledAndMissingIsNamed() {
        Object[] a = new Object[40];
        for (int i = 0; i < a.length; i++) {
            a[i] = i < 20 ? "common" : i == 39 ? "" : "c" + i;
        }
        ColumnDistribution d = ColumnDistribution.categorical(List.of(column(a), column("common", "new")), "c");
        assertThat(d.categories()).hasSize(ColumnDistribution.MAX_CATEGORIES + 1);
        assertThat(d.categories().get(0)).isEqualTo("common");
        assertThat(d.categories()).endsWith(ColumnDistribution.OTHER);
        assertThat(d.shares().get(0)[0]).isEqualTo(0.5);
        assertThat(Arrays.stream(d.shares().get(0)).sum()).isCloseTo(1.0, within(1e-9));
        assertThat(d.shares().get(1)[0]).isEqualTo(0.5);
        assertThat(d.shares().get(1)[d.categories().size() - 1]).as("'new' is pooled").isEqualTo(0.5);
        ColumnDistribution small = ColumnDistribution.categorical(List.of(column("x", "", "x")), "c");
        assertThat(small.categories()).containsExactly("x", ColumnDistribution.MISSING);
    }
}
