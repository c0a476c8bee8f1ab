package io.ganwatch.input;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NpzTableReaderTest {
    @TempDir
    Path dir;

    private final NpzTableReader reader = new NpzTableReader();

    private Path npz(String name, Map<String, byte[]> arrays, boolean stored) throws Exception {
        return Fixtures.write(dir, name, Fixtures.zip(arrays, stored));
    }

    private static Map<String, byte[]> arrays(Object... nameThenBytes) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenBytes.length; i += 2) {
            m.put((String) nameThenBytes[i], (byte[]) nameThenBytes[i + 1]);
        }
        return m;
    }

    @Test
    void readsFloat64MatrixAndInt64LabelsInRowMajorOrder() throws Exception {
        Path f = npz("data.npz", arrays(
                "X.npy", Fixtures.npy("<f8", "(3, 2)", Fixtures.f8(1.5, -2, 3, 4, 5, 6.25)),
                "y.npy", Fixtures.npy("<i8", "(3,)", Fixtures.i8(0, 1, 0))), false);

        Table t = reader.read(f);

        assertThat(t.columns()).containsExactly("x0", "x1", "y");
        assertThat(t.rows()).extracting(Table.Row::line).containsExactly(1L, 2L, 3L);
        assertThat(t.rows().get(0).values()).containsExactly(1.5, -2.0, 0.0);
        assertThat(t.rows().get(1).values()).containsExactly(3.0, 4.0, 1.0);
        assertThat(t.rows().get(2).values()).containsExactly(5.0, 6.25, 0.0);
    }

    @Test
    void aRowLimitIsCheckedAgainstTheHeaderBeforeTheDataIsRead() throws Exception {
        // The header claims 1000 rows but the data holds 3 values: a reader that read the data first would fail on it.
        Path f = npz("big.npz", arrays("X.npy", Fixtures.npy("<f8", "(1000, 1)", Fixtures.f8(1, 2, 3))), false);
        assertThatThrownBy(() -> reader.read(f, 999)).isInstanceOf(RowLimitException.class)
                .hasMessageContaining("has more than 999 rows");
        Path small = npz("small.npz", arrays("X.npy", Fixtures.npy("<f8", "(3, 1)", Fixtures.f8(1, 2, 3))), false);
        assertThat(reader.read(small, 3).size()).isEqualTo(3);
    }

    @Test
    void labelsBeforeFeaturesAndEntriesWithoutExtension() throws Exception {
        Path f = npz("data.npz", arrays(
                "y", Fixtures.npy("|b1", "(2,)", Fixtures.u1(1, 0)),
                "X", Fixtures.npy("<f4", "(2, 1)", Fixtures.f4(0.5f, 2f))), true);

        Table t = reader.read(f);

        assertThat(t.columns()).containsExactly("x0", "y");
        assertThat(t.rows().get(0).values()).containsExactly(0.5, 1.0);
        assertThat(t.rows().get(1).values()).containsExactly(2.0, 0.0);
    }

    @Test
    void readsIntegerMatricesAndOtherLabelTypes() throws Exception {
        Path i8 = npz("i8.npz", arrays(
                "X.npy", Fixtures.npy("<i8", "(1, 2)", Fixtures.i8(-7, 1L << 40)),
                "y.npy", Fixtures.npy("<f8", "(1,)", Fixtures.f8(1.0))), false);
        Path i4 = npz("i4.npz", arrays(
                "X.npy", Fixtures.npy("<i4", "(2, 1)", Fixtures.i4(-3, 9)),
                "y.npy", Fixtures.npy("|u1", "(2,)", Fixtures.u1(255, 1))), false);
        Path i2 = npz("i2.npz", arrays(
                "X.npy", Fixtures.npy("<i2", "(1, 2)", Fixtures.i2(-5, 300)),
                "y.npy", Fixtures.npy("<i4", "(1,)", Fixtures.i4(1))), false);

        assertThat(reader.read(i8).rows().get(0).values()).containsExactly(-7.0, (double) (1L << 40), 1.0);
        assertThat(reader.read(i4).rows()).extracting(r -> r.values()[0]).containsExactly(-3.0, 9.0);
        assertThat(reader.read(i4).rows()).extracting(r -> r.values()[1]).containsExactly(255.0, 1.0);
        assertThat(reader.read(i2).rows().get(0).values()).containsExactly(-5.0, 300.0, 1.0);
    }

    @Test
    void withoutLabelsThereIsNoYColumn() throws Exception {
        Path f = npz("x.npz", arrays("X.npy", Fixtures.npy("<f8", "(1, 3)", Fixtures.f8(1, 2, 3))), false);

        Table t = reader.read(f);

        assertThat(t.columns()).containsExactly("x0", "x1", "x2");
    }

    @Test
    void readsVersion2HeadersAndIgnoresOtherArrays() throws Exception {
        Path f = npz("v2.npz", arrays(
                "extra.npy", Fixtures.npy("<f8", "(1,)", Fixtures.f8(9)),
                "X.npy", Fixtures.npy("<f8", false, "(1, 1)", Fixtures.f8(42), 2)), false);

        Table t = reader.read(f);

        assertThat(t.columns()).containsExactly("x0");
        assertThat(t.rows().get(0).values()).containsExactly(42.0);
    }

    @Test
    void readsGzippedArchive() throws Exception {
        Path f = Fixtures.write(dir, "data.npz.gz", Fixtures.zip(arrays(
                "X.npy", Fixtures.npy("<f8", "(2, 1)", Fixtures.f8(1, 2))), false));

        assertThat(reader.read(f).size()).isEqualTo(2);
    }

    @Test
    void missingXListsTheArraysPresent() throws Exception {
        Path f = npz("nox.npz", arrays(
                "features.npy", Fixtures.npy("<f8", "(1, 1)", Fixtures.f8(1)),
                "y.npy", Fixtures.npy("<i8", "(1,)", Fixtures.i8(0))), false);

        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(f + ": has no array named X (it holds features, y)");
    }

    @Test
    void bigEndianIsRefused() throws Exception {
        Path f = npz("be.npz", arrays(
                "X.npy", Fixtures.npy(">f8", "(1, 1)", Fixtures.f8(ByteOrder.BIG_ENDIAN, 1))), false);

        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("array X is big-endian (dtype '>f8')")
                .hasMessageContaining("astype('<f8')");
    }

    @Test
    void fortranOrderIsReadColumnMajor() throws Exception {
        // numpy.asfortranarray([[1, 2, 3], [4, 5, 6]]) stores the columns one after another.
        Path f = npz("fo.npz", arrays(
                "X.npy", Fixtures.npy("<f8", true, "(2, 3)", Fixtures.f8(1, 4, 2, 5, 3, 6), 1)), false);

        Table t = reader.read(f);

        assertThat(t.rows().get(0).values()).containsExactly(1.0, 2.0, 3.0);
        assertThat(t.rows().get(1).values()).containsExactly(4.0, 5.0, 6.0);
    }

    @Test
    void unsupportedDtypeIsRefused() throws Exception {
        Path f = npz("obj.npz", arrays("X.npy", Fixtures.npy("|O", "(1, 1)", new byte[8])), false);

        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("dtype '|O'");
    }

    @Test
    void oneDimensionalXIsRefused() throws Exception {
        Path f = npz("flat.npz", arrays("X.npy", Fixtures.npy("<f8", "(2,)", Fixtures.f8(1, 2))), false);

        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("array X has shape (2,) but must be 2-D");
    }

    @Test
    void labelCountMustMatchRows() throws Exception {
        Path f = npz("bad-y.npz", arrays(
                "X.npy", Fixtures.npy("<f8", "(2, 1)", Fixtures.f8(1, 2)),
                "y.npy", Fixtures.npy("<i8", "(3,)", Fixtures.i8(0, 1, 0))), false);

        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("array y has shape (3,) but X has 2 rows");
    }

    @Test
    void truncatedDataIsRefused() throws Exception {
        Path f = npz("short.npz", arrays("X.npy", Fixtures.npy("<f8", "(3, 2)", Fixtures.f8(1, 2, 3))), false);

        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("array X is truncated");
    }

    @Test
    void notAZipIsRefused() throws Exception {
        Path f = Fixtures.text(dir, "text.npz", "just,some\ntext,here\n");

        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(f + ": is empty or not a .npz archive");
    }

    @Test
    void missingFileIsAnError() {
        Path f = dir.resolve("none.npz");

        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(InputException.class)
                .hasMessage(f + ": no such file; check the path");
    }

    @Test
    void readsTheAdbenchArchives() {
        Path data = Fixtures.datasets();
        assumeTrue(Files.isDirectory(data), "skipping: ../shared/datasets not found (set -Dganwatch.datasets=...)");

        Table thyroid = reader.read(data.resolve("adbench/38_thyroid.npz"));
        check(thyroid, 3772, 6, 93);
        assertThat((Double) thyroid.rows().get(0).get(0)).isCloseTo(0.77419355, org.assertj.core.data.Offset.offset(1e-8));
        check(reader.read(data.resolve("adbench/6_cardio.npz")), 1831, 21, 176);
        Table shuttle = reader.read(data.resolve("adbench/32_shuttle.npz"));
        check(shuttle, 49_097, 9, 3511);
        assertThat(shuttle.rows().get(0).values()).startsWith(50.0, 21.0, 77.0);
    }

    private static void check(Table t, int rows, int features, int anomalies) {
        assertThat(t.size()).isEqualTo(rows);
        assertThat(t.columns()).hasSize(features + 1).startsWith("x0").endsWith("x" + (features - 1), "y");
        int y = t.columnIndex("y");
        assertThat(t.rows().stream().filter(r -> (Double) r.get(y) == 1.0).count()).isEqualTo(anomalies);
        assertThat(t.rows().stream().allMatch(r -> (Double) r.get(y) == 0.0 || (Double) r.get(y) == 1.0)).isTrue();
    }
}
