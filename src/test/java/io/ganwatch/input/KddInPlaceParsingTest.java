package io.ganwatch.input;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The KDD reader finds fields in place and parses each distinct value once ({@link FieldCache}); it
 * must give exactly what splitting the line into trimmed Strings gave before.
 */
class KddInPlaceParsingTest {
    @TempDir
    Path dir;

    /** The reader as it was: String.split-like fields, trimmed, label without its '.', numbers by Double.parseDouble. */
    private static Object[] reference(String line, int width) {
        List<String> fields = new ArrayList<>();
        int start = 0;
        while (true) {
            int comma = line.indexOf(',', start);
            if (comma < 0) {
                fields.add(line.substring(start).trim());
                break;
            }
            fields.add(line.substring(start, comma).trim());
            start = comma + 1;
        }
        assertThat(fields).hasSize(width);
        Object[] out = new Object[width];
        for (int i = 0; i < width; i++) {
            String f = fields.get(i);
            boolean text = i == 1 || i == 2 || i == 3 || i == 41;
            if (text) {
                out[i] = i == 41 && f.endsWith(".") ? f.substring(0, f.length() - 1) : f;
            } else {
                out[i] = f.isEmpty() ? null : Double.parseDouble(f);
            }
        }
        return out;
    }

    private static List<Object[]> read(Path file) {
        List<Object[]> rows = new ArrayList<>();
        new KddTableReader().stream(file, new RowVisitor() {
            @Override
            public void columns(String source, List<String> columns) {
            }

            @Override
            public void row(long line, Object[] values) {
                rows.add(values);
            }
        });
        return rows;
    }

    @Test
    void quotedEmptyPaddedAndRepeatedFieldsParseAsBefore() throws Exception {
        String base = "0,tcp,http,SF,181,5450,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,8,8,"
                + "0.00,0.00,0.00,0.00,1.00,0.00,0.00,9,9,1.00,0.00,0.11,0.00,0.00,0.00,0.00,0.00";
        List<String> lines = List.of(
                base + ",normal.",
                base.replace(",181,", ", 181 ,").replace("tcp", " tcp\t") + ",normal.", // padded: trimmed
                base.replace(",5450,", ",,") + ",normal.",                                // empty numeric: missing
                base.replace(",http,", ",,") + ",smurf.",                                 // empty text: ""
                base.replace(",http,", ",\"http\",") + ",normal.",                         // quotes are not special in KDD
                base.replace(",181,", ",1.81e2,").replace(",5450,", ",-0.5,") + ",normal",  // no trailing dot
                base + ",normal.",                                                         // repeated: from the cache
                base.replace(",181,", ",182,") + ",normal.");                             // same length, other value
        Path f = Fixtures.text(dir, "kdd.txt", String.join("\n", lines) + "\n");

        List<Object[]> rows = read(f);

        assertThat(rows).hasSize(lines.size());
        for (int r = 0; r < lines.size(); r++) {
            assertThat(rows.get(r)).as("line %d", r + 1).containsExactly(reference(lines.get(r), 42));
        }
        assertThat(rows.get(1)[1]).isEqualTo("tcp");
        assertThat(rows.get(2)[5]).isNull();
        assertThat(rows.get(3)[2]).isEqualTo("");
        assertThat(rows.get(4)[2]).isEqualTo("\"http\"");
        assertThat(rows.get(6)[4]).isEqualTo(181.0);
        assertThat(rows.get(7)[4]).isEqualTo(182.0);
    }

    @Test
    void aBadValueIsStillReportedAgainstItsLineAndColumnAfterTheSameColumnWasCached() throws Exception {
        String good = "0,tcp,http,SF,181,5450,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,8,8,"
                + "0.00,0.00,0.00,0.00,1.00,0.00,0.00,9,9,1.00,0.00,0.11,0.00,0.00,0.00,0.00,0.00,normal.";
        Path f = Fixtures.text(dir, "kdd.txt", good + "\n" + good.replace(",181,", ",18x,") + "\n");
        assertThatThrownBy(() -> read(f)).isInstanceOf(InputException.class)
                .hasMessageContaining(":2").hasMessageContaining("src_bytes").hasMessageContaining("18x");
    }

    @Test
    void theFirst20000LinesOfKdd99GiveTheSameValuesAsSplitting() throws Exception {
        Path gz = Fixtures.datasets().resolve("kdd99/kddcup.data_10_percent.gz");
        assumeTrue(Files.isRegularFile(gz), "skipping: " + gz + " not found (set -Dganwatch.datasets=DIR to run this real-data test)");
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(gz)),
                StandardCharsets.UTF_8))) {
            String s;
            while (lines.size() < 20_000 && (s = in.readLine()) != null) {
                lines.add(s);
            }
        }
        Path sample = Fixtures.text(dir, "kdd-head.txt", String.join("\n", lines) + "\n"); // a temp file, not in the repository

        List<Object[]> rows = read(sample);

        assertThat(rows).hasSize(lines.size());
        for (int r = 0; r < lines.size(); r++) {
            assertThat(rows.get(r)).as("line %d", r + 1).containsExactly(reference(lines.get(r), 42));
        }
    }

    @Test
    void theCacheFindsAValueByTheCharactersOfItsFieldAndStopsGrowingAtItsLimit() {
        FieldCache cache = new FieldCache(3);
        String line = "x,0.00,1.00,0.00";
        assertThat(FieldCache.hash(line, 2, 6)).isEqualTo("0.00".hashCode());
        assertThat(cache.get(line, 2, 6, FieldCache.hash(line, 2, 6))).isNull();
        Double zero = 0.0;
        assertThat(cache.put("0.00", zero)).isSameAs(zero);
        assertThat(cache.get(line, 12, 16, FieldCache.hash(line, 12, 16))).isSameAs(zero);
        assertThat(cache.get(line, 7, 11, FieldCache.hash(line, 7, 11))).isNull(); // "1.00": same length, other value
        assertThat(cache.get(line, 2, 5, FieldCache.hash(line, 2, 5))).isNull();   // "0.0": a prefix is not a match
        assertThat(cache.put("empty", null)).isNull();
        assertThat(cache.size()).isEqualTo(1); // null values are not kept
        for (int i = 0; i < 200; i++) {       // grows past its first table, then stops at the limit
            cache.put("v" + i, i);
        }
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.get("v1", 0, 2, "v1".hashCode())).isEqualTo(1);
        assertThat(cache.get("v5", 0, 2, "v5".hashCode())).isNull();
    }
}
