package io.ganwatch.augment.gan;

import io.ganwatch.input.Table;
import io.ganwatch.training.TrainingListener;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trains the conditional GAN on a generated table whose two classes differ in every column, and
 * checks that generation conditioned on each class reproduces that class, including the rare one.
 */
class CtganTrainerTest {

    /** Common class: x ≈ N(0, 1), y ∈ {0, 1}, colour mostly red. Rare class (5%): x ≈ N(6, 0.5), y = 3, colour blue. */
    static Table twoClasses(int rows, long seed) {
        Random r = new Random(seed);
        List<Table.Row> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            boolean rare = i % 20 == 0;
            double x = rare ? 6 + 0.5 * r.nextGaussian() : r.nextGaussian();
            double y = rare ? 3 : r.nextInt(2);
            String colour = rare ? "blue" : (r.nextDouble() < 0.8 ? "red" : "green");
            out.add(new Table.Row(i + 1, new Object[]{x, y, colour, rare ? "rare" : "common"}));
        }
        return new Table("generated", List.of("x", "y", "colour", "label"), out);
    }

    @Test
    void generationConditionedOnTheRareClassYieldsRowsOfThatClass() {
        Table table = twoClasses(2000, 1);
        CtganConfig config = new CtganConfig(30, 200, 10, 32, new int[]{64, 64}, new int[]{64, 64},
                2e-3, 0.5, 0.9, 10, 10, Duration.ofMinutes(2), 7);
        try (CtganModel model = new CtganTrainer(config).train(table, "label", TrainingListener.NONE)) {
            OnnxCtganModel onnx = (OnnxCtganModel) model;
            OnnxCtganModel.Generated rare = onnx.generate("rare", 1000, 11);
            OnnxCtganModel.Generated common = onnx.generate("common", 1000, 12);
            double[] rareX = rare.values().stream().mapToDouble(v -> (Double) v[0]).toArray();
            double[] commonX = common.values().stream().mapToDouble(v -> (Double) v[0]).toArray();
            long blue = rare.values().stream().filter(v -> "blue".equals(v[2])).count();
            long rareY3 = rare.values().stream().filter(v -> (Double) v[1] == 3.0).count();
            System.out.printf("rare x mean %.2f, common x mean %.2f, blue %d, y=3 %d, agreement %.2f / %.2f%n",
                    mean(rareX), mean(commonX), blue, rareY3, rare.agreement(), common.agreement());
            assertThat(rare.agreement()).isGreaterThan(0.9);
            assertThat(common.agreement()).isGreaterThan(0.9);
            assertThat(mean(rareX)).isBetween(5.0, 7.0);
            assertThat(mean(commonX)).isBetween(-1.0, 1.0);
            assertThat(blue).isGreaterThan(800);
            assertThat(rareY3).isGreaterThan(800);
            assertThat(model.history()).isNotEmpty();
            // The trained generator reaches most of both classes' neighbourhoods in the validation sample.
            GanEpoch last = model.history().get(model.history().size() - 1);
            assertThat(last.epoch()).isEqualTo(30);
            System.out.printf("coverage by epoch: %s%n", model.history().stream().filter(e -> !Double.isNaN(e.coverage()))
                    .map(e -> e.epoch() + "=" + String.format("%.3f", e.coverage())).toList());
            assertThat(last.coverage()).isGreaterThan(0.5);
            // Noise and decoding run on several threads: the rows must still depend on the seed only.
            OnnxCtganModel.Generated again = onnx.generate("rare", 1000, 11);
            assertThat(again.values()).usingElementComparator(CtganTrainerTest::compareRows).isEqualTo(rare.values());
            assertThat(onnx.generate("rare", 1000, 12).values()).usingElementComparator(CtganTrainerTest::compareRows)
                    .isNotEqualTo(rare.values());
            // Past one chunk the buffers ONNX Runtime writes into are reused: the rows still depend on the seed only,
            // and the first chunk's rows do not depend on what follows.
            int chunks = OnnxCtganModel.CHUNK + 300;
            List<Object[]> long1 = onnx.generate("rare", chunks, 11).values();
            assertThat(long1).hasSize(chunks);
            assertThat(onnx.generate("rare", chunks, 11).values()).usingElementComparator(CtganTrainerTest::compareRows)
                    .isEqualTo(long1);
            assertThat(onnx.generate("rare", OnnxCtganModel.CHUNK, 11).values()).usingElementComparator(CtganTrainerTest::compareRows)
                    .isEqualTo(long1.subList(0, OnnxCtganModel.CHUNK));
            assertThat(long1.subList(OnnxCtganModel.CHUNK, chunks).stream().filter(v -> "blue".equals(v[2])).count())
                    .as("the rows of the shorter last chunk are the rare class's too").isGreaterThan(240);
            // The exported generator is the moving average of the weights; the last weights are kept for comparison.
            try (OnnxCtganModel lastWeights = onnx.lastWeights()) {
                OnnxCtganModel.Generated lastRare = lastWeights.generate("rare", 1000, 11);
                assertThat(lastRare.agreement()).isGreaterThan(0.9);
                assertThat(lastRare.values()).usingElementComparator(CtganTrainerTest::compareRows).isNotEqualTo(rare.values());
            }
            // Sampled at temperature 0 from noise truncated near 0, the rare class collapses onto (nearly) one row:
            // one mode per column, and an offset that hardly moves.
            Sampling narrow = new Sampling(0, 1e-3);
            double[] sharpX = onnx.generate("rare", 1000, 11, narrow).values().stream().mapToDouble(v -> (Double) v[0]).toArray();
            System.out.printf("rare x sd: %.4f as trained, %.4f at temperature 0 from noise within ±0.001%n", sd(rareX), sd(sharpX));
            assertThat(sd(sharpX)).isLessThan(0.05 * sd(rareX));
            assertThat(onnx.generate("rare", 1000, 11, Sampling.AS_TRAINED).values()).usingElementComparator(CtganTrainerTest::compareRows)
                    .isEqualTo(rare.values());
            assertThat(sd(model.sample(Map.of("rare", 1000), 11, narrow).rows().stream().mapToDouble(r -> (Double) r.get(0))
                    .toArray())).isLessThan(0.05 * sd(rareX));
            Table sampled = model.sample(Map.of("rare", 50, "common", 30), 3);
            assertThat(sampled.size()).isEqualTo(80);
            assertThat(sampled.rows().stream().filter(r -> "rare".equals(r.get(3))).count()).isEqualTo(50);
        }
    }

    /** A clock that moves {@code tick} per reading, whatever the machine's load: where the budget ends is then fixed. */
    static java.util.function.LongSupplier ticking(Duration tick) {
        long[] now = {0};
        return () -> now[0] += tick.toNanos();
    }

    /**
     * The budget counts from the start of {@code train}: the step that ends past it is the last one,
     * the result says so, and the weights it left generate.
     */
    @Test
    void trainingStopsAtTheFirstStepPastItsTimeBudgetAndSaysSoButNotWhenItsEpochsEndFirst() {
        Table table = twoClasses(600, 2);
        CtganConfig endless = new CtganConfig(1_000_000, 200, 10, 16, new int[]{32}, new int[]{32},
                2e-3, 0.5, 0.9, 10, 4, Duration.ofSeconds(1), 3);
        int[] steps = {0};
        TrainingListener counting = new TrainingListener() {
            @Override
            public void step(int epoch, int step, double discriminatorLoss, double generatorLoss) {
                steps[0]++;
            }
        };
        // 10 ms a reading: start, set-up check and log line read it (readings 1-3), then each step once, each epoch's
        // end once, and a coverage measurement twice (before and after, so it takes one tick) after epochs 1, 5, 10, ...
        // and the last. Epoch 1 ends at reading 9, epoch 20 at 93 (16 epochs of 4 readings, 4 measured ones of 6).
        // After the first measurement the budget leaves one tick for the last: training stops at the step that reads
        // 990 ms after the start, reading 100, which is step 3 of epoch 22 (21 epochs of 3 steps, and 3 steps).
        try (CtganModel model = new CtganTrainer(endless, io.ganwatch.scoring.Device.CPU, ticking(Duration.ofMillis(10)))
                .train(table, "label", counting)) {
            assertThat(model.stoppedByTimeBudget()).isTrue();
            assertThat(steps[0]).isEqualTo(66);
            assertThat(model.history()).hasSize(22); // the cut-short epoch 22 included
            assertThat(model.history().stream().filter(e -> !Double.isNaN(e.coverage())).map(GanEpoch::epoch))
                    .as("the first epoch, every fifth and the last, cut short by the budget").containsExactly(1, 5, 10, 15, 20, 22);
            assertThat(model.history().get(model.history().size() - 1).seconds()).as("the last measurement within the budget")
                    .isLessThanOrEqualTo(1.02);
            assertThat(model.sample(Map.of("rare", 5), 1).size()).as("the weights at the budget generate").isEqualTo(5);
        }
        CtganConfig two = new CtganConfig(2, 200, 10, 16, new int[]{32}, new int[]{32}, 2e-3, 0.5, 0.9, 10, 4,
                Duration.ofMinutes(2), 3);
        try (CtganModel model = new CtganTrainer(two).train(table, "label", TrainingListener.NONE)) {
            assertThat(model.stoppedByTimeBudget()).isFalse();
            assertThat(model.history()).hasSize(2);
            assertThat(model.history()).allSatisfy(e -> assertThat(e.coverage()).as("first and last epoch").isBetween(0.0, 1.0));
        }
    }

    /**
     * Fine-tuning takes over at its share of the steps when the epochs end before the budget, and changes what
     * is trained; a value the rows lack is refused before training.
     */
    @Test
    void fineTuningOnTheMinorityStartsAtItsShareOfTheStepsAndNamesWhatItTunesOn() {
        Table table = twoClasses(600, 2);
        // 600 rows in batches of 200: 3 steps an epoch, 12 in all; half of them is 6, so it starts at epoch 3 step 1.
        CtganConfig four = new CtganConfig(4, 200, 10, 16, new int[]{32}, new int[]{32}, 2e-3, 0.5, 0.9, 10, 4,
                Duration.ofMinutes(10), 3);
        try (io.ganwatch.testing.CapturedLog log = new io.ganwatch.testing.CapturedLog(CtganTrainer.class);
             CtganModel tuned = new CtganTrainer(four.withFineTune(0.5)).train(table, "label", java.util.Set.of("rare"),
                     TrainingListener.NONE);
             CtganModel plain = new CtganTrainer(four).train(table, "label", java.util.Set.of("rare"), TrainingListener.NONE)) {
            assertThat(log.lines()).filteredOn(l -> l.contains("fine-tuning"))
                    .containsExactly("INFO CTGAN: fine-tuning on label = [rare] from epoch 3 step 1");
            assertThat(tuned.fineTune()).isEqualTo(new MinorityFineTune(java.util.Set.of("rare"), 0.5));
            assertThat(plain.fineTune()).as("settings without fine-tuning ignore the minority").isNull();
            assertThat(tuned.history()).hasSize(4);
            assertThat(tuned.sample(Map.of("rare", 200), 1).rows()).usingElementComparator((a, b) -> Arrays.equals(a.values(), b.values()) ? 0 : 1)
                    .as("the same seed, trained otherwise").isNotEqualTo(plain.sample(Map.of("rare", 200), 1).rows());
        }
        // One step in all: none is left to fine-tune in after the general one, and the model does not claim it was.
        CtganConfig oneStep = new CtganConfig(1, 600, 10, 16, new int[]{32}, new int[]{32}, 2e-3, 0.5, 0.9, 10, 4,
                Duration.ofMinutes(10), 3).withFineTune(0.5);
        try (io.ganwatch.testing.CapturedLog log = new io.ganwatch.testing.CapturedLog(CtganTrainer.class);
             CtganModel untuned = new CtganTrainer(oneStep).train(table, "label", java.util.Set.of("rare"), TrainingListener.NONE)) {
            assertThat(untuned.fineTune()).isNull();
            assertThat(log.lines()).contains("WARN CTGAN: fine-tuning on label = [rare] never started: training ended first;"
                    + " give it more epochs or a longer budget");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CtganTrainer(four.withFineTune(0.2)).train(table, "label",
                        java.util.Set.of("scarce"), TrainingListener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no training row has label = scarce; fine-tune on a value the training rows hold");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CtganTrainer(four.withFineTune(0.2)).train(table, "label",
                        TrainingListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("fine-tuning on the minority needs its label values");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> four.withFineTune(-0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the fine-tuning share of the budget must be 0 (none) or a share of the time budget in (0, 0.9], was -0.1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MinorityFineTune(java.util.Set.of("rare"), 0.95))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the fine-tuning share of the budget must be 0 (none) or a share of the time budget in (0, 0.9], was 0.95");
    }

    @Test
    void aSetUpThatUsesTheWholeBudgetStopsBeforeTrainingWithAReason() {
        CtganConfig config = new CtganConfig(10, 200, 10, 16, new int[]{32}, new int[]{32}, 2e-3, 0.5, 0.9, 10, 4,
                Duration.ofSeconds(5), 3);
        int[] steps = {0};
        TrainingListener counting = new TrainingListener() {
            @Override
            public void step(int epoch, int step, double discriminatorLoss, double generatorLoss) {
                steps[0]++;
            }
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CtganTrainer(config, io.ganwatch.scoring.Device.CPU,
                        ticking(Duration.ofSeconds(5))).train(twoClasses(600, 2), "label", counting))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the GAN's time budget of 5 s ran out in its set-up (fitting and encoding 600 rows took 5.0 s),"
                        + " before any training; ask for a longer time budget, or sample the source down");
        assertThat(steps[0]).isZero();
    }

    private static int compareRows(Object[] a, Object[] b) {
        return Arrays.equals(a, b) ? 0 : 1;
    }

    private static double sd(double[] v) {
        double m = mean(v);
        return Math.sqrt(java.util.Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / v.length);
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }
}
