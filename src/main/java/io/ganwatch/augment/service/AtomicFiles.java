package io.ganwatch.augment.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;

/**
 * Replaces a file in one step: the content is written to a temporary file in the same directory,
 * then moved over the destination, so that a reader never sees half a file and a crash leaves
 * either the old file or the new one. A replay after such a crash writes the file again (the
 * destination is replaced, not appended to).
 */
final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * Writes {@code target} through {@code write}, which is handed the temporary file to fill; the
     * temporary file is removed when {@code write} or the move fails.
     *
     * @throws UncheckedIOException when the temporary file cannot be made or moved
     */
    static void replace(Path target, Consumer<Path> write) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            write.accept(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING); // same directory: only odd file systems get here
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // already failing; the write error is the one to report
                }
            }
        }
    }
}
