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

    @Test
    void withoutMaxRowsTheHeapSetsTheSizeAndSaysSo() {
        // 2 columns at 200 bytes each: 400 bytes a row; 70 % of what the base and the reserve leave.
        long heap = (64L << 20) + JobMemory.RESERVE_BYTES;
        JobMemory memory = new JobMemory(heap, 64L << 20, 0);
        assertThat(memory.rows(JobMemory.Unit.COLUMNS, 2)).isEqualTo(2); // nothing beyond the base and reserve: the floor
        JobMemory roomy = new JobMemory(heap + 400_000, 64L << 20, 0); // 0.7 x 400,000 / 400 = 700 rows
        assertThat(roomy.rows(JobMemory.Unit.COLUMNS, 2)).isEqualTo(700);
        assertThat(new JobMemory(heap + 400_000, 64L << 20, 100).rows(JobMemory.Unit.COLUMNS, 2)).isEqualTo(600); // less the test rows

        TrainingSample s = TrainingSample.fitting("label", Set.of("rare"), roomy, 7);
        RowSource.of(rows(10_000, 333)).forEach(s);
        assertThat(s.sampled()).isTrue();
        assertThat(s.table().size()).isEqualTo(700);
        assertThat(s.table().rows().stream().filter(r -> r.get(1).equals("rare")).count()).isEqualTo(31);
        assertThat(s.describe()).startsWith("10,000 training rows do not fit in memory: kept all 31 minority rows and a uniform"
                + " sample of 669 of the other 9,969 (memory: 700 rows of 2 columns fit a ")
                .endsWith("seed 7); to keep more, give java a larger -Xmx, or pass --max-rows N to choose the sample size");
        assertThat(s.toJson().get("reason").asText()).startsWith("memory: 700 rows of 2 columns");

        // A source that fits is the source, row for row, and too large a minority is an error naming -Xmx.
        Table small = rows(500, 10);
        TrainingSample whole = TrainingSample.fitting("label", Set.of("rare"), roomy, 7);
        RowSource.of(small).forEach(whole);
        assertThat(whole.sampled()).isFalse();
        assertThat(whole.table().rows()).isEqualTo(small.rows());
        assertThatThrownBy(() -> RowSource.of(rows(2000, 2)).forEach(TrainingSample.fitting("label", Set.of("rare"), roomy, 7)))
                .isInstanceOf(InputException.class).hasMessageContaining("more than 699 minority rows")
                .hasMessageContaining("give java a larger -Xmx");
    }

    @Test
    void aHeapSizedSampleIsNarrowedToTheEncodedWidthOnceItsRowsAreRead() {
        JobMemory roomy = new JobMemory((64L << 20) + JobMemory.RESERVE_BYTES + 400_000, 64L << 20, 0);
        TrainingSample s = TrainingSample.fitting("label", Set.of("rare"), roomy, 7);
        RowSource.of(rows(10_000, 333)).forEach(s);
        assertThat(s.table().size()).isEqualTo(700); // 2 columns at 200 bytes
        assertThat(s.fitFeatures(2)).as("2 features at 70 bytes: 2,000 rows, more than kept").isFalse();
        assertThat(s.table().size()).isEqualTo(700);

        assertThat(s.fitFeatures(10)).isTrue(); // 10 features at 70 bytes: 0.7 x 400,000 / 700 = 400 rows
        Table narrowed = s.table();
        assertThat(narrowed.size()).isEqualTo(400);
        assertThat(narrowed.rows().stream().filter(r -> r.get(1).equals("rare")).count()).isEqualTo(31);
        assertThat(narrowed.rows()).isSortedAccordingTo(java.util.Comparator.comparingLong(Table.Row::line));
        assertThat(s.describe()).contains("kept all 31 minority rows and a uniform sample of 369 of the other 9,969 (memory: 400"
                + " rows of 10 encoded features fit a ");
        assertThat(s.toJson().get("rows_kept").asLong()).isEqualTo(400);

        TrainingSample asked = sample(rows(10_000, 333), 700, 7);
        assertThat(asked.fitFeatures(10)).as("--max-rows is the user's choice").isFalse();
        assertThat(asked.table().size()).isEqualTo(700);
        TrainingSample wide = TrainingSample.fitting("label", Set.of("rare"), roomy, 7);
        RowSource.of(rows(2000, 4)).forEach(wide); // 500 rare rows
        assertThatThrownBy(() -> wide.fitFeatures(10)).isInstanceOf(InputException.class)
                .hasMessageContaining("has 500 minority rows, more than the job can hold").hasMessageContaining("larger -Xmx");
    }
}
