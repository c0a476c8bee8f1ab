package io.ganwatch.augment.service;

import io.ganwatch.augment.AugmentMethod;
import io.ganwatch.augment.AugmentResult;
import io.ganwatch.augment.AugmentSpec;
import io.ganwatch.augment.SyntheticWriter;
import io.ganwatch.augment.gan.CtganConfig;
import io.ganwatch.features.RawValues;
import io.ganwatch.input.InputException;
import io.ganwatch.input.Table;
import io.ganwatch.registry.SchemaRegistryClient;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Serves one request up to, not including, the Kafka writes: check it, read its sources, run the
 * job, and write a file destination or encode a topic destination's records. Kafka-free apart from
 * the topic checks it is given, so that every REJECTED and FAILED path is unit-testable.
 *
 * <p>What counts as what: anything wrong with the request or its data (over a limit, unknown
 * column, value, method or destination, unreadable source, and the job's own argument and input
 * errors) is REJECTED, which is final for that id; anything else that breaks (the cluster, the
 * disk, memory, a bug, any {@link Error} but an internal JVM error) is FAILED, and a replay of the id tries again.
 */
final class RequestHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);
    private static final int LABELS_SHOWN = 20;

    private final RequestValidator validator;
    private final Limits limits;
    private final SourceReader sources;
    private final Predicate<String> topicExists;
    private final AugmentationJob job;
    private final SchemaRegistryClient registry;

    /** Without a schema registry. */
    RequestHandler(RequestValidator validator, Limits limits, SourceReader sources, Predicate<String> topicExists,
                   AugmentationJob job) {
        this(validator, limits, sources, topicExists, job, null);
    }

    /**
     * @param validator   request checks
     * @param limits      the service's limits
     * @param sources     reads files and topics
     * @param topicExists whether a topic exists on the cluster
     * @param job         makes the rows
     * @param registry    registers the schema of synthetic records for a schema-registry source, or {@code null}
     */
    RequestHandler(RequestValidator validator, Limits limits, SourceReader sources, Predicate<String> topicExists,
                   AugmentationJob job, SchemaRegistryClient registry) {
        this.registry = registry;
        this.validator = validator;
        this.limits = limits;
        this.sources = sources;
        this.topicExists = topicExists;
        this.job = job;
    }

    /** Serves one request; never throws for anything about the request. */
    Outcome handle(IncomingRequest incoming) {
        String id = incoming.requestId();
        Counts counts = new Counts(); // filled in as the source is read, so that every outcome reports what was known

        // 1. The request and its data: every problem here is the request's (REJECTED), except the cluster's.
        Prepared prepared;
        try {
            prepared = prepare(incoming, counts);
        } catch (RejectedRequestException | IllegalArgumentException | InputException e) {
            return rejected(id, e.getMessage(), counts);
        } catch (RuntimeException | Error e) {
            return failed(id, "reading the request's data", rethrowFatal(e), counts);
        }

        // 2. The job: its argument and input errors are the request's; anything else broke.
        AugmentResult result;
        try {
            result = job.run(prepared.spec());
        } catch (IllegalArgumentException | InputException e) {
            return rejected(id, e.getMessage(), counts);
        } catch (RuntimeException | Error e) {
            // Errors too: a job that runs out of memory, or trips over a bug, must not take the service (and every later request) down with it.
            return failed(id, "the " + prepared.request().method().key() + " job", rethrowFatal(e), counts);
        }

        // 3. The output: a file is written now (before the result is committed); topic records are encoded for the transaction.
        try {
            return output(prepared, result, counts);
        } catch (RuntimeException | Error e) {
            return failed(id, "writing the synthetic records", rethrowFatal(e), counts);
        }
    }

    /**
     * Lets through the errors after which this JVM cannot be trusted to go on (an internal JVM error);
     * everything else, running out of heap or stack included, ends only the request: what ran out was
     * held by the job and is free again once it has unwound.
     */
    private static Throwable rethrowFatal(Throwable e) {
        if (e instanceof VirtualMachineError && !(e instanceof OutOfMemoryError) && !(e instanceof StackOverflowError)) {
            throw (VirtualMachineError) e;
        }
        return e;
    }

    /** A checked request, its rows and the job's spec. */
    private record Prepared(ValidRequest request, SourceData train, AugmentSpec spec) {
    }

    /** What is known so far, for the outcome: rows counted (null until known) and the destination file once checked. */
    private static final class Counts {
        Long source;
        Long minority;
        Path destinationFile;
    }

    private Prepared prepare(IncomingRequest incoming, Counts counts) {
        ValidRequest request = validator.validate(incoming);
        if (request.method().makesRows() && request.destination() instanceof Destination.ToFile f) {
            counts.destinationFile = f.path();
        }
        requireTopics(request);
        SourceData train = sources.read(request.source(), limits, "source");
        counts.source = (long) train.table().size();
        counts.minority = countMinority(train.table(), request);
        requireRoomForFlag(train, request);
        SourceData test = request.testSource() == null ? null : sources.read(request.testSource(), limits, "test_source");
        if (test != null) {
            labelColumn(test.table(), request.labelColumn(), "test_source");
        }
        AugmentSpec spec = new AugmentSpec(train.table(), test == null ? null : test.table(), request.labelColumn(),
                request.minority(), request.method(), request.count(), request.classifier(), request.seed(),
                CtganConfig.defaults(request.epochs(), request.timeBudget(), request.seed()).withFineTune(request.fineTune()), null,
                request.sampling());
        return new Prepared(request, train, spec);
    }

    private Outcome output(Prepared p, AugmentResult result, Counts counts) {
        ValidRequest request = p.request();
        Destination to = request.method().makesRows() ? request.destination() : null;
        List<byte[]> records = List.of();
        if (to instanceof Destination.ToTopic t) {
            records = SyntheticRecords.encode(p.train(), result.synthetic(), t.topic(), registry);
        } else if (to instanceof Destination.ToFile f) {
            write(f, p.train().schema(), result.synthetic(), request.requestId());
        }
        return Outcome.ok(request.requestId(), counts.source, counts.minority, result, to, records);
    }

    /**
     * Writes a file destination with {@link SyntheticWriter} (CSV with a {@code synthetic} column;
     * Avro in the source's schema, or a generated one, with {@code ganwatch.synthetic=true} and the
     * request id in the file metadata), replacing the file in one step.
     */
    private static void write(Destination.ToFile to, Schema sourceSchema, Table synthetic, String requestId) {
        AtomicFiles.replace(to.path(), tmp -> {
            if (to.format() == Destination.FileFormat.CSV) {
                SyntheticWriter.writeCsv(synthetic, tmp);
            } else {
                SyntheticWriter.writeAvro(synthetic, tmp, sourceSchema, Map.of(SyntheticRecords.REQUEST_ID_HEADER, requestId));
            }
        });
    }

    /**
     * A CSV file, or an Avro file in a generated schema, gets a {@code synthetic} column of its own:
     * refused before the job runs when the source already has one.
     */
    private static void requireRoomForFlag(SourceData train, ValidRequest r) {
        if (r.method().makesRows() && r.destination() instanceof Destination.ToFile f
                && (f.format() == Destination.FileFormat.CSV || train.schema() == null)
                && train.table().columns().contains(SyntheticWriter.SYNTHETIC)) {
            throw new RejectedRequestException("the source has a column '" + SyntheticWriter.SYNTHETIC + "', which a "
                    + f.format().name().toLowerCase(Locale.ROOT) + " destination file adds to mark the rows as synthetic;"
                    + " rename or drop that column in the source, or send the records to a topic");
        }
    }

    private void requireTopics(ValidRequest r) {
        if (r.destination() instanceof Destination.ToTopic t && !topicExists.test(t.topic())) {
            throw new RejectedRequestException("destination topic '" + t.topic() + "' does not exist; create it first"
                    + " (the service does not create data topics)");
        }
        for (SourceRef s : new SourceRef[]{r.source(), r.testSource()}) {
            if (s instanceof SourceRef.TopicRef t && !topicExists.test(t.topic())) {
                throw new RejectedRequestException("source topic '" + t.topic() + "' does not exist; check the name");
            }
        }
    }

    /**
     * Rows of the minority class, after checking that the label column exists and every minority
     * value occurs (labels compared as {@link RawValues#category} text, as everywhere else).
     */
    private static long countMinority(Table table, ValidRequest r) {
        int c = labelColumn(table, r.labelColumn(), "source");
        long count = 0;
        Set<String> seen = new TreeSet<>();
        Set<String> found = new TreeSet<>();
        for (Table.Row row : table.rows()) {
            Object v = row.get(c);
            if (RawValues.isMissing(v)) {
                continue;
            }
            String label = RawValues.category(v);
            if (r.minority().contains(label)) {
                count++;
                found.add(label);
            }
            if (seen.size() < LABELS_SHOWN) {
                seen.add(label);
            }
        }
        for (String m : r.minority()) {
            if (!found.contains(m)) {
                throw new RejectedRequestException("minority value '" + m + "' does not occur in column '" + r.labelColumn()
                        + "' of " + r.source().describe() + "; values there include " + String.join(", ", seen));
            }
        }
        return count;
    }

    private static int labelColumn(Table table, String column, String what) {
        int c = table.columns().indexOf(column);
        if (c < 0) {
            throw new RejectedRequestException("label column '" + column + "' is not in the " + what + " (" + table.source()
                    + "); its columns are " + String.join(", ", table.columns()));
        }
        return c;
    }

    private static Outcome rejected(String id, String reason, Counts counts) {
        String left = leftOver(counts);
        return Outcome.rejected(id, left.isEmpty() ? reason : reason + "; nothing was written by this attempt" + left,
                counts.source, counts.minority);
    }

    private static Outcome failed(String id, String stage, Throwable e, Counts counts) {
        LOG.warn("request {}: {} failed", id, stage, e);
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        return Outcome.failed(id, stage + " failed (" + message.replaceAll("\\s+", " ").trim()
                + "); nothing was written by this attempt" + leftOver(counts) + "; send the request again with the same id to retry",
                counts.source, counts.minority);
    }

    /**
     * A file at the destination of a request that ends REJECTED or FAILED is not this attempt's output,
     * but it may be an earlier attempt's: one that moved the file into place and then stopped before its
     * result was committed. It is not deleted (it may as well be a file the user wants kept); the result says it is there.
     */
    private static String leftOver(Counts counts) {
        Path f = counts.destinationFile;
        if (f == null || !Files.exists(f)) {
            return "";
        }
        return ", but the destination file " + f + " exists (from before this attempt: an earlier attempt of this request"
                + " may have written it and stopped before its result was committed); delete it if its records are not wanted";
    }
}
