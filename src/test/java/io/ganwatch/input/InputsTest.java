package io.ganwatch.input;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InputsTest {
    @TempDir
    Path dir;

    @Test
    void missingFileSaysCheckThePath() {
        Path f = dir.resolve("typo.csv");

        assertThatThrownBy(() -> Inputs.read(f, null))
                .isInstanceOf(InputException.class)
                .hasMessage(f + ": no such file; check the path");
    }

    @Test
    void directoryIsRefused() {
        assertThatThrownBy(() -> Inputs.read(dir, InputFormat.CSV))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("is a directory");
    }

    @Test
    void guessesTheFormatFromTheName() throws Exception {
        Path npz = Fixtures.write(dir, "data.npz", Fixtures.zip(Map.of(
                "X.npy", Fixtures.npy("<f8", "(1, 2)", Fixtures.f8(1, 2))), false));
        Path csv = Fixtures.text(dir, "data.csv", "a,b\n1,2\n");

        assertThat(Inputs.read(npz, null).columns()).containsExactly("x0", "x1");
        assertThat(Inputs.read(csv, null).columns()).containsExactly("a", "b");
    }

    @Test
    void explicitFormatWinsOverTheName() throws Exception {
        Path f = Fixtures.text(dir, "export.dat", "a,b\n1,2\n");

        assertThat(Inputs.read(f, InputFormat.CSV).rows().get(0).values()).containsExactly("1", "2");
        assertThatThrownBy(() -> Inputs.read(f, InputFormat.KDD))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("has 2 comma-separated fields");
    }
}
