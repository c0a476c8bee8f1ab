package io.ganwatch.augment.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private static void write(Path p, String text) {
        try {
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String[] names() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void theContentIsWrittenNextToTheTargetAndReplacesIt() throws IOException {
        Path target = dir.resolve("out.csv");
        Files.writeString(target, "old\n");
        AtomicFiles.replace(target, tmp -> {
            assertThat(tmp.getParent()).isEqualTo(dir);
            assertThat(tmp).isNotEqualTo(target);
            assertThat(target).hasContent("old"); // untouched until the move
            write(tmp, "new\n");
        });
        assertThat(target).hasContent("new");
        assertThat(names()).containsExactly("out.csv");
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("out.csv");
        Files.writeString(target, "old\n");
        assertThatThrownBy(() -> AtomicFiles.replace(target, tmp -> {
            write(tmp, "half");
            throw new IllegalStateException("disk full");
        })).isInstanceOf(IllegalStateException.class).hasMessage("disk full");
        assertThat(target).hasContent("old");
        assertThat(names()).containsExactly("out.csv");
    }

    @Test
    void theFileGetsTheModeAPlainNewFileGetsUnderTheUmaskNotOwnerOnly() throws IOException {
        Path target = dir.resolve("out.csv");
        AtomicFiles.replace(target, tmp -> write(tmp, "new\n"));
        Path plain = Files.createFile(dir.resolve("plain.csv"));
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(Files.getPosixFilePermissions(plain));
        assertThat(target).hasContent("new");
    }

    @Test
    void aReplacedFileTakesTheNewModeNotTheOldOnesAndTheContentIsComplete() throws IOException {
        Path target = dir.resolve("out.csv");
        Files.writeString(target, "old\n");
        Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        String big = "x,y\n" + "1,2\n".repeat(200_000);
        AtomicFiles.replace(target, tmp -> write(tmp, big));
        Path plain = Files.createFile(dir.resolve("plain.csv"));
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(Files.getPosixFilePermissions(plain));
        assertThat(Files.readString(target)).isEqualTo(big);
        assertThat(names()).containsExactly("out.csv", "plain.csv");
    }

    @Test
    void aMissingDirectoryIsAnIoError() {
        assertThatThrownBy(() -> AtomicFiles.replace(dir.resolve("gone").resolve("out.csv"), tmp -> write(tmp, "x")))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("cannot write").hasMessageContaining("out.csv");
    }
}
