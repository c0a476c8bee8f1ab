package io.ganwatch.model;

import io.ganwatch.testing.CapturedLog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ganwatch.features.CategoricalColumn;
import io.ganwatch.features.FeatureSpec;
import io.ganwatch.features.MissingPolicy;
import io.ganwatch.features.NumericColumn;
import io.ganwatch.training.AladConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bundles round-trip, and loading refuses anything corrupt, incomplete or too new. */
class ModelBundleTest {
    @TempDir
    Path dir;

    static ModelBundle bundle(byte[] graph) {
        FeatureSpec spec = new FeatureSpec(List.of(new NumericColumn("bytes", true, 1, 2, 3, 10),
                new CategoricalColumn("proto", List.of("tcp", "udp"))), MissingPolicy.IMPUTE);
        Provenance p = new Provenance("in.csv", "abc", "csv", 10, 9, 7, 1, 1, 42, Versions.all(), 1.5, Hashes.sha256(graph));
        BundleMetadata m = new BundleMetadata(BundleMetadata.FORMAT, BundleMetadata.FORMAT_VERSION, "net", "v1", "2026-01-01T00:00:00Z",
                spec, spec.featureNames(), new Threshold(0.5, 0.01, 0.01, 100), AladConfig.defaults(42), 4, 3, List.of(),
                Map.of("checkpoint_validation_auc", 0.9), p);
        return new ModelBundle(m, graph);
    }

    @Test
    void roundTripsThroughADirectory() throws Exception {
        byte[] graph = {1, 2, 3, 4};
        bundle(graph).save(dir);
        ModelBundle loaded = ModelBundle.load(dir);
        assertThat(loaded.graph()).isEqualTo(graph);
        assertThat(loaded.metadata()).isEqualTo(bundle(graph).metadata());
        String json = Files.readString(dir.resolve("model.json"));
        assertThat(json).contains("\"graph_sha256\"", "\"source_sha256\"", "\"seed\" : 42", "\"threshold\"", "\"versions\"");
    }

    @Test
    void keepsTheCalibrationScoresInModelJson() throws Exception {
        byte[] graph = {1, 2, 3, 4};
        CalibrationScores scores = CalibrationScores.of(new float[] {0.3f, 0.1f, 0.2f});
        new ModelBundle(bundle(graph).metadata().withCalibrationScores(scores), graph).save(dir);
        assertThat(Files.readString(dir.resolve("model.json")).replace(" ", "")).contains("\"calibration_scores\":[0.1,0.2,0.3]");
        assertThat(ModelBundle.load(dir).metadata().calibrationScores()).isEqualTo(scores);
    }

    @Test
    void aBundleWithoutCalibrationScoresAsOlderVersionsWroteLoadsWithNone() throws Exception {
        // bundle() has the shape ganwatch wrote before calibration scores were kept: the key is absent.
        byte[] graph = {1, 2, 3, 4};
        bundle(graph).save(dir);
        assertThat(Files.readString(dir.resolve("model.json"))).doesNotContain("calibration_scores");
        ModelBundle loaded = ModelBundle.load(dir);
        assertThat(loaded.metadata().calibrationScores()).isNull();
        assertThat(loaded.metadata().threshold()).isEqualTo(bundle(graph).metadata().threshold());
    }

    @Test
    void keepsTheTrainingProfileInModelJson() throws Exception {
        byte[] graph = {1, 2, 3, 4};
        float[][] rows = new float[40][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new float[] {i, i % 2 == 0 ? 1 : 0, i % 2 == 0 ? 0 : 1, 0};
        }
        BundleMetadata meta = bundle(graph).metadata();
        io.ganwatch.drift.TrainingProfile profile = io.ganwatch.drift.TrainingProfile.of(meta.features(), rows, 0.01);
        new ModelBundle(meta.withProfile(profile), graph).save(dir);
        assertThat(Files.readString(dir.resolve("model.json"))).contains("\"profile\"", "\"calibrated_fpr\"");
        assertThat(ModelBundle.load(dir).metadata().profile()).isEqualTo(profile);
    }

    @Test
    void aBundleWithoutAProfileAsOlderVersionsWroteLoadsWithNone() throws Exception {
        // bundle() has the shape ganwatch wrote before the profile was kept: the key is absent.
        byte[] graph = {1, 2, 3, 4};
        bundle(graph).save(dir);
        assertThat(Files.readString(dir.resolve("model.json"))).doesNotContain("\"profile\"");
        assertThat(ModelBundle.load(dir).metadata().profile()).isNull();
    }

    @Test
    void refusesAGraphWhoseHashDoesNotMatch() throws Exception {
        bundle(new byte[]{1, 2, 3, 4}).save(dir);
        Files.write(dir.resolve("model.onnx"), new byte[]{1, 2, 3, 5});
        assertThatThrownBy(() -> ModelBundle.load(dir)).isInstanceOf(BundleException.class)
                .hasMessageContaining("corrupt").hasMessageContaining("sha256");
    }

    @Test
    void refusesAMissingGraph() throws Exception {
        bundle(new byte[]{1}).save(dir);
        Files.delete(dir.resolve("model.onnx"));
        assertThatThrownBy(() -> ModelBundle.load(dir)).isInstanceOf(BundleException.class).hasMessageContaining("model.onnx");
    }

    @Test
    void refusesUnreadableMetadata() throws Exception {
        bundle(new byte[]{1}).save(dir);
        Files.writeString(dir.resolve("model.json"), "{ not json");
        assertThatThrownBy(() -> ModelBundle.load(dir)).isInstanceOf(BundleException.class).hasMessageContaining("unreadable model.json");
    }

    @Test
    void refusesANewerFormat() throws Exception {
        bundle(new byte[]{1}).save(dir);
        String json = Files.readString(dir.resolve("model.json")).replace("\"format_version\" : 1", "\"format_version\" : 99");
        Files.writeString(dir.resolve("model.json"), json);
        assertThatThrownBy(() -> ModelBundle.load(dir)).isInstanceOf(BundleException.class).hasMessageContaining("upgrade ganwatch");
    }

    @Test
    void refusesAThresholdChangedInModelJson() throws Exception {
        bundle(new byte[]{1, 2, 3, 4}).save(dir);
        edit("\"value\" : 0.5,", "\"value\" : 0.6,");
        assertThatThrownBy(() -> ModelBundle.load(dir)).isInstanceOf(BundleException.class)
                .hasMessageContaining("corrupt").hasMessageContaining("model.json was changed")
                .hasMessageContaining("metadata_sha256").hasMessageContaining("retrain");
    }

    @Test
    void refusesAFeatureCenterChangedInModelJson() throws Exception {
        bundle(new byte[]{1, 2, 3, 4}).save(dir);
        edit("\"center\" : 1.0,", "\"center\" : 7.0,");
        assertThatThrownBy(() -> ModelBundle.load(dir)).isInstanceOf(BundleException.class)
                .hasMessageContaining("model.json was changed");
    }

    @Test
    void refusesAModelJsonWhoseRecordedHashWasChanged() throws Exception {
        bundle(new byte[]{1, 2, 3, 4}).save(dir);
        ObjectNode tree = (ObjectNode) new ObjectMapper().readTree(dir.resolve("model.json").toFile());
        String recorded = tree.get("metadata_sha256").asText();
        edit(recorded, (recorded.charAt(0) == '0' ? "1" : "0") + recorded.substring(1));
        assertThatThrownBy(() -> ModelBundle.load(dir)).isInstanceOf(BundleException.class)
                .hasMessageContaining("model.json was changed");
    }

    @Test
    void theMetadataHashDoesNotDependOnLayout() throws Exception {
        // Key order, indentation and number spelling are not content: a tool that pretty-prints or
        // sorts the file must not make a good bundle unloadable.
        bundle(new byte[]{1, 2, 3, 4}).save(dir);
        ObjectMapper sorted = new ObjectMapper().configure(JsonNodeFeature.WRITE_PROPERTIES_SORTED, true);
        JsonNode tree = sorted.readTree(dir.resolve("model.json").toFile());
        String compact = sorted.writeValueAsString(tree);
        assertThat(compact).contains(":0.01,");
        Files.writeString(dir.resolve("model.json"), compact.replace(":0.01,", ":1.0E-2,"));
        assertThat(ModelBundle.load(dir).metadata()).isEqualTo(bundle(new byte[]{1, 2, 3, 4}).metadata());
    }

    @Test
    void aBundleFromBeforeTheMetadataHashLoadsWithAWarning() throws Exception {
        bundle(new byte[]{1, 2, 3, 4}).save(dir);
        ObjectMapper json = new ObjectMapper();
        ObjectNode tree = (ObjectNode) json.readTree(dir.resolve("model.json").toFile());
        tree.remove("metadata_sha256");
        Files.write(dir.resolve("model.json"), json.writeValueAsBytes(tree));
        try (CapturedLog log = new CapturedLog(ModelBundle.class)) {
            ModelBundle loaded = ModelBundle.load(dir);
            assertThat(loaded.metadata()).isEqualTo(bundle(new byte[]{1, 2, 3, 4}).metadata());
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).startsWith("WARN")
                    .contains(dir.toString(), "no metadata_sha256", "unverified", "retrain"));
        }
    }

    @Test
    void aBundleFromBeforeWeightAveragingLoadsAsTrainedWithout() throws Exception {
        bundle(new byte[]{1, 2, 3, 4}).save(dir);
        ObjectMapper json = new ObjectMapper();
        ObjectNode tree = (ObjectNode) json.readTree(dir.resolve("model.json").toFile());
        ObjectNode hyper = (ObjectNode) tree.get("hyper_parameters");
        assertThat(hyper.has("averageDecay")).isTrue();
        // As an older ganwatch wrote it: no such key, and the recorded hash of that document.
        hyper.remove("averageDecay");
        tree.remove("metadata_sha256");
        tree.put("metadata_sha256", MetadataHash.of(json.writeValueAsBytes(tree)));
        Files.write(dir.resolve("model.json"), json.writeValueAsBytes(tree));

        AladConfig loaded = ModelBundle.load(dir).metadata().hyperParameters();
        assertThat(loaded.averageDecay()).isZero();
        assertThat(loaded.prototypes()).isEqualTo(AladConfig.defaults(42).prototypes());
    }

    @Test
    void aVerifiedBundleLoadsWithoutAWarning() throws Exception {
        bundle(new byte[]{1, 2, 3, 4}).save(dir);
        try (CapturedLog log = new CapturedLog(ModelBundle.class)) {
            ModelBundle.load(dir);
            assertThat(log.lines()).noneMatch(line -> line.startsWith("WARN"));
        }
    }

    private void edit(String from, String to) throws Exception {
        String json = Files.readString(dir.resolve("model.json"));
        assertThat(json).contains(from);
        Files.writeString(dir.resolve("model.json"), json.replace(from, to));
    }

    @Test
    void refusesSomethingThatIsNotADirectory() {
        assertThatThrownBy(() -> ModelBundle.load(dir.resolve("nope"))).isInstanceOf(BundleException.class)
                .hasMessageContaining("not a directory");
    }
}
