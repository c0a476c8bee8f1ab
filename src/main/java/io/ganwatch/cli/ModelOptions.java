package io.ganwatch.cli;

import io.ganwatch.detector.Detector;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --model}, {@code --threshold} and {@code --device}, shared by the commands that score with a bundle. */
public final class ModelOptions {
    @Option(names = "--model", required = true, description = "Model bundle directory.")
    Path model;

    @Option(names = "--threshold", description = "Override the bundle's calibrated threshold.")
    Double threshold;

    @Option(names = "--device", description = "cpu, cuda or cuda:N; CUDA falls back to the CPU with a warning (default: ${DEFAULT-VALUE}).")
    String device = "cpu";

    /** Loads the bundle and opens it on the chosen device. */
    Detector open() {
        return Cli.detector(model, device, threshold);
    }
}
