package io.ganwatch.cli;

import io.ganwatch.model.BundleMetadata;
import io.ganwatch.model.BundleSigning;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.recalibration.RecalibrationTarget;
import io.ganwatch.recalibration.Recalibrator;
import io.ganwatch.recalibration.ThresholdProposal;
import io.ganwatch.recalibration.ThresholdProposer;
import io.ganwatch.streams.JudgedAlerts;
import io.ganwatch.streams.WireFormat;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code recalibrate}: propose a threshold from analysts' verdicts, and apply it only when asked, as
 * a new bundle version (never by changing a running model behind anyone's back).
 */
@Command(name = "recalibrate", mixinStandardHelpOptions = true,
        description = {"Propose a threshold from the analysts' verdicts (feedback topic) joined to the alerts (alerts topic)",
                "and the bundle's calibration scores, for a target precision or an alert budget, and print the expected",
                "precision and alert rate at it. Both topics are read read_committed up to their end offsets at start.",
                "With --publish (and --model-topic) or --out, write the proposal as a new bundle version: same graph,",
                "new threshold, and a recalibration record saying why; running streams following the model topic switch.",
                "Example: ganwatch recalibrate --model models/net --bootstrap-servers localhost:9092 --alerts-topic"
                        + " ganwatch-alerts --feedback-topic ganwatch-feedback --target-precision 0.9"})
final class RecalibrateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "The serving model's bundle directory (its calibration scores"
            + " and threshold; alerts of its version, and of the version it was recalibrated from, are used).")
    Path model;

    @Mixin
    KafkaClientOptions kafka;

    @Option(names = "--alerts-topic", description = "The stream's alerts topic (default: ${DEFAULT-VALUE}).")
    String alertsTopic = "ganwatch-alerts";

    @Option(names = "--feedback-topic", required = true, description = "The verdicts' topic (the stream's ganwatch.feedback.topic).")
    String feedbackTopic;

    @Option(names = "--format", description = "Wire format of the alerts: avro (default) or json, as the stream's --format.")
    String format = "avro";

    @Option(names = "--target-precision", description = "Propose the lowest threshold expected to give at least this precision.")
    Double targetPrecision;

    @Option(names = "--alerts-per-hour", description = "Propose the lowest threshold expected to give at most this many alerts an hour.")
    Double alertsPerHour;

    @Option(names = "--publish", description = "Publish the proposal as a new bundle version to --model-topic.")
    boolean publish;

    @Option(names = "--model-topic", description = "Model topic for --publish (the stream's --model-topic).")
    String modelTopic;

    @Option(names = "--out", description = "Write the proposal as a new bundle version to this (new) directory.")
    Path out;

    @Option(names = "--signing-key", description = {"Sign the new bundle with this private key (" + BundleSigning.PRIVATE_FILE + ");",
            "without it the new bundle is unsigned, and instances started with --trusted-keys refuse it."})
    Path signingKey;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws InterruptedException {
        RecalibrationTarget target = target();
        WireFormat wire = wireFormat();
        if (publish != (modelTopic != null)) {
            throw new IllegalArgumentException(publish ? "--publish needs --model-topic, the topic the streams follow"
                    : "--model-topic goes with --publish; add --publish to publish the proposal, or leave both out");
        }
        if (out != null && Files.exists(out.resolve(ModelBundle.METADATA_FILE))) {
            throw new IllegalArgumentException("--out " + out + " already holds a model bundle; give a new directory");
        }
        if (signingKey != null) {
            BundleSigning.privateKey(signingKey); // a bad key is refused before anything is read
        }
        ModelBundle bundle = ModelBundle.load(model);
        BundleMetadata meta = bundle.metadata();
        if (meta.calibrationScores() == null) {
            throw new IllegalArgumentException("model bundle " + model + " keeps no calibration scores (it was trained by an"
                    + " older ganwatch), so the score distribution of normal records is unknown; retrain it");
        }
        Set<String> versions = new HashSet<>(Set.of(meta.version()));
        if (meta.recalibration() != null) {
            versions.add(meta.recalibration().previousVersion()); // the same graph: its scores compare
        }
        Properties client = kafka.properties();
        JudgedAlerts.Snapshot snapshot = JudgedAlerts.read(client, alertsTopic, feedbackTopic, wire, meta.modelId(), versions);
        System.out.printf(Locale.ROOT, "model %s version %s (threshold %s): %d alerts of it on %s (%d of other models or versions"
                        + " left out), %d verdicts on %s (%d on other alerts)%s%n", meta.modelId(), meta.version(),
                num(meta.threshold().value()), snapshot.alerts().size(), alertsTopic, snapshot.otherVersions(), snapshot.verdictsRead(),
                feedbackTopic, snapshot.unmatched(), snapshot.unreadable() == 0 ? ""
                        : "; " + snapshot.unreadable() + " unreadable messages skipped");
        ThresholdProposal p = ThresholdProposer.propose(snapshot.alerts(), meta.calibrationScores(), target);
        print(p);
        if (!publish && out == null) {
            return 0;
        }
        ModelBundle next = Recalibrator.apply(bundle, p, alertsTopic, feedbackTopic, Instant.now());
        if (signingKey != null) {
            next = BundleSigning.sign(next, signingKey);
            System.out.printf("signed with key %s%n", next.metadata().signature().keyId());
        } else {
            System.out.println(meta.signature() != null
                    ? "the new bundle is unsigned (" + meta.version() + " was signed by key " + meta.signature().keyId()
                    + "): instances started with --trusted-keys will refuse it; pass --signing-key to sign it"
                    : "the new bundle is unsigned, like " + meta.version());
        }
        if (out != null) {
            next.save(out);
            System.out.printf(Locale.ROOT, "wrote model %s version %s (threshold %s, the same graph, sha256 %s) to %s%n",
                    meta.modelId(), next.metadata().version(), num(p.threshold()), meta.provenance().graphSha256(), out);
        }
        if (publish) {
            RecordMetadata m = ModelPublisher.publish(next, modelTopic, client, model.toString());
            System.out.printf(Locale.ROOT, "published model %s version %s (threshold %s) to %s (partition %d, offset %d)%n",
                    meta.modelId(), next.metadata().version(), num(p.threshold()), modelTopic, m.partition(), m.offset());
        }
        return 0;
    }

    private static void print(ThresholdProposal p) {
        System.out.printf(Locale.ROOT, "at the alerted threshold %s: precision %.3f from %d decided verdicts on %d alerts, %s%n",
                num(p.currentThreshold()), p.currentPrecision(), p.decided(), p.alerts(), rate(p.currentAlertsPerHour(), p.spanHours()));
        System.out.printf(Locale.ROOT, "proposed threshold %s for %s%s%n", num(p.threshold()), p.target().describe(),
                p.unchanged() ? " (the alerted threshold itself)" : "");
        System.out.printf(Locale.ROOT, "  expected precision  %s%n", Double.isNaN(p.expectedPrecision()) ? "unknown (no verdict on an"
                + " alert scoring at or above it)" : String.format(Locale.ROOT, "%.3f %s", p.expectedPrecision(), p.extrapolated()
                ? "at least (below the alerted threshold nothing was judged: false alerts extrapolated from the calibration"
                + " scores, true ones held at their number)" : "(" + p.verdictsAbove() + " decided verdicts on alerts scoring at or above it)"));
        System.out.printf(Locale.ROOT, "  expected alerts     %.1f in the period (%s); %.3f%% of normal records score at or above it%n",
                p.expectedAlerts(), rate(p.expectedAlertsPerHour(), p.spanHours()), 100 * p.normalShare());
        System.out.printf(Locale.ROOT, "  rests on            %d decided verdicts%n", p.decided());
        System.out.printf(Locale.ROOT, "proposal: threshold=%s expected_precision=%.4f expected_alerts_per_hour=%.4f verdicts=%d alerts=%d"
                        + " alerted_threshold=%s extrapolated=%s%n", num(p.threshold()), p.expectedPrecision(), p.expectedAlertsPerHour(),
                p.decided(), p.alerts(), num(p.currentThreshold()), p.extrapolated());
    }

    private static String rate(double perHour, double spanHours) {
        return Double.isNaN(perHour) ? "alert rate unknown (the alerts span under a minute)"
                : String.format(Locale.ROOT, "%.2f alerts per hour over the %.1f h the alerts span", perHour, spanHours);
    }

    private static String num(double v) {
        return ThresholdProposer.num(v);
    }

    private RecalibrationTarget target() {
        if ((targetPrecision == null) == (alertsPerHour == null)) {
            throw new IllegalArgumentException("give one target: --target-precision P (e.g. 0.9) or --alerts-per-hour N");
        }
        return targetPrecision != null ? RecalibrationTarget.precision(targetPrecision) : RecalibrationTarget.alertsPerHour(alertsPerHour);
    }

    private WireFormat wireFormat() {
        return switch (format.trim().toLowerCase(Locale.ROOT)) {
            case "avro" -> WireFormat.AVRO;
            case "json" -> WireFormat.JSON;
            default -> throw new IllegalArgumentException("unknown --format '" + format + "'; use avro or json (the stream's --format)");
        };
    }
}
