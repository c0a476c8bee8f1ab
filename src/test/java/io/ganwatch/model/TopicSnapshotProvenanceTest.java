package io.ganwatch.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The topic snapshot in a bundle's provenance: kept through a save and load, absent (null) in bundles made without it. */
class TopicSnapshotProvenanceTest {
    @TempDir
    Path dir;

    static Provenance.TopicSnapshot snapshot() {
        return new Provenance.TopicSnapshot("in", "json", List.of(new Provenance.OffsetRange(0, 3, 40, 37),
                new Provenance.OffsetRange(1, 0, 12, 11)), 48, 41, 2, Map.of("undecodable", 4L, "missing-field", 1L),
                "alerts", "feedback", 5, 3, null);
    }

    @Test
    void roundTripsThroughModelJson() throws Exception {
        byte[] graph = {1, 2, 3, 4};
        BundleMetadata meta = ModelBundleTest.bundle(graph).metadata();
        new ModelBundle(meta.withProvenance(meta.provenance().withTopicSnapshot(snapshot())), graph).save(dir);
        String json = Files.readString(dir.resolve("model.json")).replaceAll("\\s", "");
        assertThat(json).contains("\"topic_snapshot\":{", "\"ranges\":[{\"partition\":0,\"from\":3,\"to\":40,\"records\":37}",
                "\"left_out_confirmed_true_positives\":2", "\"left_out_dead_letters\":{\"missing-field\":1,\"undecodable\":4}")
                .doesNotContain("max_records");
        Provenance.TopicSnapshot loaded = ModelBundle.load(dir).metadata().provenance().topicSnapshot();
        assertThat(loaded).isEqualTo(snapshot());
        assertThat(loaded.deadLettersLeftOut()).isEqualTo(5);
    }

    @Test
    void aBundleMadeBeforeTopicSnapshotsLoadsWithNone() throws Exception {
        byte[] graph = {1, 2, 3, 4};
        ModelBundleTest.bundle(graph).save(dir);
        assertThat(Files.readString(dir.resolve("model.json"))).doesNotContain("topic_snapshot");
        assertThat(ModelBundle.load(dir).metadata().provenance().topicSnapshot()).isNull();
        assertThat(ModelBundle.load(dir).metadata()).isEqualTo(ModelBundleTest.bundle(graph).metadata());
    }

    @Test
    void anOffsetRangeWithMoreRecordsThanOffsetsIsRefused() {
        assertThatThrownBy(() -> new Provenance.OffsetRange(0, 10, 12, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Provenance.OffsetRange(0, 12, 10, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
