package io.ganwatch.augment.service;

import io.ganwatch.augment.AugmentMethod;
import io.ganwatch.augment.classify.ClassifierKind;
import io.ganwatch.augment.gan.Sampling;
import io.ganwatch.features.RawValues;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A request that passed every check that needs no data: names, formats, limits and file roots.
 * Checks that need the rows (does the label column exist, does each minority value occur) come
 * when the source is read.
 *
 * @param requestId   the caller's id
 * @param source      real rows
 * @param testSource  real test rows, or {@code null}
 * @param labelColumn the class column
 * @param minority    minority label values, in the request's order
 * @param method      how to make records
 * @param count       records to make (0 for NONE)
 * @param classifier  classifier for the test metrics
 * @param seed        random seed
 * @param epochs      GAN epochs
 * @param timeBudget  GAN time budget
 * @param destination where records go, or {@code null} for NONE without one
 * @param sampling    how the GAN is sampled, or {@code null} for the default by class size
 *                    ({@link io.ganwatch.augment.AugmentSpec#defaultSampling})
 * @param fineTune    share of the GAN's budget spent fine-tuning on the minority (0: none)
 */
public record ValidRequest(String requestId, SourceRef source, SourceRef testSource, String labelColumn, Set<String> minority,
                           AugmentMethod method, int count, ClassifierKind classifier, long seed, int epochs,
                           Duration timeBudget, Destination destination, Sampling sampling, double fineTune) {
    /** A request that does not fine-tune the GAN. */
    public ValidRequest(String requestId, SourceRef source, SourceRef testSource, String labelColumn, Set<String> minority,
                        AugmentMethod method, int count, ClassifierKind classifier, long seed, int epochs,
                        Duration timeBudget, Destination destination, Sampling sampling) {
        this(requestId, source, testSource, labelColumn, minority, method, count, classifier, seed, epochs, timeBudget,
                destination, sampling, 0);
    }

    /**
     * Copies the set, each minority value in its {@link RawValues#category} form: the form the
     * labels of the source rows are compared in, so that {@code 1} finds a CSV's {@code 1.0}.
     */
    public ValidRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(source, "source");
        Set<String> canonical = new LinkedHashSet<>();
        minority.forEach(v -> canonical.add(v == null ? null : RawValues.category(v)));
        minority = Collections.unmodifiableSet(canonical);
    }
}
