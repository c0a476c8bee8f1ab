package io.ganwatch.augment.service;

import io.ganwatch.augment.AugmentMethod;
import io.ganwatch.augment.classify.ClassifierKind;
import io.ganwatch.augment.gan.CtganConfig;
import io.ganwatch.augment.gan.Sampling;
import io.ganwatch.input.InputFormat;
import io.ganwatch.streams.WireFormat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The checks a request must pass before any data is read: every REJECTED reason that needs only the
 * request itself and the service's configuration.
 */
final class RequestValidator {
    /** CTGAN's default epoch count, used when a GAN request gives none. */
    static final int DEFAULT_EPOCHS = 300;
    /** Seed used when a JSON request gives none (the Avro schema's default). */
    static final long DEFAULT_SEED = 42;
    private static final int MAX_ID_LENGTH = 256;

    private final Limits limits;
    private final FileRoots roots;
    private final Set<String> serviceTopics;

    /**
     * @param limits        the service's limits
     * @param roots         directories requests may use
     * @param serviceTopics the requests and results topics, which no request may read or write
     */
    RequestValidator(Limits limits, FileRoots roots, Set<String> serviceTopics) {
        this.limits = limits;
        this.roots = roots;
        this.serviceTopics = Set.copyOf(serviceTopics);
    }

    /**
     * Checks a request.
     *
     * @throws RejectedRequestException with the first problem found and what to change
     */
    ValidRequest validate(IncomingRequest r) {
        String id = r.requestId();
        if (id == null || id.isBlank()) {
            throw new RejectedRequestException("request_id is missing; give every request a unique id");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw new RejectedRequestException("request_id is " + id.length() + " characters; use at most " + MAX_ID_LENGTH);
        }
        AugmentMethod method = parse(() -> AugmentMethod.parse(required(r.method(), "method")));
        ClassifierKind classifier = r.classifier() == null ? ClassifierKind.XGBOOST : parse(() -> ClassifierKind.parse(r.classifier()));
        if (r.labelColumn() == null || r.labelColumn().isBlank()) {
            throw new RejectedRequestException("label_column is missing; name the column that holds the class");
        }
        if (r.minority() == null || r.minority().isEmpty() || r.minority().stream().anyMatch(v -> v == null || v.isBlank())) {
            throw new RejectedRequestException("minority must list at least one label value, none of them empty");
        }
        int count = count(r, method);
        int epochs = r.epochs() == null ? DEFAULT_EPOCHS : r.epochs();
        if (epochs < 1) {
            throw new RejectedRequestException("epochs must be at least 1, was " + epochs);
        }
        Duration budget = timeBudget(r.timeBudgetSeconds());
        SourceRef source = source(required(r.source(), "source"), "source");
        SourceRef test = r.testSource() == null ? null : source(r.testSource(), "test_source");
        Destination destination = r.destination() == null && !method.makesRows() ? null
                : destination(required(r.destination(), "destination"));
        if (destination instanceof Destination.ToFile to) {
            requireNotSource(to, source, "source");
            requireNotSource(to, test, "test_source");
        }
        return new ValidRequest(id, source, test, r.labelColumn().trim(), new LinkedHashSet<>(r.minority()), method, count,
                classifier, r.seed() == null ? DEFAULT_SEED : r.seed(), epochs, budget, destination, sampling(r.ganSampling()),
                fineTune(r.ganFineTune()));
    }

    /** The request's fine-tuning share: 0 when left out, else checked as {@code augment --fine-tune} is. */
    private static double fineTune(Double share) {
        if (share == null) {
            return 0;
        }
        return parse(() -> {
            CtganConfig.checkFineTuneShare(share, "gan_fine_tune");
            return share;
        });
    }

    /** The request's GAN sampling, or {@code null} (the default by class size) when it gives none. */
    private static Sampling sampling(IncomingRequest.GanSampling s) {
        if (s == null) {
            return null;
        }
        // A part left out keeps the generator's own distribution, as the schema's defaults say.
        double temperature = s.temperature() == null ? Sampling.AS_TRAINED.temperature() : s.temperature();
        double truncation = s.truncation() == null ? Sampling.AS_TRAINED.truncation() : s.truncation();
        return parse(() -> new Sampling(temperature, truncation, Boolean.TRUE.equals(s.snap())));
    }

    private int count(IncomingRequest r, AugmentMethod method) {
        if (!method.makesRows()) {
            return 0; // a baseline makes no records, whatever count says
        }
        int count = required(r.count(), "count");
        if (count < 1) {
            throw new RejectedRequestException("count must be at least 1, was " + count + "; ask for the number of synthetic records to make");
        }
        if (count > limits.maxCount()) {
            throw new RejectedRequestException("count " + count + " is over this service's limit of " + limits.maxCount()
                    + " synthetic records per request; ask for fewer, or split the request");
        }
        return count;
    }

    private Duration timeBudget(Integer seconds) {
        if (seconds == null) {
            return limits.maxTimeBudget();
        }
        if (seconds < 1) {
            throw new RejectedRequestException("time_budget_seconds must be at least 1, was " + seconds);
        }
        if (seconds > limits.maxTimeBudget().toSeconds()) {
            throw new RejectedRequestException("time_budget_seconds " + seconds + " is over this service's limit of "
                    + limits.maxTimeBudget().toSeconds() + " s; ask for less, or leave it out to get the limit");
        }
        return Duration.ofSeconds(seconds);
    }

    private SourceRef source(IncomingRequest.Location l, String field) {
        if ((l.path() == null) == (l.topic() == null)) {
            throw new RejectedRequestException("unknown " + field + ": give either a file path or a topic");
        }
        if (l.path() != null) {
            InputFormat format = l.format() == null ? null : parse(() -> InputFormat.parse(l.format()));
            return new SourceRef.FileRef(roots.readable(l.path()), format);
        }
        topic(field, l.topic());
        WireFormat format = l.format() == null ? null : parse(() -> WireFormat.parse(l.format()));
        return new SourceRef.TopicRef(l.topic(), format);
    }

    private Destination destination(IncomingRequest.Location l) {
        if ((l.path() == null) == (l.topic() == null)) {
            throw new RejectedRequestException("unknown destination: give either a file path (.csv or .avro) or a topic");
        }
        if (l.topic() != null) {
            topic("destination", l.topic());
            return new Destination.ToTopic(l.topic());
        }
        String name = l.path().trim().toLowerCase(Locale.ROOT);
        Destination.FileFormat format;
        if (name.endsWith(".csv")) {
            format = Destination.FileFormat.CSV;
        } else if (name.endsWith(".avro")) {
            format = Destination.FileFormat.AVRO;
        } else {
            throw new RejectedRequestException("unknown destination file format for " + l.path() + "; name the file .csv or .avro");
        }
        return new Destination.ToFile(roots.writable(l.path()), format);
    }

    /**
     * A destination file that is a source would have the real rows replaced by synthetic ones. Both
     * paths are already resolved (links, {@code .} and {@code ..}); a hard link is caught by asking
     * the file system whether they are one file.
     */
    private static void requireNotSource(Destination.ToFile to, SourceRef from, String field) {
        if (from instanceof SourceRef.FileRef f && sameFile(to.path(), f.path())) {
            throw new RejectedRequestException("destination " + to.path() + " is the " + field + " file " + f.path()
                    + "; writing there would replace the real data with synthetic rows; name another destination file");
        }
    }

    private static boolean sameFile(Path a, Path b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false; // cannot tell: a source that cannot be examined is rejected when it is read
        }
    }

    private void topic(String field, String topic) {
        if (!Topics.isValid(topic)) {
            throw new RejectedRequestException(field + " topic '" + topic + "' is not a valid topic name;"
                    + " use letters, digits, '.', '_' and '-' (at most 249)");
        }
        if (serviceTopics.contains(topic)) {
            throw new RejectedRequestException(field + " topic '" + topic + "' is this service's own requests or results topic;"
                    + " name a data topic");
        }
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new RejectedRequestException(field + " is missing; see schemas/AugmentationRequest.avsc for the fields of a request");
        }
        return value;
    }

    /** Runs a parse whose IllegalArgumentException already names the choices, as a rejection. */
    private static <T> T parse(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new RejectedRequestException(e.getMessage(), e);
        }
    }
}
