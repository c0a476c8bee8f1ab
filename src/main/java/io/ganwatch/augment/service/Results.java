package io.ganwatch.augment.service;

import io.ganwatch.augment.AugmentResult;
import io.ganwatch.augment.QualityScores;
import io.ganwatch.augment.classify.MinorityMetrics;
import io.ganwatch.avro.AugmentationQuality;
import io.ganwatch.avro.AugmentationResult;
import io.ganwatch.avro.AugmentationTestMetrics;

import org.apache.avro.message.BinaryMessageDecoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;

/** {@link Outcome} → {@code AugmentationResult}, and the result's wire form (Avro single-object encoding). */
public final class Results {
    /**
     * The results schema before {@code stopped_by_time_budget}, kept because the results topic is
     * compacted: results written by an older service stay on it and are read at every start.
     */
    static final String BEFORE_TIME_BUDGET = "AugmentationResult-before-time-budget.avsc";

    /** The results schema before {@code warning}, kept for the same reason. */
    static final String BEFORE_WARNING = "AugmentationResult-before-warning.avsc";

    /**
     * The results schema before {@code quality.density}, {@code quality.coverage}, {@code auto_choice} and
     * {@code auto_reason} (added together), kept for the same reason.
     */
    static final String BEFORE_DENSITY = "AugmentationResult-before-density.avsc";

    /** The results schema before {@code gan_truncation} and {@code gan_temperature} (added together), kept for the same reason. */
    static final String BEFORE_SAMPLING = "AugmentationResult-before-sampling.avsc";

    /** The results schema before {@code gan_snap}, kept for the same reason. */
    static final String BEFORE_SNAP = "AugmentationResult-before-snap.avsc";

    /** The results schema before {@code gan_fine_tune}, kept for the same reason. */
    static final String BEFORE_FINE_TUNE = "AugmentationResult-before-fine-tune.avsc";

    private static final BinaryMessageDecoder<AugmentationResult> DECODER = decoder();

    private Results() {
    }

    private static BinaryMessageDecoder<AugmentationResult> decoder() {
        return EarlierSchemas.addTo(AugmentationResult.createDecoder(null), BEFORE_TIME_BUDGET, BEFORE_WARNING, BEFORE_DENSITY,
                BEFORE_SAMPLING, BEFORE_SNAP, BEFORE_FINE_TUNE);
    }

    /** The result record for an outcome. Undefined metrics (NaN) become null. */
    public static AugmentationResult build(Outcome o, Instant finishedAt) {
        AugmentResult r = o.result();
        return AugmentationResult.newBuilder()
                .setRequestId(o.requestId())
                .setStatus(o.status())
                .setReason(o.reason())
                .setSourceRows(o.sourceRows())
                .setMinorityRows(o.minorityRows())
                .setSyntheticRows(o.syntheticRows())
                .setTrainSeconds(r == null ? null : finite(r.trainSeconds()))
                .setStoppedByTimeBudget(r != null && r.stoppedByTimeBudget())
                .setQuality(r == null || r.quality() == null ? null : quality(r.quality()))
                .setTest(r == null || r.test() == null ? null : test(r.test()))
                .setWarning(r == null ? null : r.warning())
                .setAutoChoice(r == null || r.auto() == null ? null : r.auto().chosen().key())
                .setAutoReason(r == null || r.auto() == null ? null : r.auto().reason())
                .setGanTruncation(r == null || r.sampling() == null || !r.sampling().truncates() ? null : r.sampling().truncation())
                .setGanTemperature(r == null || r.sampling() == null ? null : r.sampling().temperature())
                .setGanSnap(r == null || r.sampling() == null ? null : r.sampling().snap())
                .setGanFineTune(r == null || r.fineTune() == null ? null : r.fineTune().share())
                .setModelVersion(r == null ? null : r.modelVersion())
                .setDestination(o.destination() == null ? null : o.destination().describe())
                .setFinishedAt(finishedAt)
                .build();
    }

    private static AugmentationQuality quality(QualityScores q) {
        return new AugmentationQuality(finite(q.ksComplement()), finite(q.tvComplement()), finite(q.correlationSimilarity()),
                finite(q.detectionAuc()), finite(q.dcrRatio()), q.exactCopies(), finite(q.density()), finite(q.coverage()));
    }

    private static AugmentationTestMetrics test(MinorityMetrics m) {
        return new AugmentationTestMetrics(finite(m.precision()), finite(m.recall()), finite(m.f1()), finite(m.prAuc()),
                finite(m.rocAuc()));
    }

    private static Double finite(double d) {
        return Double.isFinite(d) ? d : null;
    }

    /** The message value. */
    public static byte[] encode(AugmentationResult result) {
        try {
            ByteBuffer b = AugmentationResult.getEncoder().encode(result);
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the result of request " + result.getRequestId(), e);
        }
    }

    /**
     * Reads a message value, written in this schema or in an earlier one (before {@code gan_truncation}, before {@code quality.density}
     * and {@code quality.coverage}, before {@code warning}, before {@code stopped_by_time_budget}).
     *
     * @throws IllegalArgumentException when it is not an {@code AugmentationResult}
     */
    public static AugmentationResult decode(byte[] value) {
        try {
            return DECODER.decode(value);
        } catch (IOException | RuntimeException e) {
            // Any exception: corrupt bytes make Avro throw whatever its decoding trips over (a bad union index is an ArrayIndexOutOfBoundsException).
            throw new IllegalArgumentException("not an AugmentationResult: " + e, e);
        }
    }
}
