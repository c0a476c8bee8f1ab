package io.ganwatch.cli;

import io.ganwatch.detector.Detector;
import io.ganwatch.detector.Labels;
import io.ganwatch.features.MissingPolicy;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.scoring.Device;

import java.nio.file.Path;
import java.util.Locale;

/** Argument checks shared by the commands; each failure is one line telling the user what to pass. */
final class Cli {
    private Cli() {
    }

    /** Labels from the two flags, which must be given together (or not at all). */
    static Labels labels(String column, String normalValue) {
        if (column == null && normalValue == null) {
            return null;
        }
        if (column == null || normalValue == null) {
            throw new IllegalArgumentException("--label-column and --normal-value go together; pass both or neither");
        }
        return new Labels(column, normalValue);
    }

    static MissingPolicy missingPolicy(String s) {
        try {
            return MissingPolicy.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown --missing '" + s + "'; use impute or reject");
        }
    }

    /** Loads a bundle and opens a detector with the bundle's threshold unless overridden. */
    static Detector detector(Path model, String device, Double threshold) {
        ModelBundle bundle = ModelBundle.load(model);
        double t = threshold != null ? threshold : bundle.metadata().threshold().value();
        if (!Double.isFinite(t)) {
            throw new IllegalArgumentException("--threshold must be a finite number");
        }
        return new Detector(bundle, Device.parse(device), t);
    }
}
