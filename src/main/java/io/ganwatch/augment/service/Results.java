package io.ganwatch.augment.service;

import io.ganwatch.augment.AugmentResult;
import io.ganwatch.augment.QualityScores;
import io.ganwatch.augment.classify.MinorityMetrics;
import io.ganwatch.avro.AugmentationQuality;
import io.ganwatch.avro.AugmentationResult;
import io.ganwatch.avro.AugmentationTestMetrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;

/** {@link Outcome} → {@code AugmentationResult}, and the result's wire form (Avro single-object encoding). */
public final class Results {
    private Results() {
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
                .setQuality(r == null || r.quality() == null ? null : quality(r.quality()))
                .setTest(r == null || r.test() == null ? null : test(r.test()))
                .setModelVersion(r == null ? null : r.modelVersion())
                .setDestination(o.destination() == null ? null : o.destination().describe())
                .setFinishedAt(finishedAt)
                .build();
    }

    private static AugmentationQuality quality(QualityScores q) {
        return new AugmentationQuality(finite(q.ksComplement()), finite(q.tvComplement()), finite(q.correlationSimilarity()),
                finite(q.detectionAuc()), finite(q.dcrRatio()), q.exactCopies());
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
     * Reads a message value.
     *
     * @throws IllegalArgumentException when it is not an {@code AugmentationResult}
     */
    public static AugmentationResult decode(byte[] value) {
        try {
            return AugmentationResult.getDecoder().decode(value);
        } catch (IOException | RuntimeException e) {
            // Any exception: corrupt bytes make Avro throw whatever its decoding trips over (a bad union index is an ArrayIndexOutOfBoundsException).
            throw new IllegalArgumentException("not an AugmentationResult: " + e, e);
        }
    }
}
