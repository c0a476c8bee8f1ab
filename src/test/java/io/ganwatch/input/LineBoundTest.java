package io.ganwatch.input;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A line past {@link Sources#MAX_LINE_CHARS} is refused with the file and line, in CSV and KDD alike. */
class LineBoundTest {
    @TempDir
    Path dir;

    private Path withLongLine(String name, String before, int chars) throws IOException {
        Path f = dir.resolve(name);
        try (Writer w = Files.newBufferedWriter(f)) {
            w.write(before);
            char[] c = new char[chars];
            Arrays.fill(c, '7');
            w.write(c);
            w.write("\r\n");
        }
        return f;
    }

    @Test
    void csvAndKddRefuseALineOverTheBound() throws IOException {
        Path csv = withLongLine("long.csv", "a,b\r\n1,2\r\n1,", Sources.MAX_LINE_CHARS);
        Path kdd = withLongLine("long.kdd", "", Sources.MAX_LINE_CHARS + 1);

        assertThatThrownBy(() -> Inputs.read(csv, InputFormat.CSV)).isInstanceOf(InputException.class)
                .hasMessageContaining("long.csv:3").hasMessageContaining("has a line longer than 4194304 characters");
        assertThatThrownBy(() -> Inputs.read(kdd, InputFormat.KDD)).isInstanceOf(InputException.class)
                .hasMessageContaining("long.kdd:1").hasMessageContaining("has a line longer than 4194304 characters");
    }

    @Test
    void aLineAtTheBoundIsRead() throws IOException {
        Path csv = withLongLine("edge.csv", "a\r\n", Sources.MAX_LINE_CHARS);

        Table t = Inputs.read(csv, InputFormat.CSV);

        assertThat(t.size()).isEqualTo(1);
        assertThat(t.rows().get(0).get(0).toString()).hasSize(Sources.MAX_LINE_CHARS);
    }
}
