package io.ganwatch.augment.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The directories requests may read files from and write files to.
 *
 * <p>Requests arrive from anyone who can write to the requests topic, and name paths; without this
 * check such a producer could make the service read any file it can read, or replace any file it
 * can write. So file sources and destinations are off until the operator names directories, and
 * paths are compared after resolving symbolic links ({@code /data/../etc/passwd} or a link inside a
 * root pointing out of it do not pass).
 *
 * @param roots allowed directories, as real paths; empty disables file sources and destinations
 */
public record FileRoots(List<Path> roots) {

    /** No file access at all. */
    public static final FileRoots NONE = new FileRoots(List.of());

    /** Copies the list. */
    public FileRoots {
        roots = List.copyOf(roots);
    }

    /**
     * Roots from configured directories, which must exist.
     *
     * @throws IllegalArgumentException naming a directory that does not exist
     */
    public static FileRoots of(List<Path> directories) {
        List<Path> real = new ArrayList<>();
        for (Path d : directories) {
            if (!Files.isDirectory(d)) {
                throw new IllegalArgumentException("file root " + d + " is not a directory; create it or fix the path");
            }
            try {
                real.add(d.toRealPath());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot resolve file root " + d + ": " + e.getMessage(), e);
            }
        }
        return new FileRoots(real);
    }

    /**
     * The real path of a file a request wants to read.
     *
     * @throws RejectedRequestException when file access is off, or the path is outside every root
     */
    public Path readable(String path) {
        Path p = parse(path);
        Path resolved;
        try {
            resolved = Files.exists(p) ? p.toRealPath() : p;
        } catch (IOException e) {
            resolved = p;
        }
        return inside(path, resolved);
    }

    /**
     * Where a file a request wants written goes: its directory must exist under a root, and the
     * file itself must not be a symbolic link (which could point anywhere).
     *
     * @throws RejectedRequestException when file access is off, or the path is outside every root
     */
    public Path writable(String path) {
        Path p = parse(path);
        Path parent = p.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new RejectedRequestException("destination directory of " + path + " does not exist; create it or choose another path");
        }
        if (Files.isSymbolicLink(p)) {
            throw new RejectedRequestException("destination " + path + " is a symbolic link; name the real file");
        }
        try {
            return inside(path, parent.toRealPath().resolve(p.getFileName()));
        } catch (IOException e) {
            throw new RejectedRequestException("cannot resolve destination directory of " + path + " (" + e.getMessage() + ")");
        }
    }

    private Path parse(String path) {
        if (roots.isEmpty()) {
            throw new RejectedRequestException("file sources and destinations are disabled on this service; use a topic,"
                    + " or start the service with --file-root DIR (ganwatch.augment.file.roots) naming the directories it may use");
        }
        if (path == null || path.isBlank()) {
            throw new RejectedRequestException("the file path is empty; give the path of a file under " + describe());
        }
        try {
            return Path.of(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new RejectedRequestException("'" + path + "' is not a valid path (" + e.getReason() + ")");
        }
    }

    private Path inside(String asked, Path resolved) {
        for (Path root : roots) {
            if (resolved.startsWith(root)) {
                return resolved;
            }
        }
        throw new RejectedRequestException("path " + asked + " is outside the directories this service may use ("
                + describe() + "); move the file there or ask the operator to add a --file-root");
    }

    private String describe() {
        return String.join(", ", roots.stream().map(Path::toString).toList());
    }
}
