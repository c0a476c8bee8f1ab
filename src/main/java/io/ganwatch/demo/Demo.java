package io.ganwatch.demo;

import io.ganwatch.feedback.FeedbackTotals;
import io.ganwatch.kafka.LocalKafka;
import io.ganwatch.model.BundleMetadata;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.streams.StreamConfig;
import io.ganwatch.streams.StreamService;
import io.ganwatch.training.TrainingListener;
import org.apache.kafka.streams.KafkaStreams;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code ganwatch demo} from start to finish: a Kafka broker, topics, a model, the stream processor
 * (in this process, exactly as {@code ganwatch stream} runs it), a simulated payment stream with
 * labelled fraud, the alerts as they arrive, and a summary that checks the pipeline (every record
 * scored or dead-lettered once) and the model (precision and recall against the injected fraud).
 *
 * <p>Everything the run starts it also stops, in reverse order, on success, failure or Ctrl-C; the
 * work directory goes too unless {@link DemoOptions#keep()} is set.
 */
public final class Demo {
    private static final Duration STREAMS_READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ACCOUNTING_TIMEOUT = Duration.ofSeconds(90);
    private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;
    /** How long the verdicts may take to be sent, and then to be handled by the stream's join, once every record is in. */
    private static final Duration FEEDBACK_TIMEOUT = Duration.ofSeconds(60);

    private final DemoOptions options;
    private final PrintStream out;

    private Demo(DemoOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /**
     * Runs the demo, printing to {@code out}.
     *
     * @return the summary; {@link DemoSummary#complete()} is false when some records were not accounted
     *         for in time
     */
    public static DemoSummary run(DemoOptions options, PrintStream out) throws InterruptedException {
        return new Demo(options, out).run();
    }

    private DemoSummary run() throws InterruptedException {
        long started = System.nanoTime();
        Path work = createWorkDirectory();
        DemoTopics topics = DemoTopics.forRun(runId());
        out.printf(Locale.ROOT, "ganwatch demo: seed %d, %d transactions at %s; work directory %s%n", options.seed(),
                options.records(), options.rate() > 0 ? String.format(Locale.ROOT, "%.0f/s", options.rate()) : "full speed", work);
        try (RunResources resources = new RunResources(work, options.keep(), out)) {
            DemoCluster cluster = resources.cluster(cluster(work));
            cluster.createTopics(topics.partitions(options.feedback()));
            out.printf(Locale.ROOT, "[topics] %s (%d partitions), %s, %s, %s%s%n", topics.transactions(), DemoTopics.INPUT_PARTITIONS,
                    topics.alerts(), topics.scores(), topics.deadLetters(), options.feedback()
                            ? String.format(Locale.ROOT, ", %s (%d partitions)", topics.feedback(), DemoTopics.INPUT_PARTITIONS) : "");

            TransactionSimulator simulator = new TransactionSimulator(simulation(options.seed()));
            List<Transaction> normal = DemoModel.normalWeek(simulator, DemoModel.TRAINING_ROWS);
            Path model = model(normal, work);

            StreamService service = resources.service(
                    StreamService.start(StreamConfig.resolve(Map.of(), Map.of(), streamSettings(cluster, topics, model, work))));
            awaitRunning(service);
            out.printf(Locale.ROOT, "[stream] scoring %s exactly-once (JSON records); operations endpoint http://127.0.0.1:%d/%n",
                    topics.transactions(), service.httpPort());

            DemoSummary summary = stream(cluster, topics, simulator, service);
            summary.lines().forEach(out::println);
            return summary;
        } finally {
            out.printf(Locale.ROOT, "[done]   %.1f s in all%n", (System.nanoTime() - started) / 1e9);
        }
    }

    /**
     * The default world, with a burn-in of 42 hours: the model's training week follows it, so the live
     * stream starts at 18:00 and reaches the small hours (when ATM cash-outs happen) even in a short run.
     */
    static SimulationConfig simulation(long seed) {
        SimulationConfig d = SimulationConfig.defaults(seed);
        return new SimulationConfig(seed, d.customers(), d.anomalyShare(), d.start(), Duration.ofHours(42));
    }

    private DemoCluster cluster(Path work) {
        if (options.bootstrapServers() != null) {
            out.printf(Locale.ROOT, "[kafka]  using the cluster at %s%n", options.bootstrapServers());
            return DemoCluster.existing(options.bootstrapServers(), options.kafkaSettings());
        }
        DemoCluster c = DemoCluster.startLocal(work.resolve("kafka"));
        LocalKafka b = c.localBroker().orElseThrow();
        out.printf(Locale.ROOT, "[kafka]  started a broker (pid %d) at %s in %.1f s; its files are under %s%n", b.process().pid(),
                b.bootstrapServers(), b.startupTime().toMillis() / 1000.0, b.directory());
        return c;
    }

    private Path model(List<Transaction> normal, Path work) {
        if (options.model() != null) {
            ModelBundle bundle = ModelBundle.load(options.model());
            Set<String> missing = new HashSet<>(bundle.metadata().features().columnNames());
            missing.removeAll(normal.get(0).fields().keySet());
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("model " + options.model() + " reads " + missing + ", which card transactions "
                        + "do not have; give a model trained on card transactions (for example one kept by `ganwatch demo --keep`)");
            }
            describe("loaded", options.model(), bundle.metadata(), 0);
            return options.model();
        }
        Path dir = work.resolve("model");
        out.printf(Locale.ROOT, "[model]  training on %d normal payments from one simulated week (%d epochs)...%n", normal.size(),
                options.epochs());
        long t0 = System.nanoTime();
        ModelBundle bundle = DemoModel.train(normal, options.seed(), options.epochs(), dir, TrainingListener.NONE);
        describe("trained", dir, bundle.metadata(), (System.nanoTime() - t0) / 1e9);
        return dir;
    }

    private void describe(String how, Path dir, BundleMetadata m, double seconds) {
        out.printf(Locale.ROOT, "[model]  %s %s%s: %d input fields, %d encoded features, threshold %.2f (calibrated to %.1f%% "
                        + "false alerts on held-back normal payments); bundle %s%n", how, m.modelId(),
                seconds > 0 ? String.format(Locale.ROOT, " in %.1f s", seconds) : "", m.features().columnNames().size(),
                m.features().width(), m.threshold().value(), 100 * m.threshold().targetFpr(), dir);
    }

    private Map<String, String> streamSettings(DemoCluster cluster, DemoTopics topics, Path model, Path work) {
        Map<String, String> flags = new HashMap<>(cluster.clientSettings());
        flags.put("bootstrap.servers", cluster.bootstrapServers());
        flags.put("application.id", topics.applicationId());
        flags.put("state.dir", work.resolve("streams-state").toString());
        flags.put("ganwatch.model", model.toString());
        flags.put("ganwatch.input.topic", topics.transactions());
        flags.put("ganwatch.alerts.topic", topics.alerts());
        flags.put("ganwatch.scores.topic", topics.scores());
        flags.put("ganwatch.dead.letter.topic", topics.deadLetters());
        flags.put("ganwatch.format", "json");
        flags.put("ganwatch.http.port", "0");
        // The demo streams hours to a few days of simulated time, and the profile is of a whole week:
        // its day-of-week differs from the profile's without any shift, so the watch does not name it.
        flags.put("ganwatch.drift.ignore.columns", "day_of_week");
        if (options.drift()) {
            flags.put("ganwatch.drift.window.records", String.valueOf(options.records() / 2)); // the shifted half
        }
        if (options.feedback()) {
            flags.put("ganwatch.feedback.topic", topics.feedback());
            // A window that holds every verdict of the run (there are never more alerts than records), so that the
            // precision from feedback is over the same alerts as the true precision.
            flags.put("ganwatch.feedback.precision.verdicts", String.valueOf(Math.min(options.records(), 1_000_000)));
        }
        return flags;
    }

    private static void awaitRunning(StreamService service) throws InterruptedException {
        long deadline = System.nanoTime() + STREAMS_READY_TIMEOUT.toNanos();
        while (service.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || !service.state().isRunningOrRebalancing() && service.state() != KafkaStreams.State.CREATED) {
                throw new IllegalStateException("the stream processor did not start within " + STREAMS_READY_TIMEOUT.toSeconds()
                        + " s (state " + service.state() + "); see the log above");
            }
            Thread.sleep(100);
        }
    }

    /** Produces the stream, prints alerts while they arrive, waits until every record is accounted for. */
    private DemoSummary stream(DemoCluster cluster, DemoTopics topics, TransactionSimulator simulator, StreamService service)
            throws InterruptedException {
        Map<String, FraudPattern> labels = new ConcurrentHashMap<>();
        int total = options.records() + TransactionFeed.MALFORMED.size();
        out.printf(Locale.ROOT, "[feed]   sending %d transactions (about %.1f%% injected fraud) and %d malformed messages; "
                        + "alerts follow as the processor commits them%n", options.records(),
                100 * simulation(0).anomalyShare(), TransactionFeed.MALFORMED.size());
        out.println("         ALERT  card  amount  channel category in country local-hour  score >= threshold  top fields  [ground truth]");
        if (options.feedback()) {
            out.printf(Locale.ROOT, "[feedback] a simulated analyst answers each alert on %s from the simulator's ground truth"
                    + " (true-positive when injected, false-positive otherwise); the stream joins the verdicts to the alerts%n",
                    topics.feedback());
        }
        try (SimulatedAnalyst analyst = options.feedback() ? new SimulatedAnalyst(cluster.clientProperties(), topics.feedback(),
                () -> service.feedback().map(FeedbackTotals::alertsIndexed).orElse(0L)) : null;
             OutputWatcher watcher = new OutputWatcher(cluster.clientProperties(), topics, labels, out,
                     analyst == null ? (id, pattern) -> { } : analyst::answer);
             TransactionFeed feed = new TransactionFeed(cluster.clientProperties(), topics.transactions(), options.rate())) {
            watcher.start();
            long first = System.nanoTime();
            long[] nextProgress = {first + PROGRESS_EVERY_NANOS};
            int[] made = {0};
            int shiftFrom = options.drift() ? options.records() / 2 : Integer.MAX_VALUE;
            if (options.drift()) {
                out.printf(Locale.ROOT, "[drift]  from transaction %d on, every %s is multiplied by %.0f; the drift window is the"
                        + " last %d records (day_of_week is measured but never named: the stream covers less than the"
                        + " simulated week the profile was taken over)%n", shiftFrom, DemoOptions.DRIFT_SHIFTED,
                        DemoOptions.DRIFT_FACTOR, options.records() / 2);
            }
            int produced = feed.send(options.records(), () -> {
                Transaction t = simulator.next(true);
                simulator.injectedAs(t.transactionId()).ifPresent(p -> labels.put(t.transactionId(), p));
                return made[0]++ < shiftFrom ? t : shifted(t);
            }, sent -> {
                if (System.nanoTime() >= nextProgress[0]) {
                    nextProgress[0] += PROGRESS_EVERY_NANOS;
                    out.printf(Locale.ROOT, "[feed]   %d/%d sent, %d scored, %d alerts%n", sent, total, watcher.scored(), watcher.alerts());
                }
            });
            out.printf(Locale.ROOT, "[feed]   all %d sent in %.1f s; waiting for the processor to account for every one%n", produced,
                    (System.nanoTime() - first) / 1e9);
            watcher.expect(produced);
            boolean complete = watcher.await(ACCOUNTING_TIMEOUT);
            long end = complete ? watcher.accountedAtNanos() : System.nanoTime();
            if (!complete) {
                out.printf(Locale.ROOT, "[feed]   only %d of %d records were scored or dead-lettered within %d s%n",
                        watcher.scored() + watcher.deadLetters(), produced, ACCOUNTING_TIMEOUT.toSeconds());
            }
            Map<FraudPattern, Integer> injected = new EnumMap<>(FraudPattern.class);
            Map<FraudPattern, Integer> caught = new EnumMap<>(FraudPattern.class);
            Set<String> alerted = watcher.alertedTransactions();
            labels.forEach((id, p) -> {
                injected.merge(p, 1, Integer::sum);
                if (alerted.contains(id)) {
                    caught.merge(p, 1, Integer::sum);
                }
            });
            // measured once every record is in, on the window of the stream's second half
            DemoSummary.DriftOutcome drift = options.drift()
                    ? new DemoSummary.DriftOutcome(DemoOptions.DRIFT_SHIFTED, service.measureDrift().orElse(null)) : null;
            DemoSummary.FeedbackOutcome feedback = analyst == null ? null : feedback(analyst, service);
            return new DemoSummary(produced, TransactionFeed.MALFORMED.size(), watcher.scored(), watcher.deadLetters(),
                    watcher.alerts(), injected, caught, (end - first) / 1e9, complete,
                    watcher.explanations(), drift, feedback);
        }
    }

    /**
     * Waits until the analyst has sent a verdict on every alert read, then until the stream's join has
     * handled each of them (joined or unmatched), and reads what the join made of them.
     */
    private DemoSummary.FeedbackOutcome feedback(SimulatedAnalyst analyst, StreamService service) throws InterruptedException {
        long sent = analyst.finish(FEEDBACK_TIMEOUT);
        long deadline = System.nanoTime() + FEEDBACK_TIMEOUT.toNanos();
        FeedbackTotals totals = service.feedback().orElseThrow();
        while (totals.handled() < sent && System.nanoTime() < deadline) {
            Thread.sleep(100);
            totals = service.feedback().orElseThrow();
        }
        out.printf(Locale.ROOT, "[feedback] %d verdicts sent; the stream joined %d to their alerts, %d unmatched%s%n", sent,
                totals.joined(), totals.unmatched(), totals.handled() < sent
                        ? String.format(Locale.ROOT, " (%d not handled within %d s)", sent - totals.handled(),
                        FEEDBACK_TIMEOUT.toSeconds()) : "");
        return new DemoSummary.FeedbackOutcome(sent, totals);
    }

    /** {@code t} with its amount multiplied by {@link DemoOptions#DRIFT_FACTOR}: the one column {@code --drift} shifts. */
    static Transaction shifted(Transaction t) {
        return new Transaction(t.transactionId(), t.cardId(), t.eventTime(), t.amount() * DemoOptions.DRIFT_FACTOR, t.currency(),
                t.category(), t.merchantId(), t.country(), t.channel(), t.velocity(), t.distanceFromHomeKm());
    }

    private static String runId() {
        SecureRandom r = new SecureRandom();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            s.append(Character.forDigit(r.nextInt(36), 36));
        }
        return s.toString();
    }

    private static Path createWorkDirectory() {
        try {
            return Files.createTempDirectory("ganwatch-demo-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work directory under " + System.getProperty("java.io.tmpdir")
                    + ": " + e.getMessage() + "; run java with -Djava.io.tmpdir=DIR pointing to a writable directory", e);
        }
    }
}
