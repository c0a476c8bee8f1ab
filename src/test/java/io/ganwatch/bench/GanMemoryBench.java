package io.ganwatch.bench;

import io.ganwatch.augment.gan.CtganConfig;
import io.ganwatch.augment.gan.CtganModel;
import io.ganwatch.augment.gan.CtganTrainer;
import io.ganwatch.benchmark.NslKddFamilies;
import io.ganwatch.input.InputFormat;
import io.ganwatch.input.Inputs;
import io.ganwatch.input.KddTableReader;
import io.ganwatch.input.Table;
import io.ganwatch.training.EpochStats;
import io.ganwatch.training.TrainingListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Memory during CTGAN training on KDDTrain+: the process's resident set (which includes PyTorch's
 * native tensors, invisible to the Java heap) after every epoch. Flat means the per-step DJL
 * managers and the hand-written gradient penalty free what each step allocates.
 *
 * <p>Run: {@code mvn -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java
 * -Dexec.mainClass=io.ganwatch.bench.GanMemoryBench -Dexec.classpathScope=test -Dexec.args=4}
 * (minutes of training).
 */
public final class GanMemoryBench {
    private GanMemoryBench() {
    }

    /** Argument: minutes of training (default 4). */
    public static void main(String[] args) {
        int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        Path dir = Path.of(System.getProperty("ganwatch.datasets", "../shared/datasets"), "nslkdd");
        Table train = NslKddFamilies.relabel(Inputs.read(dir.resolve("KDDTrain+.txt.gz"), InputFormat.KDD)
                .dropColumns(Set.of(KddTableReader.DIFFICULTY)), KddTableReader.LABEL);
        System.out.printf("before training: RSS %d MB%n", rssMb());
        try (CtganModel model = new CtganTrainer(CtganConfig.defaults(300, Duration.ofMinutes(minutes), 1))
                .train(train, KddTableReader.LABEL, new TrainingListener() {
                    @Override
                    public void epoch(EpochStats s, boolean best) {
                        Runtime rt = Runtime.getRuntime();
                        System.out.printf("epoch %d at %.0f s: RSS %d MB, Java heap used %d MB%n", s.epoch(), s.seconds(), rssMb(),
                                (rt.totalMemory() - rt.freeMemory()) >> 20);
                    }
                })) {
            System.out.printf("after training: RSS %d MB (%d epochs)%n", rssMb(), model.history().size());
        }
    }

    private static long rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
