package io.ganwatch.bench;

import io.ganwatch.augment.gan.CtganConfig;
import io.ganwatch.augment.gan.CtganModel;
import io.ganwatch.augment.gan.CtganTrainer;
import io.ganwatch.benchmark.NslKddFamilies;
import io.ganwatch.input.InputFormat;
import io.ganwatch.input.Inputs;
import io.ganwatch.input.KddTableReader;
import io.ganwatch.input.Table;
import io.ganwatch.training.TrainingListener;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Generation speed alone: a GAN trained for one epoch on KDDTrain+ (speed does not depend on how
 * well it is trained), then rows/s of {@code CtganModel.sample} (noise, ONNX Runtime, decoding)
 * against raw ONNX Runtime on the same graph, alternating, in the same run.
 *
 * <p>Run: {@code mvn -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java
 * -Dexec.mainClass=io.ganwatch.bench.GenerationBench -Dexec.classpathScope=test}
 */
public final class GenerationBench {
    private GenerationBench() {
    }

    /** No arguments. */
    public static void main(String[] args) {
        Path dir = Path.of(System.getProperty("ganwatch.datasets", "../shared/datasets"), "nslkdd");
        Table train = NslKddFamilies.relabel(Inputs.read(dir.resolve("KDDTrain+.txt.gz"), InputFormat.KDD)
                .dropColumns(Set.of(KddTableReader.DIFFICULTY)), KddTableReader.LABEL);
        try (CtganModel model = new CtganTrainer(CtganConfig.defaults(1, Duration.ofMinutes(5), 1))
                .train(train, KddTableReader.LABEL, TrainingListener.NONE)) {
            model.sample(Map.of("u2r", 20_000), 0);
            for (int round = 1; round <= 3; round++) {
                long t0 = System.nanoTime();
                int n = model.sample(Map.of("u2r", 200_000), round).size();
                double full = n / ((System.nanoTime() - t0) / 1e9);
                double raw = AugmentBench.rawOnnxRuntime(model.onnx(), 200_000);
                System.out.printf("round %d: generation %.0f rows/s, raw ONNX Runtime %.0f rows/s, ratio %.2f%n",
                        round, full, raw, full / raw);
            }
        }
    }
}
