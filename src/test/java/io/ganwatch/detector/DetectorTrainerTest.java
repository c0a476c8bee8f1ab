package io.ganwatch.detector;

import io.ganwatch.features.MissingPolicy;
import io.ganwatch.input.InputException;
import io.ganwatch.input.Table;
import io.ganwatch.model.BundleMetadata;
import io.ganwatch.model.ScoringMethod;
import io.ganwatch.model.CalibrationScores;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.scoring.Device;
import io.ganwatch.scoring.ThresholdCalibrator;
import io.ganwatch.training.AladConfig;
import io.ganwatch.training.TrainingListener;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Training on small data: default settings adapt the batch size and epochs to the number of normal
 * rows, and a set too small to hold back rows for checkpoint and threshold is refused in one line.
 */
class DetectorTrainerTest {

    /** Two correlated numeric columns and a category: enough structure for a GAN to learn. */
    static Table connections(int n, long seed) {
        Random r = new Random(seed);
        List<Table.Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double d = Math.exp(r.nextGaussian() * 0.3);
            rows.add(new Table.Row(i + 2, new Object[]{d * 1000 * Math.exp(r.nextGaussian() * 0.1), d, i % 3 == 0 ? "udp" : "tcp"}));
        }
        return new Table("small.csv", List.of("bytes", "duration", "protocol"), rows);
    }

    static TrainingRequest request(Table table, AladConfig config) {
        return new TrainingRequest(table, "", "csv", null, Set.of(), MissingPolicy.IMPUTE, config, 0.01, "small");
    }

    /** Collects the lines a trainer shows before it starts. */
    static final class Notes implements TrainingListener {
        final List<String> lines = new ArrayList<>();

        @Override
        public void note(String line) {
            lines.add(line);
        }
    }

    @Test
    void sixtyNormalRowsTrainWithTheDefaultSettings() {
        Notes notes = new Notes();
        BundleMetadata m = DetectorTrainer.train(request(connections(60, 1), AladConfig.defaults(7)), notes).bundle().metadata();

        // 60 normal rows: 12 held back for the checkpoint, 12 for the threshold, 36 to fit.
        assertThat(m.provenance().normalRows()).isEqualTo(60);
        assertThat(m.provenance().checkpointRows()).isEqualTo(12);
        assertThat(m.provenance().calibrationRows()).isEqualTo(12);
        assertThat(m.provenance().trainRows()).isEqualTo(36);
        // The bundle records what was chosen, not "automatic": 36 / 8 ≈ 4 → the smallest batch, 8,
        // so 4 steps per epoch, and 60 epochs to reach the 240 steps a default large run gets.
        assertThat(m.hyperParameters().batchSize()).isEqualTo(8);
        assertThat(m.hyperParameters().epochs()).isEqualTo(60);
        assertThat(m.history()).hasSize(60);
        assertThat(m.threshold().value()).isFinite();
        assertThat(notes.lines).anySatisfy(l -> assertThat(l).contains("batch 8 and 60 epochs chosen for 36 training rows"));
    }

    @Test
    void theBundleScoresByDistanceToItsFittedRowsAndSaysSo() {
        // 300 rows: 30 + 30 held back, 240 fitted; --prototypes 100 keeps a sample of 100 of them.
        AladConfig d = AladConfig.defaults(3);
        AladConfig config = new AladConfig(d.epochs(), d.batchSize(), d.latentDim(), d.learningRate(), d.beta1(), 3,
                d.timeBudgetSeconds(), d.minSteps(), 100);
        ModelBundle bundle = DetectorTrainer.train(request(connections(300, 2), config), TrainingListener.NONE).bundle();
        ScoringMethod how = bundle.metadata().scoring();
        assertThat(how.method()).isEqualTo(ScoringMethod.KNN_FEATURES);
        assertThat(how.prototypes()).isEqualTo(100);
        assertThat(how.k()).isEqualTo(KnnHeads.DEFAULT_K);
        assertThat(how.alpha()).isEqualTo(KnnHeads.DEFAULT_ALPHA, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(bundle.metadata().hyperParameters().prototypes()).isEqualTo(100);
        assertThat(how.heldBack()).isFalse(); // 300 normal rows do not fit in 100: chosen among the fitted ones
        assertThat(how.prototypesChosen()).isEqualTo(ScoringMethod.DISTINCT_SAMPLE_AND_FARTHEST);
        // --prototype-choice SAMPLE reaches the head and the record; a bundle recorded before the setting reads the default.
        AladConfig sampleOnly = new AladConfig(d.epochs(), d.batchSize(), d.latentDim(), d.learningRate(), d.beta1(), 3,
                d.timeBudgetSeconds(), d.minSteps(), 100, 0, AladConfig.PrototypeChoice.SAMPLE);
        ModelBundle sampled = DetectorTrainer.train(request(connections(300, 2), sampleOnly), TrainingListener.NONE).bundle();
        assertThat(sampled.metadata().scoring().prototypesChosen()).isEqualTo(ScoringMethod.DISTINCT_SAMPLE);
        assertThat(sampled.metadata().hyperParameters().prototypeChoice()).isEqualTo(AladConfig.PrototypeChoice.SAMPLE);
        try {
            String old = ModelBundle.json().writeValueAsString(sampled.metadata().hyperParameters())
                    .replaceAll(",\\s*\"prototypeChoice\"\\s*:\\s*\"SAMPLE\"", "");
            assertThat(old).doesNotContain("prototypeChoice").contains("averageDecay");
            assertThat(ModelBundle.json().readValue(old, AladConfig.class).prototypeChoice())
                    .isEqualTo(AladConfig.PrototypeChoice.SAMPLE_AND_FARTHEST);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
        // Scaled on the checkpoint rows, a typical held-back normal row scores near 1: the calibration
        // rows (the other held-back part) have their median there too, give or take sampling.
        float[] cal = bundle.metadata().calibrationScores().values();
        assertThat(cal[cal.length / 2]).isBetween(0.6f, 1.6f);
        // A row far outside the data scores far above the threshold.
        Table far = new Table("far.csv", List.of("bytes", "duration", "protocol"),
                List.of(new Table.Row(2, new Object[]{5e6, 40.0, "tcp"})));
        try (Detector detector = new Detector(bundle, Device.CPU, bundle.metadata().threshold().value())) {
            assertThat((double) detector.score(far, false).scores()[0]).isGreaterThan(3 * bundle.metadata().threshold().value());
        }
        // The setting is checked where it is made.
        assertThatThrownBy(() -> new AladConfig(0, 0, 0, 1e-4, 0.5, 1, 0, 0, 5))
                .hasMessageContaining("prototypes must be at least 10");
    }

    @Test
    void whereAllNormalRowsFitTheyAreAllPrototypesAndTheThresholdIsCalibratedAsForNewRows() throws Exception {
        ModelBundle bundle = DetectorTrainer.train(request(connections(1500, 8), new AladConfig(3, 32, 0, 1e-3, 0.5, 3, 0, 0)),
                TrainingListener.NONE).bundle();
        BundleMetadata m = bundle.metadata();
        assertThat(m.scoring().prototypes()).isEqualTo(m.provenance().normalRows()).isEqualTo(1500);
        assertThat(m.scoring().heldBack()).isTrue();
        assertThat(m.scoring().prototypesChosen()).isEqualTo(ScoringMethod.EVERY_NORMAL_ROW);
        // The calibration rows are prototypes too. Scored leaving themselves out, they score as new normal rows do;
        // scored as they are, each would find itself at distance 0 among its 5 nearest and score about a fifth lower.
        float[] cal = m.calibrationScores().values().clone();
        assertThat(cal).hasSize(150);
        java.util.Arrays.sort(cal);
        try (Detector detector = new Detector(bundle, Device.CPU, m.threshold().value())) {
            float[] fresh = detector.score(connections(3000, 9), false).scores();
            java.util.Arrays.sort(fresh);
            assertThat(fresh[1500] / cal[75]).isBetween(0.87f, 1.15f);
            int above = 0;
            for (float f : fresh) {
                above += f > cal[134] ? 1 : 0; // the calibration rows' 90th percentile
            }
            assertThat(above / 3000.0).isBetween(0.05, 0.16);
        }
        // A model.json written before the fields were recorded reads as false, and as not saying how they were chosen.
        String json = ModelBundle.json().writeValueAsString(m.scoring())
                .replaceAll(",\\s*\"held_back_rows_are_prototypes\"\\s*:\\s*true", "")
                .replaceAll(",\\s*\"prototypes_chosen\"\\s*:\\s*\"[^\"]*\"", "");
        assertThat(json).doesNotContain("held_back_rows_are_prototypes").doesNotContain("prototypes_chosen").contains("knn_weight");
        ScoringMethod old = ModelBundle.json().readValue(json, ScoringMethod.class);
        assertThat(old.heldBack()).isFalse();
        assertThat(old.prototypesChosen()).isNull();
    }

    @Test
    void theBundleKeepsItsCalibrationScoresAndTheDetectorGivesPValues() {
        Table table = connections(300, 5);
        ModelBundle bundle = DetectorTrainer.train(request(table, new AladConfig(3, 32, 0, 1e-3, 0.5, 3, 0, 0)),
                TrainingListener.NONE).bundle();
        BundleMetadata m = bundle.metadata();
        CalibrationScores cal = m.calibrationScores();
        assertThat(cal).isNotNull();
        assertThat(cal.size()).isEqualTo(m.provenance().calibrationRows()).isEqualTo(30);
        // The kept scores are the ones the threshold was calibrated on.
        assertThat(ThresholdCalibrator.calibrate(cal.values(), m.threshold().targetFpr())).isEqualTo(m.threshold());

        try (Detector detector = new Detector(bundle, Device.CPU, m.threshold().value())) {
            float[] scores = detector.score(table, false).scores();
            for (float s : scores) {
                int atOrAbove = 0;
                for (float c : cal.values()) {
                    atOrAbove += c >= s ? 1 : 0;
                }
                assertThat(detector.pValue(s)).isEqualTo((1.0 + atOrAbove) / 31);
            }
            assertThat(detector.pValue(Float.MAX_VALUE)).isEqualTo(1.0 / 31);
        }
        // A bundle as written before the scores were kept scores as before, with no p-values.
        try (Detector old = new Detector(new ModelBundle(m.withCalibrationScores(null), bundle.graph()), Device.CPU,
                m.threshold().value())) {
            assertThat(old.pValue(1.0)).isNull();
        }
    }

    @Test
    void explicitBatchSizeAndEpochsWin() {
        Notes notes = new Notes();
        BundleMetadata m = DetectorTrainer.train(request(connections(60, 2), new AladConfig(2, 16, 0, 1e-3, 0.5, 3, 0, 0)), notes)
                .bundle().metadata();
        assertThat(m.hyperParameters().batchSize()).isEqualTo(16);
        assertThat(m.hyperParameters().epochs()).isEqualTo(2);
        assertThat(m.history()).hasSize(2);
        assertThat(notes.lines).noneSatisfy(l -> assertThat(l).contains("chosen"));
    }

    @Test
    void fortyNineNormalRowsAreRefusedInOneLine() {
        assertThatThrownBy(() -> DetectorTrainer.train(request(connections(49, 3), AladConfig.defaults(7)), TrainingListener.NONE))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("49 normal rows")
                .hasMessageContaining("at least 50")
                .hasMessageNotContaining("\n");
    }

    @Test
    void anExplicitBatchTooLargeForTheDataIsRefusedNamingTheFlag() {
        assertThatThrownBy(() -> DetectorTrainer.train(request(connections(60, 4), new AladConfig(2, 256, 0, 1e-3, 0.5, 3, 0, 0)),
                TrainingListener.NONE))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("60 normal rows")
                .hasMessageContaining("--batch-size");
    }
}
