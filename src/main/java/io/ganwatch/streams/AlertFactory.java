package io.ganwatch.streams;

import io.ganwatch.avro.AnomalyAlert;
import io.ganwatch.avro.FeatureContribution;
import io.ganwatch.avro.ScoredRecord;
import io.ganwatch.detector.Detector;
import io.ganwatch.features.RawValues;
import io.ganwatch.model.BundleMetadata;
import io.ganwatch.model.CalibrationScores;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds the output records for one scored input record. Pure: no Kafka, no I/O. */
final class AlertFactory {
    private AlertFactory() {
    }

    /**
     * Where an input record came from.
     *
     * @param topic     source topic
     * @param partition source partition
     * @param offset    source offset
     * @param key       record key as text, or null
     * @param timestamp record timestamp (event time), epoch millis
     */
    record Source(String topic, int partition, long offset, String key, long timestamp) {
        /** Deterministic, so that a replay of the same input produces the same alert id. */
        String alertId() {
            return topic + "-" + partition + "-" + offset;
        }
    }

    static ScoredRecord scored(Source src, double score, double threshold, BundleMetadata model) {
        return ScoredRecord.newBuilder()
                .setSourceTopic(src.topic()).setSourcePartition(src.partition()).setSourceOffset(src.offset())
                .setRecordKey(src.key()).setEventTime(Instant.ofEpochMilli(src.timestamp()))
                .setScore(score).setThreshold(threshold).setIsAnomaly(score >= threshold)
                .setModelId(model.modelId()).setModelVersion(model.version())
                .setPValue(pValue(model, score))
                .build();
    }

    static AnomalyAlert alert(Source src, double score, double threshold, BundleMetadata model,
                              List<Detector.Contribution> top, DecodedRecord record) {
        List<FeatureContribution> features = new ArrayList<>(top.size());
        for (Detector.Contribution c : top) {
            Object v = record.get(c.column());
            features.add(new FeatureContribution(c.column(), RawValues.isMissing(v) ? null : RawValues.category(v), c.value(),
                    c.unseenValue(v)));
        }
        return AnomalyAlert.newBuilder()
                .setAlertId(src.alertId())
                .setSourceTopic(src.topic()).setSourcePartition(src.partition()).setSourceOffset(src.offset())
                .setRecordKey(src.key()).setEventTime(Instant.ofEpochMilli(src.timestamp()))
                .setScore(score).setThreshold(threshold)
                .setModelId(model.modelId()).setModelVersion(model.version())
                .setTopFeatures(features).setRecordJson(record.toJson())
                .setPValue(pValue(model, score))
                .build();
    }

    /** The score's p-value against the model's calibration scores, or null for a model that keeps none. */
    private static Double pValue(BundleMetadata model, double score) {
        CalibrationScores calibration = model.calibrationScores();
        return calibration == null ? null : calibration.pValue(score);
    }
}
