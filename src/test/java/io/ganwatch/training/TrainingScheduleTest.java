package io.ganwatch.training;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The batch size and epochs chosen for a data size, and that given values are kept. */
class TrainingScheduleTest {
    private static final AladConfig AUTO = AladConfig.defaults(1);

    @Test
    void smallSetsGetSmallBatchesAndMoreEpochs() {
        // breastw's split: 311 normal rows, 249 left to fit; 249 / 8 ≈ 31 → 32; 7 steps → 35 epochs (245 steps).
        TrainingSchedule s = TrainingSchedule.of(AUTO, 249);
        assertThat(s.batchSize()).isEqualTo(32);
        assertThat(s.epochs()).isEqualTo(35);
        assertThat(s.describe()).startsWith("batch 32 and 35 epochs chosen for 249 training rows");
        // The smallest set that trains: 50 normal rows, 30 to fit: batch 8 (3 steps), 80 epochs.
        TrainingSchedule tiny = TrainingSchedule.of(AUTO, 30);
        assertThat(tiny.batchSize()).isEqualTo(8);
        assertThat(tiny.epochs()).isEqualTo(80);
    }

    @Test
    void everyAutomaticScheduleHasSeveralStepsAnEpochAndAtLeast240Steps() {
        for (int rows = 30; rows <= 100_000; rows += rows / 7 + 1) {
            TrainingSchedule s = TrainingSchedule.of(AUTO, rows);
            int steps = rows / s.batchSize();
            assertThat(steps).as("steps per epoch for %d rows", rows).isGreaterThanOrEqualTo(3);
            assertThat((long) steps * s.epochs()).as("steps for %d rows", rows).isGreaterThanOrEqualTo(240);
            assertThat(s.epochs()).isGreaterThanOrEqualTo(30);
            assertThat(Integer.bitCount(s.batchSize())).as("batch %d is a power of two", s.batchSize()).isEqualTo(1);
        }
    }

    @Test
    void largeSetsKeepTheOldDefaultsOfBatch256And30Epochs() {
        for (int rows : new int[] {2048, 2060, 10_000, 400_000}) {
            TrainingSchedule s = TrainingSchedule.of(AUTO, rows);
            assertThat(s.batchSize()).as("batch for %d rows", rows).isEqualTo(256);
            assertThat(s.epochs()).as("epochs for %d rows", rows).isEqualTo(30);
        }
    }

    @Test
    void givenValuesWinAndAreNotReportedAsChosen() {
        AladConfig given = new AladConfig(3, 64, 0, 1e-3, 0.5, 7, 0, 0);
        TrainingSchedule s = TrainingSchedule.of(given, 249);
        assertThat(s.batchSize()).isEqualTo(64);
        assertThat(s.epochs()).isEqualTo(3);
        assertThat(s.choseAnything()).isFalse();
        assertThat(s.applyTo(given)).isEqualTo(given);
        // Only the batch left automatic: epochs kept, batch chosen and said so.
        TrainingSchedule half = TrainingSchedule.of(new AladConfig(5, 0, 0, 1e-3, 0.5, 7, 0, 0), 249);
        assertThat(half.batchSize()).isEqualTo(32);
        assertThat(half.epochs()).isEqualTo(5);
        assertThat(half.describe()).startsWith("batch 32 chosen for 249");
    }

    @Test
    void theResolvedConfigKeepsEverythingElse() {
        AladConfig auto = new AladConfig(0, 0, 6, 2e-4, 0.4, 9, 12.5, 1000);
        AladConfig resolved = TrainingSchedule.of(auto, 1000).applyTo(auto);
        assertThat(resolved).isEqualTo(new AladConfig(35, 128, 6, 2e-4, 0.4, 9, 12.5, 1000));
    }

    @Test
    void rejectsNoRowsAndNegativeSettings() {
        assertThatThrownBy(() -> TrainingSchedule.of(AUTO, 0)).hasMessageContaining("no training rows");
        assertThatThrownBy(() -> new AladConfig(-1, 0, 0, 1e-3, 0.5, 1, 0, 0)).hasMessageContaining("0 for automatic");
        assertThatThrownBy(() -> new AladConfig(0, 1, 0, 1e-3, 0.5, 1, 0, 0)).hasMessageContaining("0 for automatic");
    }
}
