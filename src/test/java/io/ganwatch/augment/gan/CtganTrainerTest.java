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
            // Noise and decoding run on several threads: the rows must still depend on the seed only.
            OnnxCtganModel.Generated again = onnx.generate("rare", 1000, 11);
            assertThat(again.values()).usingElementComparator(CtganTrainerTest::compareRows).isEqualTo(rare.values());
            assertThat(onnx.generate("rare", 1000, 12).values()).usingElementComparator(CtganTrainerTest::compareRows)
                    .isNotEqualTo(rare.values());
            Table sampled = model.sample(Map.of("rare", 50, "common", 30), 3);
            assertThat(sampled.size()).isEqualTo(80);
            assertThat(sampled.rows().stream().filter(r -> "rare".equals(r.get(3))).count()).isEqualTo(50);
        }
    }

    private static int compareRows(Object[] a, Object[] b) {
        return Arrays.equals(a, b) ? 0 : 1;
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }
}
