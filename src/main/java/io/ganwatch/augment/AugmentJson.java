package io.ganwatch.augment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ganwatch.augment.classify.MinorityMetrics;
import io.ganwatch.augment.gan.MinorityFineTune;
import io.ganwatch.augment.gan.Sampling;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JSON form of an augmentation result, with exactly the keys the issue fixes:
 * {@code method}, {@code minority} (the label values joined by commas, as given on the command
 * line), {@code classifier}, {@code synthetic_rows}, {@code train_seconds},
 * {@code stopped_by_time_budget} (GAN training cut short by {@code --time-budget}), {@code filter}
 * ({@code judge}: classifier or smote-anchors, {@code candidates} generated and {@code accepted} by the filter; {@code null} when not filtered), {@code auto}
 * ({@code chosen}, {@code validation_pr_auc} per candidate, {@code reason}; {@code null} unless method auto),
 * {@code gan_sampling} (the GAN's {@code temperature} and noise {@code truncation}, {@code null} when untruncated;
 * {@code null} unless a GAN made the rows), {@code test}
 * ({@code precision}, {@code recall}, {@code f1}, {@code pr_auc}, {@code roc_auc}; {@code null}
 * without a test set) and {@code quality} ({@code ks_complement}, {@code tv_complement},
 * {@code correlation_similarity}, {@code detection_auc}, {@code dcr_ratio}, {@code density},
 * {@code coverage}, {@code exact_copies};
 * {@code null} for method none). A NaN (no categorical column, no holdout, ...) is written as
 * {@code null}, since JSON has no NaN. Built as a tree rather than by annotating the records, so the
 * records can grow (per-column scores, GAN history) without changing this contract.
 */
public final class AugmentJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AugmentJson() {
    }

    /** The result as a JSON tree. */
    public static ObjectNode toJson(AugmentResult r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("method", r.method().key());
        root.put("minority", String.join(",", r.minority()));
        root.put("classifier", r.classifier().key());
        root.put("synthetic_rows", r.synthetic() == null ? 0 : r.synthetic().size());
        number(root, "train_seconds", r.trainSeconds());
        root.put("stopped_by_time_budget", r.stoppedByTimeBudget());
        MinorityMetrics t = r.test();
        if (t == null) {
            root.putNull("test");
        } else {
            ObjectNode test = root.putObject("test");
            number(test, "precision", t.precision());
            number(test, "recall", t.recall());
            number(test, "f1", t.f1());
            number(test, "pr_auc", t.prAuc());
            number(test, "roc_auc", t.rocAuc());
        }
        ValidationCheck v = r.validation();
        if (v == null) {
            root.putNull("validation");
        } else {
            ObjectNode validation = root.putObject("validation");
            number(validation, "pr_auc", v.prAuc());
            number(validation, "weighted_pr_auc", v.weightedPrAuc());
        }
        AutoChoice auto = r.auto();
        if (auto == null) {
            root.putNull("auto");
        } else {
            ObjectNode a = root.putObject("auto");
            a.put("chosen", auto.chosen().key());
            ObjectNode scores = a.putObject("validation_pr_auc");
            auto.validation().forEach((m, x) -> number(scores, m.key(), x));
            a.put("reason", auto.reason());
        }
        SyntheticFilter.Outcome f = r.filter();
        if (f == null) {
            root.putNull("filter");
        } else {
            ObjectNode filter = root.putObject("filter");
            filter.put("judge", f.judge().key());
            filter.put("candidates", f.candidates());
            filter.put("accepted", f.accepted());
        }
        Sampling sampling = r.sampling();
        if (sampling == null) {
            root.putNull("gan_sampling");
        } else {
            ObjectNode o = root.putObject("gan_sampling");
            number(o, "temperature", sampling.temperature());
            if (sampling.truncates()) {
                number(o, "truncation", sampling.truncation());
            } else {
                o.putNull("truncation");
            }
            o.put("snap", sampling.snap());
        }
        MinorityFineTune fineTune = r.fineTune();
        if (fineTune == null) {
            root.putNull("gan_fine_tune");
        } else {
            ObjectNode o = root.putObject("gan_fine_tune");
            fineTune.values().stream().sorted().forEach(o.putArray("on")::add);
            number(o, "share", fineTune.share());
        }
        if (r.warning() == null) {
            root.putNull("warning");
        } else {
            root.put("warning", r.warning());
        }
        QualityScores q = r.quality();
        if (q == null) {
            root.putNull("quality");
        } else {
            ObjectNode quality = root.putObject("quality");
            number(quality, "ks_complement", q.ksComplement());
            number(quality, "tv_complement", q.tvComplement());
            number(quality, "correlation_similarity", q.correlationSimilarity());
            number(quality, "detection_auc", q.detectionAuc());
            number(quality, "dcr_ratio", q.dcrRatio());
            number(quality, "density", q.density());
            number(quality, "coverage", q.coverage());
            quality.put("exact_copies", q.exactCopies());
        }
        return root;
    }

    /** The result as indented JSON text. */
    public static String toText(AugmentResult r) {
        return text(toJson(r));
    }

    private static String text(ObjectNode json) {
        try {
            return MAPPER.writeValueAsString(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a result's JSON ({@link #toJson}, with whatever the caller added to it, such as how the rows
     * were sampled) to a file, replacing it.
     */
    public static void write(ObjectNode json, Path file) {
        try {
            Files.writeString(file, text(json) + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage() + "; check the path", e);
        }
    }

    /** As {@link #write(ObjectNode, Path)}, to a stream (e.g. stdout), leaving it open. */
    public static void write(ObjectNode json, OutputStream out) {
        try {
            out.write((text(json) + System.lineSeparator()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the JSON: " + e.getMessage(), e);
        }
    }

    private static void number(ObjectNode node, String key, double v) {
        if (Double.isFinite(v)) {
            node.put(key, v);
        } else {
            node.putNull(key);
        }
    }
}
