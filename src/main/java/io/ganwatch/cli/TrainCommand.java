package io.ganwatch.cli;

import io.ganwatch.detector.DetectorTrainer;
import io.ganwatch.detector.Labels;
import io.ganwatch.detector.TrainingRequest;
import io.ganwatch.features.MissingPolicy;
import io.ganwatch.input.InputFormat;
import io.ganwatch.input.RowSource;
import io.ganwatch.model.BundleMetadata;
import io.ganwatch.model.BundleSigning;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.model.Hashes;
import io.ganwatch.model.Provenance;
import io.ganwatch.streams.JudgedAlerts;
import io.ganwatch.streams.TopicRowSource;
import io.ganwatch.streams.TopicSnapshotSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code train}: fit a detector on normal rows and write a model bundle. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a GAN (ALAD) anomaly detector on normal rows and write a model bundle (model.onnx + model.json).",
                "Example: ganwatch train --input connections.csv --label-column label --normal-value normal --out models/net",
                "From a topic: ganwatch train --input-topic ganwatch-input --bootstrap-servers localhost:9092 --format json"
                        + " --alerts-topic ganwatch-alerts --feedback-topic ganwatch-feedback --out models/net-2"})
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--input", description = "Data file to read (or --input-topic).")
    Path input;

    @Option(names = "--format", description = "File: csv, kdd, npz or avro (default: guessed from the file name)."
            + " Topic: avro or json, as the stream's --format (default: the --config's ganwatch.format, else avro).")
    String format;

    @Mixin
    TopicInputOptions topic;

    @Option(names = "--label-column", description = "Column holding the label; rows whose label is not --normal-value are left out of training.")
    String labelColumn;

    @Option(names = "--normal-value", description = "Label of normal rows.")
    String normalValue;

    @Option(names = "--signing-key", description = "Sign the bundle with this private key (from `keygen`).")
    Path signingKey;

    @Option(names = "--out", required = true, description = "Directory to write the bundle to.")
    Path out;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--categorical", split = ",", description = "Columns to treat as categorical even if they hold numbers.")
    List<String> categorical = List.of();

    @Option(names = "--missing", description = "impute (median / unknown bucket) or reject (default: ${DEFAULT-VALUE}).")
    String missing = "impute";

    @Option(names = "--max-rows", description = "Train on a seeded uniform sample (reservoir, one pass) of at most this many"
            + " normal rows; without it every normal row is used unless the heap cannot hold them, when a sample that fits is"
            + " chosen and reported.")
    Long maxRows;

    @Option(names = "--model-id", description = "Name of the model (default: the input file name).")
    String modelId;

    @Mixin
    TrainingOptions training;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if ((input != null) == topic.given()) {
            throw new IllegalArgumentException(input == null ? "give the rows to train on: --input FILE or --input-topic TOPIC"
                    : "--input and --input-topic both given; train on one of them");
        }
        Labels labels = Cli.labels(labelColumn, normalValue);
        if (maxRows != null && maxRows < DetectorTrainer.MIN_NORMAL_ROWS) {
            throw new IllegalArgumentException("--max-rows must be at least "
                    + DetectorTrainer.MIN_NORMAL_ROWS + " (rows to fit and to hold back), was " + maxRows);
        }
        MissingPolicy policy = Cli.missingPolicy(missing);
        if (signingKey != null) {
            BundleSigning.privateKey(signingKey); // a bad key fails now, not after the training
        }
        // Streamed twice (spec, then encoding) rather than read into a table: memory holds encoded floats only.
        RowSource rows;
        String sha;
        String formatName;
        String id;
        TopicRowSource snapshot = null;
        if (input != null) {
            topic.refuseWithoutTopic();
            InputFormat fmt = format == null ? InputFormat.guess(input) : InputFormat.parse(format);
            rows = RowSource.of(input, fmt);
            sha = Hashes.sha256(input);
            formatName = fmt.name().toLowerCase(Locale.ROOT);
            id = modelId != null ? modelId : input.getFileName().toString().replaceAll("\\..*$", "");
        } else {
            TopicSnapshotSettings settings = topic.resolve(format);
            snapshot = TopicRowSource.open(settings);
            announce(snapshot, settings);
            rows = snapshot;
            sha = ""; // a topic has no file hash: the offset ranges in the provenance say what was read
            formatName = settings.format().code();
            id = modelId != null ? modelId : settings.topic();
        }
        TrainingRequest req = new TrainingRequest(rows, sha, formatName, labels,
                new HashSet<>(categorical), policy, training.config(seed), training.targetFpr, id,
                maxRows == null ? TrainingRequest.ALL_ROWS : maxRows);
        DetectorTrainer.TrainedDetector trained = DetectorTrainer.train(req, new ProgressBarListener("train"));
        ModelBundle unsigned = trained.bundle();
        if (snapshot != null) {
            BundleMetadata meta = unsigned.metadata();
            unsigned = new ModelBundle(meta.withProvenance(meta.provenance().withTopicSnapshot(snapshot.provenance())),
                    unsigned.graph());
        }
        ModelBundle bundle = signingKey == null ? unsigned : BundleSigning.sign(unsigned, signingKey);
        bundle.save(out);
        BundleMetadata m = bundle.metadata();
        System.out.printf(Locale.ROOT, "model %s version %s written to %s%n", m.modelId(), m.version(), out);
        System.out.printf(Locale.ROOT, "rows %d (normal %d: fit %d, checkpoint %d, calibration %d), %d encoded features%n",
                m.provenance().rowsRead(), m.provenance().normalRows(), m.provenance().trainRows(),
                m.provenance().checkpointRows(), m.provenance().calibrationRows(), m.features().width());
        System.out.printf(Locale.ROOT, "best epoch %d of %d, checkpoint validation AUC %.4f, %.1f s%n", m.checkpointEpoch(),
                m.history().size(), m.validation().get("checkpoint_validation_auc"), m.provenance().trainSeconds());
        System.out.printf(Locale.ROOT, "threshold %.6g (target FPR %.3g, observed %.3g on %d held-back normal rows)%n",
                m.threshold().value(), m.threshold().targetFpr(), m.threshold().observedFpr(), m.threshold().rows());
        if (m.provenance().sampling() != null) {
            var smp = m.provenance().sampling();
            System.out.printf(Locale.ROOT, "sampled: %d of %d normal rows and %d of %d anomalies kept (%s, seed %d; %s)%n",
                    smp.normalKept(), smp.normalSeen(), smp.anomaliesKept(), smp.anomaliesSeen(), smp.method(), smp.seed(),
                    smp.reason());
        }
        if (m.provenance().topicSnapshot() != null) {
            printSnapshot(m.provenance().topicSnapshot());
        }
        if (m.validation().containsKey("holdout_roc_auc")) {
            System.out.printf(Locale.ROOT, "held-back check against %d labelled anomalies: ROC-AUC %.4f, PR-AUC %.4f, F1 %.4f%n",
                    m.validation().get("holdout_anomalies").intValue(), m.validation().get("holdout_roc_auc"),
                    m.validation().get("holdout_pr_auc"), m.validation().get("holdout_f1"));
        }
        return 0;
    }

    /** What the snapshot will read and leave out, before the (long) training starts. */
    private static void announce(TopicRowSource snapshot, TopicSnapshotSettings settings) {
        System.out.printf(Locale.ROOT, "snapshot of topic %s: up to %d offsets, read_committed, up to the end offsets now%s%n",
                settings.topic(), snapshot.offsetsPlanned(), settings.maxRecords() == TopicSnapshotSettings.ALL_RECORDS ? ""
                        : " (at most " + settings.maxRecords() + " records)");
        JudgedAlerts.Snapshot judged = snapshot.judged();
        if (judged == null) {
            System.out.println("no --alerts-topic and --feedback-topic: no record is left out as a confirmed anomaly");
        } else {
            System.out.printf(Locale.ROOT, "%d alerts on %s, %d verdicts on %s: records whose alert's last verdict is"
                            + " true-positive are left out; alerts unjudged, judged false-positive or taken back (unsure) stay in%s%n",
                    judged.alerts().size(), settings.alertsTopic(), judged.verdictsRead(), settings.feedbackTopic(),
                    judged.unreadable() == 0 ? "" : " (" + judged.unreadable() + " unreadable messages skipped)");
        }
    }

    private static void printSnapshot(Provenance.TopicSnapshot s) {
        StringBuilder ranges = new StringBuilder();
        for (Provenance.OffsetRange r : s.ranges()) {
            ranges.append(ranges.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%d:[%d,%d)", r.partition(),
                    r.from(), r.to()));
        }
        System.out.printf(Locale.ROOT, "topic %s partitions %s: %d records read, %d kept; left out: %d confirmed true positives,"
                        + " %d dead letters%s; %d unconfirmed alerts kept%n", s.topic(), ranges, s.recordsRead(), s.rowsKept(),
                s.confirmedLeftOut(), s.deadLettersLeftOut(), s.deadLetters().isEmpty() ? "" : " " + s.deadLetters(),
                s.unconfirmedKept());
    }
}
