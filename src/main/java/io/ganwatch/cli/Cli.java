package io.ganwatch.cli;

import io.ganwatch.detector.Detector;
import io.ganwatch.detector.Labels;
import io.ganwatch.features.MissingPolicy;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.scoring.Device;
import io.ganwatch.scoring.ScoringThreshold;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

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

    /** Loads a bundle and opens a detector with the threshold {@code threshold} chooses for it. */
    static Detector detector(Path model, String device, ScoringThreshold threshold) {
        ModelBundle bundle = ModelBundle.load(model);
        return new Detector(bundle, Device.parse(device), threshold.resolve(bundle));
    }

    /** The settings of a {@code --config} properties file (values trimmed), or none without one. */
    static Map<String, String> properties(Path file) {
        if (file == null) {
            return Map.of();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config file " + file + ": " + e.getMessage() + "; check the path", e);
        }
        Map<String, String> m = new HashMap<>();
        p.forEach((k, v) -> m.put(k.toString(), v.toString().trim()));
        return m;
    }
}
