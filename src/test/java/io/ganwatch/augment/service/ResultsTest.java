package io.ganwatch.augment.service;

import io.ganwatch.augment.AugmentMethod;
import io.ganwatch.augment.AugmentResult;
import io.ganwatch.augment.QualityScores;
import io.ganwatch.augment.classify.ClassifierKind;
import io.ganwatch.augment.classify.MinorityMetrics;
import io.ganwatch.avro.AugmentationResult;
import io.ganwatch.avro.AugmentationStatus;
import io.ganwatch.input.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultsTest {
    private static final Instant AT = Instant.parse("2026-11-23T12:00:00Z");

    private static AugmentResult result(int rows, MinorityMetrics test) {
        List<Table.Row> synthetic = java.util.stream.IntStream.range(0, rows)
                .mapToObj(i -> new Table.Row(i + 1, new Object[]{1.0 * i, "1"})).toList();
        return new AugmentResult(AugmentMethod.GAN, Set.of("1"), ClassifierKind.XGBOOST, new Table("s", List.of("x", "label"), synthetic),
                12.5, test, new QualityScores(0.91, Double.NaN, 0.97, 0.62, 1.04, 0.93, Double.NaN, 0), List.of(), "sha256:abc");
    }

    @Test
    void anOkResultCarriesCountsMetricsVersionAndDestinationWithUndefinedMetricsAsNull() {
        Outcome o = Outcome.ok("r1", 1000, 40, result(25, new MinorityMetrics(0.8, 0.6, 0.685, 0.7, Double.NaN)),
                new Destination.ToTopic("out"), List.of());
        AugmentationResult r = Results.build(o, AT);
        assertThat(r.getRequestId()).isEqualTo("r1");
        assertThat(r.getStatus()).isEqualTo(AugmentationStatus.OK);
        assertThat(r.getReason()).isNull();
        assertThat(r.getSourceRows()).isEqualTo(1000L);
        assertThat(r.getMinorityRows()).isEqualTo(40L);
        assertThat(r.getSyntheticRows()).isEqualTo(25L);
        assertThat(r.getTrainSeconds()).isEqualTo(12.5);
        assertThat(r.getQuality().getKsComplement()).isEqualTo(0.91);
        assertThat(r.getQuality().getTvComplement()).isNull(); // NaN: no categorical columns
        assertThat(r.getQuality().getDcrRatio()).isEqualTo(1.04);
        assertThat(r.getQuality().getExactCopies()).isZero();
        assertThat(r.getQuality().getDensity()).isEqualTo(0.93);
        assertThat(r.getQuality().getCoverage()).isNull(); // NaN: too few real rows
        assertThat(r.getTest().getPrecision()).isEqualTo(0.8);
        assertThat(r.getTest().getRocAuc()).isNull();
        assertThat(r.getModelVersion()).isEqualTo("sha256:abc");
        assertThat(r.getDestination()).isEqualTo("topic:out");
        assertThat(r.getFinishedAt()).isEqualTo(AT);

        assertThat(Results.decode(Results.encode(r))).isEqualTo(r);
    }

    @Test
    void withoutATestSetThereAreNoClassifierMetrics() {
        AugmentationResult r = Results.build(Outcome.ok("r1", 10, 2, result(3, null), new Destination.ToTopic("out"), List.of()), AT);
        assertThat(r.getTest()).isNull();
        assertThat(r.getQuality()).isNotNull();
    }

    @Test
    void syntheticRowsWorseThanWeightingCarryTheWarning() {
        AugmentResult base = result(3, null);
        io.ganwatch.augment.ValidationCheck worse = new io.ganwatch.augment.ValidationCheck(0.3, 0.5, "rows lower the validation PR-AUC");
        AugmentResult warned = new AugmentResult(base.method(), base.minority(), base.classifier(), base.synthetic(),
                base.trainSeconds(), null, base.quality(), List.of(), base.modelVersion(), false, worse);
        AugmentationResult r = Results.build(Outcome.ok("r12", 100, 10, warned, new Destination.ToTopic("out"), List.of()), AT);
        assertThat(r.getWarning()).isEqualTo("rows lower the validation PR-AUC");
        assertThat(Results.decode(Results.encode(r)).getWarning()).isEqualTo("rows lower the validation PR-AUC");
        assertThat(Results.build(Outcome.ok("r13", 100, 10, base, new Destination.ToTopic("out"), List.of()), AT).getWarning()).isNull();

        List<io.ganwatch.augment.gan.GanEpoch> collapsed = List.of(new io.ganwatch.augment.gan.GanEpoch(1, 1, -1, 1, 0.9),
                new io.ganwatch.augment.gan.GanEpoch(5, 1, -1, 5, 0.2));
        AugmentResult both = new AugmentResult(base.method(), base.minority(), base.classifier(), base.synthetic(),
                base.trainSeconds(), null, base.quality(), collapsed, base.modelVersion(), false, worse);
        AugmentationResult b = Results.build(Outcome.ok("r14", 100, 10, both, new Destination.ToTopic("out"), List.of()), AT);
        assertThat(Results.decode(Results.encode(b)).getWarning()).startsWith("rows lower the validation PR-AUC; ")
                .contains("coverage", "mode collapse");
    }

    @Test
    void anAutoJobSaysWhatItPickedAndWhy() {
        AugmentResult base = result(3, null);
        java.util.Map<AugmentMethod, Double> scores = new java.util.LinkedHashMap<>();
        scores.put(AugmentMethod.WEIGHTED, 0.4);
        scores.put(AugmentMethod.SMOTE, 0.3);
        scores.put(AugmentMethod.GAN, 0.6);
        io.ganwatch.augment.AutoChoice choice = io.ganwatch.augment.AutoChoice.pick(scores);
        AugmentResult auto = new AugmentResult(base.method(), base.minority(), base.classifier(), base.synthetic(),
                base.trainSeconds(), null, base.quality(), List.of(), base.modelVersion(), false, null, null, choice);

        AugmentationResult r = Results.decode(Results.encode(Results.build(Outcome.ok("r15", 100, 10, auto,
                new Destination.ToTopic("out"), List.of()), AT)));

        assertThat(r.getAutoChoice()).isEqualTo("gan");
        assertThat(r.getAutoReason()).contains("0.6000", "weighted 0.4000");
        AugmentationResult plain = Results.build(Outcome.ok("r16", 100, 10, base, new Destination.ToTopic("out"), List.of()), AT);
        assertThat(plain.getAutoChoice()).isNull();
        assertThat(plain.getAutoReason()).isNull();
    }

    @Test
    void aGanResultSaysHowItsGeneratorWasSampled() {
        AugmentResult base = result(3, null);
        AugmentResult truncated = new AugmentResult(base.method(), base.minority(), base.classifier(), base.synthetic(),
                base.trainSeconds(), null, base.quality(), List.of(), base.modelVersion(), false, null, null, null,
                new io.ganwatch.augment.gan.Sampling(0.5, 1, true));
        AugmentationResult r = Results.decode(Results.encode(Results.build(Outcome.ok("r17", 100, 10, truncated,
                new Destination.ToTopic("out"), List.of()), AT)));
        assertThat(r.getGanTruncation()).isEqualTo(1.0);
        assertThat(r.getGanTemperature()).isEqualTo(0.5);
        assertThat(r.getGanSnap()).isTrue();
        AugmentResult untruncated = new AugmentResult(base.method(), base.minority(), base.classifier(), base.synthetic(),
                base.trainSeconds(), null, base.quality(), List.of(), base.modelVersion(), false, null, null, null,
                io.ganwatch.augment.gan.Sampling.AS_TRAINED);
        AugmentationResult u = Results.build(Outcome.ok("r18", 100, 10, untruncated, new Destination.ToTopic("out"), List.of()), AT);
        assertThat(u.getGanTruncation()).isNull();
        assertThat(u.getGanTemperature()).isEqualTo(1.0);
        assertThat(u.getGanSnap()).isFalse();
        AugmentationResult smote = Results.build(Outcome.ok("r19", 100, 10, base, new Destination.ToTopic("out"), List.of()), AT);
        assertThat(smote.getGanTemperature()).isNull();
        assertThat(smote.getGanSnap()).isNull();
        assertThat(smote.getGanFineTune()).isNull();
        assertThat(r.getGanFineTune()).as("not fine-tuned").isNull();
        AugmentResult tuned = new AugmentResult(base.method(), base.minority(), base.classifier(), base.synthetic(),
                base.trainSeconds(), null, base.quality(), List.of(), base.modelVersion(), false, null, null, null,
                io.ganwatch.augment.gan.Sampling.AS_TRAINED, new io.ganwatch.augment.gan.MinorityFineTune(base.minority(), 0.2));
        assertThat(Results.decode(Results.encode(Results.build(Outcome.ok("r20", 100, 10, tuned, new Destination.ToTopic("out"),
                List.of()), AT))).getGanFineTune()).isEqualTo(0.2);
    }

    @Test
    void aJobStoppedByItsTimeBudgetSaysSoInTheResult() {
        AugmentResult base = result(3, null);
        AugmentResult stopped = new AugmentResult(base.method(), base.minority(), base.classifier(), base.synthetic(),
                base.trainSeconds(), null, base.quality(), List.of(), base.modelVersion(), true);
        AugmentationResult r = Results.build(Outcome.ok("r9", 100, 10, stopped, new Destination.ToTopic("out"), List.of()), AT);
        assertThat(r.getStoppedByTimeBudget()).isTrue();
        assertThat(Results.decode(Results.encode(r)).getStoppedByTimeBudget()).isTrue();
        assertThat(Results.build(Outcome.ok("r10", 100, 10, base, new Destination.ToTopic("out"), List.of()), AT)
                .getStoppedByTimeBudget()).isFalse();
        assertThat(Results.build(Outcome.rejected("r11", "no", null, null), AT).getStoppedByTimeBudget()).isFalse();
    }

    /** The results topic is compacted: results from before {@code stopped_by_time_budget} or {@code warning} stay on it and must still read. */
    @ParameterizedTest
    @CsvSource({Results.BEFORE_TIME_BUDGET + ",stopped_by_time_budget", Results.BEFORE_WARNING + ",warning",
            Results.BEFORE_SAMPLING + ",gan_truncation", Results.BEFORE_SAMPLING + ",gan_temperature", Results.BEFORE_SNAP + ",gan_snap",
            Results.BEFORE_FINE_TUNE + ",gan_fine_tune"})
    void aResultWrittenInAnEarlierSchemaStillDecodesAndTheSchemasAreCompatibleBothWays(String resource, String newField) throws Exception {
        org.apache.avro.Schema old;
        try (java.io.InputStream in = Results.class.getResourceAsStream(resource)) {
            old = new org.apache.avro.Schema.Parser().parse(in);
        }
        org.apache.avro.Schema now = AugmentationResult.getClassSchema();
        assertThat(old.getField(newField)).isNull();
        assertThat(now.getField(newField)).isNotNull();
        assertThat(org.apache.avro.SchemaCompatibility.checkReaderWriterCompatibility(now, old).getType())
                .isEqualTo(org.apache.avro.SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        assertThat(org.apache.avro.SchemaCompatibility.checkReaderWriterCompatibility(old, now).getType())
                .isEqualTo(org.apache.avro.SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        org.apache.avro.generic.GenericRecord r = new org.apache.avro.generic.GenericData.Record(old);
        r.put("request_id", "old-1");
        r.put("status", new org.apache.avro.generic.GenericData.EnumSymbol(old.getField("status").schema(), "OK"));
        r.put("synthetic_rows", 5L);
        r.put("train_seconds", 2.5);
        r.put("finished_at", AT.toEpochMilli());
        if (old.getField("stopped_by_time_budget") != null) {
            r.put("stopped_by_time_budget", false);
        }
        java.nio.ByteBuffer b = new org.apache.avro.message.BinaryMessageEncoder<org.apache.avro.generic.GenericRecord>(
                org.apache.avro.generic.GenericData.get(), old).encode(r);
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        AugmentationResult decoded = Results.decode(bytes);
        assertThat(decoded.getRequestId()).isEqualTo("old-1");
        assertThat(decoded.getTrainSeconds()).isEqualTo(2.5);
        assertThat(decoded.getStoppedByTimeBudget()).isFalse();
        assertThat(decoded.getWarning()).isNull();
    }

    /** Density and coverage were added inside {@code quality}: a result written before them, quality included, still reads. */
    @Test
    void aResultWrittenBeforeDensityAndCoverageStillDecodesWithThemNull() throws Exception {
        org.apache.avro.Schema old;
        try (java.io.InputStream in = Results.class.getResourceAsStream(Results.BEFORE_DENSITY)) {
            old = new org.apache.avro.Schema.Parser().parse(in);
        }
        org.apache.avro.Schema oldQuality = old.getField("quality").schema().getTypes().get(1);
        org.apache.avro.Schema nowQuality = AugmentationResult.getClassSchema().getField("quality").schema().getTypes().get(1);
        for (String field : new String[]{"density", "coverage"}) {
            assertThat(oldQuality.getField(field)).isNull();
            assertThat(nowQuality.getField(field)).isNotNull();
        }
        org.apache.avro.Schema now = AugmentationResult.getClassSchema();
        assertThat(org.apache.avro.SchemaCompatibility.checkReaderWriterCompatibility(now, old).getType())
                .isEqualTo(org.apache.avro.SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        assertThat(org.apache.avro.SchemaCompatibility.checkReaderWriterCompatibility(old, now).getType())
                .isEqualTo(org.apache.avro.SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);

        org.apache.avro.generic.GenericRecord q = new org.apache.avro.generic.GenericData.Record(oldQuality);
        q.put("ks_complement", 0.88);
        q.put("exact_copies", 3);
        org.apache.avro.generic.GenericRecord r = new org.apache.avro.generic.GenericData.Record(old);
        r.put("request_id", "old-2");
        r.put("status", new org.apache.avro.generic.GenericData.EnumSymbol(old.getField("status").schema(), "OK"));
        r.put("synthetic_rows", 5L);
        r.put("stopped_by_time_budget", false);
        r.put("quality", q);
        r.put("warning", "rows lower the validation PR-AUC");
        r.put("finished_at", AT.toEpochMilli());
        java.nio.ByteBuffer b = new org.apache.avro.message.BinaryMessageEncoder<org.apache.avro.generic.GenericRecord>(
                org.apache.avro.generic.GenericData.get(), old).encode(r);
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        AugmentationResult decoded = Results.decode(bytes);
        assertThat(decoded.getRequestId()).isEqualTo("old-2");
        assertThat(decoded.getQuality().getKsComplement()).isEqualTo(0.88);
        assertThat(decoded.getQuality().getExactCopies()).isEqualTo(3);
        assertThat(decoded.getQuality().getDensity()).isNull();
        assertThat(decoded.getQuality().getCoverage()).isNull();
        assertThat(decoded.getWarning()).isEqualTo("rows lower the validation PR-AUC");
    }

    @Test
    void rejectedAndFailedResultsCarryTheReasonAndWhatWasKnown() {
        AugmentationResult rejected = Results.build(Outcome.rejected("r2", "count 51 is over this service's limit of 50", null, null), AT);
        assertThat(rejected.getStatus()).isEqualTo(AugmentationStatus.REJECTED);
        assertThat(rejected.getReason()).contains("limit of 50");
        assertThat(rejected.getSourceRows()).isNull();
        assertThat(rejected.getSyntheticRows()).isZero();
        assertThat(rejected.getQuality()).isNull();
        assertThat(rejected.getModelVersion()).isNull();
        assertThat(rejected.getDestination()).isNull();

        AugmentationResult failed = Results.build(Outcome.failed("r3", "the gan job failed (boom)", 100L, 7L), AT);
        assertThat(failed.getStatus()).isEqualTo(AugmentationStatus.FAILED);
        assertThat(failed.getSourceRows()).isEqualTo(100L);
        assertThat(failed.getMinorityRows()).isEqualTo(7L);
    }

    @Test
    void aResultWithABadUnionIndexIsAnIllegalArgumentAndIsSkippedWhenTheResultsAreRead() {
        byte[] bytes = Results.encode(Results.build(Outcome.rejected("r2", "no", null, null), AT));
        // 10 header bytes, request_id "r2" (length byte + 2), status (1 byte), then the reason's union index: 1 (zig-zag 0x02).
        int at = 10 + 1 + 2 + 1;
        assertThat(bytes[at]).as("union index of the reason's string branch, zig-zag encoded").isEqualTo((byte) 2);
        for (int index : new int[]{2, 5, 63}) { // the union has branches 0 and 1
            bytes[at] = (byte) (index * 2);
            assertThatThrownBy(() -> Results.decode(bytes)).as("union index " + index)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an AugmentationResult");

            FinishedRequests finished = new FinishedRequests();
            finished.apply("r1", Results.encode(Results.build(Outcome.rejected("r1", "no", null, null), AT)));
            finished.apply("r2", bytes); // skipped with a warning; the rest is still read
            assertThat(finished.size()).isEqualTo(1);
            assertThat(finished.finished("r1")).contains(AugmentationStatus.REJECTED);
            assertThat(finished.finished("r2")).isEmpty();
        }
    }

    @Test
    void anOutcomeNeedsAReasonExactlyWhenItIsNotOk() {
        assertThatThrownBy(() -> new Outcome("r", AugmentationStatus.REJECTED, null, null, null, null, null, List.of(), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Results.decode(new byte[]{1, 2, 3})).hasMessageContaining("not an AugmentationResult");
    }
}
