package io.ganwatch.benchmark;

import io.ganwatch.input.InputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The ADBench archives a {@code benchmark --dataset} value names: {@code adbench} for every
 * {@code *.npz} of {@code <data-dir>/adbench/}, or one archive by its file stem
 * ({@code 23_mammography}).
 */
public final class AdbenchSuite {
    private AdbenchSuite() {
    }

    /** Whether {@code dataset} names the suite or an archive of it rather than one of {@link BenchmarkDataset}'s fixed sets. */
    public static boolean names(String dataset, Path dataDir) {
        String d = dataset.trim();
        return d.equalsIgnoreCase(BenchmarkDataset.ADBENCH.toString()) || Files.isRegularFile(archive(dataDir, d));
    }

    /**
     * The archives, sorted by name.
     *
     * @throws InputException when the folder or the named archive is absent
     */
    public static List<Path> archives(String dataset, Path dataDir) {
        String d = dataset.trim();
        Path folder = dataDir.resolve(BenchmarkDataset.ADBENCH.file());
        if (!Files.isDirectory(folder)) {
            throw new InputException(folder.toString(), 0, null, "not found; pass --data-dir pointing at the shared datasets folder"
                    + " (the one holding adbench/)");
        }
        if (!d.equalsIgnoreCase(BenchmarkDataset.ADBENCH.toString())) {
            Path one = archive(dataDir, d);
            if (!Files.isRegularFile(one)) {
                throw new InputException(one.toString(), 0, null, "not found; --dataset takes the stem of an archive in " + folder);
            }
            return List.of(one);
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> all = files.filter(f -> f.getFileName().toString().endsWith(".npz")).sorted().toList();
            if (all.isEmpty()) {
                throw new InputException(folder.toString(), 0, null, "holds no .npz archive");
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    private static Path archive(Path dataDir, String stem) {
        return dataDir.resolve(BenchmarkDataset.ADBENCH.file()).resolve(stem + ".npz");
    }
}
