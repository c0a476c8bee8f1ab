package io.ganwatch.benchmark;

import io.ganwatch.kafka.LocalKafka;
import org.apache.commons.io.FileUtils;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a stream benchmark runs: the cluster it was given, or a local broker started for it, with a
 * temporary folder for its files; closing stops that broker and deletes the folder.
 */
final class BenchmarkCluster implements AutoCloseable {
    private final Path work;
    private final String bootstrapServers;
    private final LocalKafka local;

    private BenchmarkCluster(Path work, String bootstrapServers, LocalKafka local) {
        this.work = work;
        this.bootstrapServers = bootstrapServers;
        this.local = local;
    }

    /** The given cluster, or a local broker when {@code bootstrapServers} is {@code null}. */
    static BenchmarkCluster open(String bootstrapServers, String folderPrefix, PrintStream out) throws IOException {
        Path work = Files.createTempDirectory(folderPrefix);
        if (bootstrapServers != null) {
            return new BenchmarkCluster(work, bootstrapServers, null);
        }
        out.println("[kafka]  starting a local broker");
        try {
            LocalKafka local = LocalKafka.start(work.resolve("kafka"));
            return new BenchmarkCluster(work, local.bootstrapServers(), local);
        } catch (RuntimeException e) {
            FileUtils.deleteQuietly(work.toFile());
            throw e;
        }
    }

    /** The temporary folder for the benchmark's files. */
    Path work() {
        return work;
    }

    /** bootstrap.servers of the cluster. */
    String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        if (local != null) {
            local.close();
        }
        FileUtils.deleteQuietly(work.toFile());
    }
}
