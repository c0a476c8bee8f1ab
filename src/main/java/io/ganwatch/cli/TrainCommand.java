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
                "Example: ganwatch train --input connections.csv --label-column label --normal-value normal --out models/net"})
final class TrainCommand implements Callable<Integer> {
    @Mixin
    InputOptions input;

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
        InputFormat fmt = input.format();
        Labels labels = Cli.labels(labelColumn, normalValue);
        if (maxRows != null && maxRows < DetectorTrainer.MIN_NORMAL_ROWS) {
            throw new IllegalArgumentException("--max-rows must be at least "
                    + DetectorTrainer.MIN_NORMAL_ROWS + " (rows to fit and to hold back), was " + maxRows);
        }
        // Streamed twice (spec, then encoding) rather than read into a table: memory holds encoded floats only.
        RowSource rows = RowSource.of(input.input, fmt);
        MissingPolicy policy = Cli.missingPolicy(missing);
        String id = modelId != null ? modelId : input.input.getFileName().toString().replaceAll("\\..*$", "");
        TrainingRequest req = new TrainingRequest(rows, Hashes.sha256(input.input), fmt.name().toLowerCase(Locale.ROOT), labels,
                new HashSet<>(categorical), policy, training.config(seed), training.targetFpr, id,
                maxRows == null ? TrainingRequest.ALL_ROWS : maxRows);
        if (signingKey != null) {
            BundleSigning.privateKey(signingKey); // a bad key fails now, not after the training
        }
        DetectorTrainer.TrainedDetector trained = DetectorTrainer.train(req, new ProgressBarListener("train"));
        ModelBundle bundle = signingKey == null ? trained.bundle() : BundleSigning.sign(trained.bundle(), signingKey);
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
        if (m.validation().containsKey("holdout_roc_auc")) {
            System.out.printf(Locale.ROOT, "held-back check against %d labelled anomalies: ROC-AUC %.4f, PR-AUC %.4f, F1 %.4f%n",
                    m.validation().get("holdout_anomalies").intValue(), m.validation().get("holdout_roc_auc"),
                    m.validation().get("holdout_pr_auc"), m.validation().get("holdout_f1"));
        }
        return 0;
    }
}
