package io.ganwatch.augment;

import io.ganwatch.input.InputException;
import io.ganwatch.input.RowSource;
import io.ganwatch.input.Table;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainingSampleTest {
    /** {@code rows} rows of (id, label); every {@code every}-th row is "rare". */
    private static Table rows(int rows, int every) {
        List<Table.Row> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            out.add(new Table.Row(i + 1L, new Object[]{(double) i, i % every == 0 ? "rare" : "common"}));
        }
        return new Table("t.csv", List.of("id", "label"), out);
    }

    private static TrainingSample sample(Table table, int max, long seed) {
        TrainingSample s = new TrainingSample("label", Set.of("rare"), max, seed);
        RowSource.of(table).forEach(s);
        return s;
    }

    @Test
    void keepsEveryMinorityRowAndAUniformSeededSampleOfTheOthersInSourceOrder() {
        Table t = rows(10_000, 333); // 31 rare rows
        TrainingSample s = sample(t, 500, 7);
        Table kept = s.table();

        assertThat(s.sampled()).isTrue();
        assertThat(kept.size()).isEqualTo(500);
        assertThat(kept.rows().stream().filter(r -> r.get(1).equals("rare")).count()).isEqualTo(31);
        assertThat(kept.rows()).isSortedAccordingTo(java.util.Comparator.comparingLong(Table.Row::line));
        // Uniform over the file, not its first rows: of 469 others, about half from the second half
        // (mean 234.5, standard deviation 10.8); a reservoir that kept the first rows would have none.
        long late = kept.rows().stream().filter(r -> r.get(1).equals("common") && r.line() > 5000).count();
        assertThat(late).isBetween(180L, 290L);
        assertThat(sample(t, 500, 7).table().rows()).extracting(Table.Row::line)
                .containsExactlyElementsOf(kept.rows().stream().map(Table.Row::line).toList());
        assertThat(sample(t, 500, 8).table().rows()).extracting(Table.Row::line)
                .isNotEqualTo(kept.rows().stream().map(Table.Row::line).toList());
        assertThat(s.describe()).isEqualTo("10,000 training rows: kept all 31 minority rows and a uniform sample of 469 of the"
                + " other 9,969 (--max-rows 500, seed 7)");
    }

    @Test
    void aSourceWithinTheLimitIsKeptWhole() {
        Table t = rows(300, 10);
        TrainingSample s = sample(t, 300, 1);

        assertThat(s.sampled()).isFalse();
        assertThat(s.table().rows()).isEqualTo(t.rows());
        assertThat(s.toJson().get("rows_kept").asLong()).isEqualTo(300);
    }

    @Test
    void tooManyMinorityRowsOrNoLabelColumnAreClearErrors() {
        assertThatThrownBy(() -> sample(rows(1000, 2), 100, 1))
                .isInstanceOf(InputException.class).hasMessageContaining("more than 99 minority rows").hasMessageContaining("raise --max-rows");
        TrainingSample s = new TrainingSample("class", Set.of("rare"), 100, 1);
        assertThatThrownBy(() -> RowSource.of(rows(10, 2)).forEach(s))
                .isInstanceOf(InputException.class).hasMessageContaining("no such column; the columns are id, label");
        assertThatThrownBy(() -> new TrainingSample("label", Set.of("rare"), 1, 1)).hasMessageContaining("at least 2");
    }
}
