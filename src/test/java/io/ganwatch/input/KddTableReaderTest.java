package io.ganwatch.input;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class KddTableReaderTest {
    @TempDir
    Path dir;

    private final KddTableReader reader = new KddTableReader();

    /** The first line of kddcup.data_10_percent without its label. */
    private static final String FEATURES_41 = "0,tcp,http,SF,181,5450,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,8,8,"
            + "0.00,0.00,0.00,0.00,1.00,0.00,0.00,9,9,1.00,0.00,0.11,0.00,0.00,0.00,0.00,0.00";

    /** {@link #FEATURES_41} with one field replaced. */
    private static String with(String column, String value) {
        String[] f = FEATURES_41.split(",");
        f[KddTableReader.FEATURES.indexOf(column)] = value;
        return String.join(",", f);
    }

    @Test
    void featureNamesAreTheKddCup99Names() {
        assertThat(KddTableReader.FEATURES).hasSize(41).doesNotHaveDuplicates();
        assertThat(KddTableReader.FEATURES.get(0)).isEqualTo("duration");
        assertThat(KddTableReader.FEATURES.get(4)).isEqualTo("src_bytes");
        assertThat(KddTableReader.FEATURES.get(40)).isEqualTo("dst_host_srv_rerror_rate");
        assertThat(KddTableReader.LABEL).isEqualTo("label");
        assertThat(KddTableReader.DIFFICULTY).isEqualTo("difficulty");
    }

    @Test
    void readingStopsAtTheFirstLinePastTheRowLimit() throws Exception {
        // Two good lines, then a broken one: the limit is met before the broken line is parsed.
        Path f = Fixtures.text(dir, "kdd.txt", FEATURES_41 + ",normal.\n" + FEATURES_41 + ",normal.\n" + FEATURES_41 + ",normal.\n1,2\n");
        assertThatThrownBy(() -> reader.read(f, 2)).isInstanceOf(RowLimitException.class).hasMessageContaining("has more than 2 rows");
        assertThatThrownBy(() -> reader.read(f, 3)).isNotInstanceOf(RowLimitException.class).hasMessageContaining(":4");
    }

    @Test
    void readsKdd99LinesWithLabelStrippingTheTrailingDot() throws Exception {
        Path f = Fixtures.text(dir, "kdd.txt", FEATURES_41 + ",normal.\n" + with("protocol_type", "icmp") + ",smurf.\n");

        Table t = reader.read(f);

        List<String> expected = new ArrayList<>(KddTableReader.FEATURES);
        expected.add("label");
        assertThat(t.columns()).isEqualTo(expected);
        assertThat(t.rows()).extracting(Table.Row::line).containsExactly(1L, 2L);
        Table.Row r = t.rows().get(0);
        assertThat(r.get(t.columnIndex("duration"))).isEqualTo(0.0);
        assertThat(r.get(t.columnIndex("protocol_type"))).isEqualTo("tcp");
        assertThat(r.get(t.columnIndex("service"))).isEqualTo("http");
        assertThat(r.get(t.columnIndex("flag"))).isEqualTo("SF");
        assertThat(r.get(t.columnIndex("src_bytes"))).isEqualTo(181.0);
        assertThat(r.get(t.columnIndex("dst_bytes"))).isEqualTo(5450.0);
        assertThat(r.get(t.columnIndex("dst_host_same_src_port_rate"))).isEqualTo(0.11);
        assertThat(r.get(t.columnIndex("label"))).isEqualTo("normal");
        assertThat(t.rows().get(1).get(t.columnIndex("protocol_type"))).isEqualTo("icmp");
        assertThat(t.rows().get(1).get(t.columnIndex("label"))).isEqualTo("smurf");
    }

    @Test
    void everyNumericFeatureIsADoubleAndTheThreeCategoricalAreText() throws Exception {
        Table t = reader.read(Fixtures.text(dir, "kdd.txt", FEATURES_41 + ",normal.\n"));

        for (int i = 0; i < 41; i++) {
            Object v = t.rows().get(0).get(i);
            if (KddTableReader.CATEGORICAL.contains(t.columns().get(i))) {
                assertThat(v).as(t.columns().get(i)).isInstanceOf(String.class);
            } else {
                assertThat(v).as(t.columns().get(i)).isInstanceOf(Double.class);
            }
        }
    }

    @Test
    void onlyOneTrailingDotIsStripped() throws Exception {
        Table t = reader.read(Fixtures.text(dir, "kdd.txt", FEATURES_41 + ",odd..\n"));

        assertThat(t.rows().get(0).get(41)).isEqualTo("odd.");
    }

    @Test
    void readsNslKddWithDifficulty() throws Exception {
        Table t = reader.read(Fixtures.text(dir, "KDDTrain+.txt", FEATURES_41 + ",neptune,21\n" + FEATURES_41 + ",normal,18\n"));

        assertThat(t.columns()).hasSize(43).endsWith("label", "difficulty");
        assertThat(t.rows().get(0).get(41)).isEqualTo("neptune");
        assertThat(t.rows().get(0).get(42)).isEqualTo(21.0);
        assertThat(t.rows().get(1).get(42)).isEqualTo(18.0);
    }

    @Test
    void readsUnlabelledLines() throws Exception {
        Table t = reader.read(Fixtures.text(dir, "kdd.txt", FEATURES_41 + "\n"));

        assertThat(t.columns()).isEqualTo(KddTableReader.FEATURES);
        assertThat(t.size()).isEqualTo(1);
    }

    @Test
    void readsGzipAndIgnoresBlankTrailingLines() throws Exception {
        Path f = Fixtures.text(dir, "kddcup.data.gz", FEATURES_41 + ",normal.\r\n" + FEATURES_41 + ",back.\r\n\r\n\n");

        Table t = reader.read(f);

        assertThat(t.size()).isEqualTo(2);
        assertThat(t.rows().get(1).get(41)).isEqualTo("back");
        assertThat(t.rows().get(1).line()).isEqualTo(2L);
    }

    @Test
    void lineOfOtherWidthIsAnErrorNamingTheLine() throws Exception {
        String short40 = FEATURES_41.substring(0, FEATURES_41.lastIndexOf(','));
        Path f = Fixtures.text(dir, "kdd.txt", FEATURES_41 + ",normal.\n" + FEATURES_41 + ",normal.\n" + short40 + ",normal.\n");

        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(f + ":3: ")
                .hasMessageContaining("has 41 fields but the first line has 42");
    }

    @Test
    void firstLineOfWrongWidthIsNotKdd() throws Exception {
        Path f = Fixtures.text(dir, "kdd.txt", "a,b,c\n1,2,3\n");

        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(f + ":1: has 3 comma-separated fields")
                .hasMessageContaining("--format csv");
    }

    @Test
    void textInNumericColumnNamesLineColumnAndValue() throws Exception {
        Path f = Fixtures.text(dir, "kdd.txt", FEATURES_41 + ",normal.\n" + with("src_bytes", "12kb") + ",normal.\n");

        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOfSatisfying(InputException.class, e -> {
                    assertThat(e.line()).isEqualTo(2L);
                    assertThat(e.column()).isEqualTo("src_bytes");
                })
                .hasMessageStartingWith(f + ":2: column 'src_bytes': ")
                .hasMessageContaining("'12kb'");
    }

    @Test
    void hexAndSuffixedNumbersAreText() throws Exception {
        Path f = Fixtures.text(dir, "kdd.txt", with("count", "0x10") + "\n");

        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("column 'count'")
                .hasMessageContaining("text value '0x10'");
    }

    @Test
    void nanIsNotFinite() throws Exception {
        Path f = Fixtures.text(dir, "kdd.txt", FEATURES_41 + ",normal.\n" + with("serror_rate", "nan") + ",normal.\n");

        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(f + ":2: column 'serror_rate': ")
                .hasMessageContaining("not finite");
    }

    @Test
    void infinityIsNotFinite() throws Exception {
        Path f = Fixtures.text(dir, "kdd.txt", with("duration", "-Infinity") + "\n");

        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("column 'duration'")
                .hasMessageContaining("not finite");
    }

    @Test
    void textDifficultyIsAnError() throws Exception {
        Path f = Fixtures.text(dir, "kdd.txt", FEATURES_41 + ",normal,hard\n");

        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(f + ":1: column 'difficulty': ");
    }

    @Test
    void emptyFileIsAnError() throws Exception {
        Path f = Fixtures.text(dir, "kdd.txt", "\n\n");

        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(f + ": is empty;");
    }

    @Test
    void missingFileIsAnError() {
        Path f = dir.resolve("kdd.gz");

        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(InputException.class)
                .hasMessage(f + ": no such file; check the path");
    }

    @Test
    void truncatedGzipIsAnInputException() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            sb.append(with("src_bytes", Integer.toString(i))).append(",normal.\n");
        }
        Path full = Fixtures.text(dir, "full.gz", sb.toString());
        byte[] bytes = Files.readAllBytes(full);
        Path cut = Files.write(dir.resolve("cut.gz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> reader.read(cut))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(cut.toString())
                .hasMessageContaining("truncated or corrupt")
                .hasCauseInstanceOf(java.io.IOException.class);
    }

    @Test
    void readsTheRealKdd99TenPercentFile() {
        Path data = Fixtures.datasets();
        assumeTrue(Files.isDirectory(data), "skipping: ../shared/datasets not found (set -Dganwatch.datasets=...)");
        Path f = data.resolve("kdd99/kddcup.data_10_percent.gz");

        long start = System.nanoTime();
        Table t = reader.read(f);
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(t.size()).isEqualTo(494_021);
        assertThat(t.columns()).hasSize(42);
        int label = t.columnIndex(KddTableReader.LABEL);
        long normal = t.rows().stream().filter(r -> "normal".equals(r.get(label))).count();
        assertThat(normal).isEqualTo(97_278L);
        assertThat(t.rows().get(494_020).line()).isEqualTo(494_021L);
        System.out.printf("read %s in %.2f s%n", f.getFileName(), seconds);
    }
}
