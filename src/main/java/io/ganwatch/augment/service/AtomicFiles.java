package io.ganwatch.augment.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Replaces a file in one step: the content is written to a temporary file in the same directory,
 * forced to disk, then moved over the destination, and the directory is forced too, so that a
 * reader never sees half a file and a crash leaves either the old file or the whole new one (never
 * an empty one). A replay after such a crash writes the file again (the destination is replaced,
 * not appended to).
 *
 * <p>The file gets the mode any new file of this process gets (the umask's), as a file written by
 * {@code augment --output} does: the readers of synthetic data are usually other users or services.
 */
final class AtomicFiles {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);

    private AtomicFiles() {
    }

    /**
     * Writes {@code target} through {@code write}, which is handed the temporary file to fill; the
     * temporary file is removed when {@code write} or the move fails.
     *
     * @throws UncheckedIOException when the temporary file cannot be made, forced to disk or moved
     */
    static void replace(Path target, Consumer<Path> write) {
        Path dir = target.getParent();
        Path tmp = null;
        try {
            tmp = newTemporaryFile(target);
            write.accept(tmp);
            force(tmp, StandardOpenOption.WRITE);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING); // same directory: only odd file systems get here
            }
            tmp = null;
            forceDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage()
                    + "; check that the directory is writable and has free space", e);
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

    /**
     * A fresh hidden file next to the target. Not {@link Files#createTempFile}: that one is owner-only
     * (0600) whatever the umask, and the move would hand that mode on to the destination.
     */
    private static Path newTemporaryFile(Path target) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 3) {
                    throw e; // a random name taken four times is not chance
                }
            }
        }
    }

    private static void force(Path path, StandardOpenOption mode) throws IOException {
        try (FileChannel c = FileChannel.open(path, mode)) {
            c.force(true);
        }
    }

    /**
     * Makes the move itself durable. Linux and macOS can open and force a directory; a file system
     * that cannot (Windows) has already made the rename durable or offers no way to, so that is only logged.
     */
    private static void forceDirectory(Path dir) {
        try {
            force(dir, StandardOpenOption.READ);
        } catch (IOException e) {
            LOG.debug("cannot force directory {} to disk ({}); the rename is as durable as the file system makes it", dir, e.getMessage());
        }
    }
}
