package io.ganwatch.demo;

import io.ganwatch.streams.StreamService;

import org.apache.commons.io.FileUtils;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What one demo run has started: its work directory, the cluster, the stream processor. They are
 * released in reverse order exactly once, at the end of the run or, on Ctrl-C or SIGTERM, from a
 * shutdown hook, so that an interrupted demo leaves no broker, no Kafka Streams state and no temporary
 * files behind either.
 */
final class RunResources implements AutoCloseable {
    private final Path work;
    private final boolean keep;
    private final PrintStream out;
    private final Thread hook;
    private DemoCluster cluster;
    private StreamService service;
    private boolean closed;

    /**
     * @param work the run's work directory, deleted at the end unless {@code keep}
     */
    RunResources(Path work, boolean keep, PrintStream out) {
        this.work = work;
        this.keep = keep;
        this.out = out;
        this.hook = new Thread(this::close, "ganwatch-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Registers the cluster, stopped last. */
    synchronized DemoCluster cluster(DemoCluster c) {
        this.cluster = c;
        return c;
    }

    /** Registers the stream processor, stopped first. */
    synchronized StreamService service(StreamService s) {
        this.service = s;
        return s;
    }

    /** Stops what was started; a second call (the hook after a normal end, or the other way round) waits for the first and returns. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting; this call does the work and the hook will find it done
            }
        }
        try {
            if (service != null) {
                service.close();
            }
        } finally {
            try {
                if (cluster != null) {
                    cluster.close();
                    cluster.localBroker().ifPresent(b -> out.printf(Locale.ROOT, "[kafka]  broker (pid %d) stopped%n", b.process().pid()));
                }
            } finally {
                if (keep) {
                    out.printf(Locale.ROOT, "[done]   kept %s (model in %s)%n", work, work.resolve("model"));
                } else {
                    FileUtils.deleteQuietly(work.toFile()); // best effort: leftovers in a temp directory are harmless
                }
            }
        }
    }
}
