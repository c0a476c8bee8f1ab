package io.ganwatch.cli;

import io.ganwatch.detector.Detector;
import io.ganwatch.scoring.ScoringThreshold;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code --model}, {@code --threshold}, {@code --target-fpr} and {@code --device}, shared by the
 * commands that score with a bundle.
 */
public final class ModelOptions {
    @Option(names = "--model", required = true, description = "Model bundle directory.")
    Path model;

    @Option(names = "--threshold", description = "Override the bundle's calibrated threshold.")
    Double threshold;

    @Option(names = "--target-fpr", description = "Recompute the threshold for this false-positive rate on normal data,"
            + " from the calibration scores the bundle keeps (instead of the rate it was trained for).")
    Double targetFpr;

    @Option(names = "--device", description = "cpu, cuda or cuda:N; CUDA falls back to the CPU with a warning (default: ${DEFAULT-VALUE}).")
    String device = "cpu";

    /** Loads the bundle and opens it on the chosen device, with the threshold the flags ask for. */
    Detector open() {
        return Cli.detector(model, device, new ScoringThreshold(threshold, targetFpr));
    }

    /** How the threshold in force was obtained, for the summary line: empty unless {@code --target-fpr} set it. */
    String thresholdNote(Detector detector) {
        if (targetFpr == null) {
            return "";
        }
        return String.format(Locale.ROOT, " (target FPR %s, from the bundle's %d calibration scores)", targetFpr,
                detector.bundle().metadata().calibrationScores().size());
    }
}
