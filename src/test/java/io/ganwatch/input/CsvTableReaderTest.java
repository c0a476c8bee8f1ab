package io.ganwatch.input;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvTableReaderTest {
    @TempDir
    Path dir;

    private final CsvTableReader reader = new CsvTableReader();

    @Test
    void readsHeaderAndRowsAsTextWithLineNumbers() throws Exception {
        Path f = Fixtures.text(dir, "data.csv", "a,b,c\n1,x,\n2.5,y,3\n");

        Table t = reader.read(f);

        assertThat(t.source()).isEqualTo(f.toString());
        assertThat(t.columns()).containsExactly("a", "b", "c");
        assertThat(t.rows()).hasSize(2);
        assertThat(t.rows().get(0).values()).containsExactly("1", "x", "");
        assertThat(t.rows().get(1).values()).containsExactly("2.5", "y", "3");
        assertThat(t.rows()).extracting(Table.Row::line).containsExactly(2L, 3L);
    }

    @Test
    void lineNumbersArePhysicalLinesAcrossQuotedNewlinesBlankLinesAndCrlf() throws Exception {
        Path f = Fixtures.text(dir, "multi.csv",
                "a,b\r\n\"two\r\nlines\",1\r\n\r\n3,\"x,y\"\r\n\n5,6");

        Table t = reader.read(f);

        assertThat(t.rows()).extracting(Table.Row::line).containsExactly(2L, 5L, 7L);
        assertThat(t.rows().get(0).values()).containsExactly("two\r\nlines", "1");
        assertThat(t.rows().get(1).values()).containsExactly("3", "x,y");
        assertThat(t.rows().get(2).values()).containsExactly("5", "6");
    }

    @Test
    void headerOnlyGivesZeroRows() throws Exception {
        Table t = reader.read(Fixtures.text(dir, "header.csv", "a,b\n"));

        assertThat(t.columns()).containsExactly("a", "b");
        assertThat(t.size()).isZero();
    }

    @Test
    void trimsHeaderNamesAndDropsByteOrderMark() throws Exception {
        Table t = reader.read(Fixtures.text(dir, "bom.csv", "\uFEFFa , b\n1,2\n"));

        assertThat(t.columns()).containsExactly("a", "b");
    }

    @Test
    void readsGzip() throws Exception {
        Path f = Fixtures.text(dir, "data.csv.gz", "a,b\n1,2\n3,4\n");

        Table t = reader.read(f);

        assertThat(t.rows()).hasSize(2);
        assertThat(t.rows().get(1).values()).containsExactly("3", "4");
        assertThat(t.rows().get(1).line()).isEqualTo(3L);
    }

    @Test
    void repeatedValuesShareOneInstance() throws Exception {
        Table t = reader.read(Fixtures.text(dir, "rep.csv", "a\ntcp\ntcp\n"));

        assertThat(t.rows().get(0).get(0)).isSameAs(t.rows().get(1).get(0));
    }

    @Test
    void emptyFileIsAnError() throws Exception {
        Path f = Fixtures.text(dir, "empty.csv", "");

        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(f + ": is empty;");
    }

    @Test
    void whitespaceOnlyFileIsEmpty() throws Exception {
        Path f = Fixtures.text(dir, "blank.csv", "  \n\n \n");

        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("is empty;");
    }

    @Test
    void emptyGzipIsEmpty() throws Exception {
        Path f = Fixtures.write(dir, "empty.csv.gz", new byte[0]);

        assertThatThrownBy(() -> reader.read(f)).isInstanceOf(InputException.class).hasMessageContaining("is empty;");
    }

    @Test
    void raggedRowNamesFileAndLine() throws Exception {
        Path f = Fixtures.text(dir, "ragged.csv", "a,b,c\n1,2,3\n\n4,5\n6,7,8\n");

        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOfSatisfying(InputException.class, e -> {
                    assertThat(e.line()).isEqualTo(4L);
                    assertThat(e.source()).isEqualTo(f.toString());
                })
                .hasMessageStartingWith(f + ":4: ")
                .hasMessageContaining("has 2 fields but the header has 3");
    }

    @Test
    void duplicateHeaderNameIsAnError() throws Exception {
        Path f = Fixtures.text(dir, "dup.csv", "a,b,a\n1,2,3\n");

        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(f + ":1: ")
                .hasMessageContaining("'a' twice (columns 1 and 3)");
    }

    @Test
    void blankHeaderNameIsAnError() throws Exception {
        Path f = Fixtures.text(dir, "blankname.csv", "a,,c\n1,2,3\n");

        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("header column 2 has no name");
    }

    @Test
    void missingFileIsAnInputException() {
        Path f = dir.resolve("nope.csv");

        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(InputException.class)
                .hasMessage(f + ": no such file; check the path");
    }

    @Test
    void unterminatedQuoteIsAnInputExceptionWithTheCause() throws Exception {
        Path f = Fixtures.text(dir, "quote.csv", "a,b\n\"open,1\n2,3\n");

        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(f + ": is not valid CSV")
                .hasCauseInstanceOf(java.io.IOException.class);
    }

    @Test
    void notUtf8IsReported() throws Exception {
        Path f = dir.resolve("latin1.csv");
        Files.write(f, "a,b\ncaf\u00e9,1\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("is not UTF-8 text");
    }

    @Test
    void notGzipAlthoughNamedGz() throws Exception {
        Path f = Fixtures.write(dir, "plain.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8));
        Path gz = Files.move(f, dir.resolve("plain.csv.gz"));

        assertThatThrownBy(() -> reader.read(gz))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("is not gzip-compressed");
    }

    @Test
    void messagesAreSingleLines() throws Exception {
        Path f = Fixtures.text(dir, "quote2.csv", "a,b\n\"open,1\n2,3\n");

        assertThatThrownBy(() -> reader.read(f)).satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void manyRowsAreRead() throws Exception {
        StringBuilder sb = new StringBuilder("id,proto,bytes\n");
        for (int i = 0; i < 20_000; i++) {
            sb.append(i).append(',').append(i % 3 == 0 ? "tcp" : "udp").append(',').append(i * 7).append('\n');
        }
        Table t = reader.read(Fixtures.text(dir, "many.csv", sb.toString()));

        assertThat(t.size()).isEqualTo(20_000);
        assertThat(t.rows().get(19_999).line()).isEqualTo(20_001L);
        assertThat(List.of(t.rows().get(19_999).values())).containsExactly("19999", "udp", String.valueOf(19_999 * 7));
    }
}
