package io.ganwatch.augment;

import io.ganwatch.input.Table;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObservedValueSnapTest {
    private static final List<String> COLUMNS = List.of("bytes", "amount", "proto", "label");

    /** Real rows: {@code bytes} repeats 3 values over 12 rows; {@code amount} is different in every row. */
    private static Table real() {
        List<Table.Row> rows = new ArrayList<>();
        int[] bytes = {100, 100, 100, 100, 250, 250, 250, 250, 4000, 4000, 4000, 4000};
        for (int i = 0; i < bytes.length; i++) {
            rows.add(new Table.Row(i + 2, new Object[] {Integer.toString(bytes[i]), String.format(java.util.Locale.ROOT, "%.2f", 10 + i * 1.37),
                    i % 2 == 0 ? "tcp" : "udp", "r2l"}));
        }
        // Another class with other values: it must not lend them to r2l.
        rows.add(new Table.Row(20, new Object[] {"7", "1.00", "tcp", "normal"}));
        rows.add(new Table.Row(21, new Object[] {"7", "2.00", "tcp", "normal"}));
        return new Table("real", COLUMNS, rows);
    }

    private static Table synthetic(Object[]... rows) {
        List<Table.Row> out = new ArrayList<>();
        for (Object[] r : rows) {
            out.add(new Table.Row(out.size() + 1, r));
        }
        return new Table("ctgan", COLUMNS, out);
    }

    @Test
    void movesRepeatedColumnsOntoTheClassValuesAndLeavesContinuousOnesAsGenerated() {
        ObservedValueSnap snap = ObservedValueSnap.learn(real(), "label");
        assertThat(snap.snappedColumns("r2l")).isEqualTo(1);

        Table out = snap.apply(synthetic(
                new Object[] {130.7, 12.345, "tcp", "r2l"},
                new Object[] {2000.0, 13.0, "udp", "r2l"},
                new Object[] {9.0, 14.5, "tcp", "r2l"},
                new Object[] {99999.0, 3.0, "udp", "r2l"}));

        assertThat(out.rows()).extracting(r -> r.get(0)).containsExactly(100.0, 250.0, 100.0, 4000.0);
        assertThat(out.rows()).extracting(r -> r.get(1)).containsExactly(12.345, 13.0, 14.5, 3.0);
        assertThat(out.rows()).extracting(r -> r.get(2)).containsExactly("tcp", "udp", "tcp", "udp");
        assertThat(out.columns()).isEqualTo(COLUMNS);
    }

    @Test
    void snapsEachClassToItsOwnValues() {
        ObservedValueSnap snap = ObservedValueSnap.learn(real(), "label");
        // normal's two rows share bytes 7 (one distinct value for two rows: repeated); its amounts do not repeat.
        assertThat(snap.snappedColumns("normal")).isEqualTo(1);

        Table out = snap.apply(synthetic(new Object[] {130.7, 1.5, "tcp", "normal"}, new Object[] {130.7, 1.5, "tcp", "unseen"}));

        assertThat(out.rows().get(0).get(0)).isEqualTo(7.0);
        assertThat(out.rows().get(1).get(0)).as("a class the real rows lack stays as generated").isEqualTo(130.7);
    }

    @Test
    void aRowThatWouldCopyATrainingRowKeepsItsGeneratedValues() {
        List<Table.Row> rows = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rows.add(new Table.Row(i + 2, new Object[] {i < 3 ? "0" : "1", "5", "tcp", "u2r"}));
        }
        ObservedValueSnap snap = ObservedValueSnap.learn(new Table("real", COLUMNS, rows), "label");
        assertThat(snap.snappedColumns("u2r")).isEqualTo(2);

        Table out = snap.apply(synthetic(new Object[] {0.2, 4.6, "tcp", "u2r"}, new Object[] {0.2, 4.6, "udp", "u2r"}));

        assertThat(out.rows().get(0).values()).as("snapped it would equal the real row 0,5,tcp")
                .containsExactly(0.2, 4.6, "tcp", "u2r");
        assertThat(out.rows().get(1).values()).containsExactly(0.0, 5.0, "udp", "u2r");
    }

    @Test
    void aColumnWithTextIsNeverSnapped() {
        List<Table.Row> rows = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rows.add(new Table.Row(i + 2, new Object[] {i == 0 ? "n/a" : "3", "5", "tcp", "u2r"}));
        }
        ObservedValueSnap snap = ObservedValueSnap.learn(new Table("real", COLUMNS, rows), "label");

        assertThat(snap.snappedColumns("u2r")).isEqualTo(1);
        assertThatThrownBy(() -> snap.apply(new Table("x", List.of("label", "bytes", "amount", "proto"), List.of())))
                .hasMessageContaining("'label' at position 3");
    }
}
