package io.ganwatch.experiments;

import io.ganwatch.augment.ColumnQuality;
import io.ganwatch.augment.MinorityLabels;
import io.ganwatch.augment.QualityEvaluator;
import io.ganwatch.augment.QualityScores;
import io.ganwatch.augment.classify.DetectionAuc;
import io.ganwatch.augment.gan.CtganConfig;
import io.ganwatch.augment.gan.CtganModel;
import io.ganwatch.augment.gan.CtganTrainer;
import io.ganwatch.benchmark.NslKddFamilies;
import io.ganwatch.features.FeatureEncoder;
import io.ganwatch.features.FeatureSpecLearner;
import io.ganwatch.input.InputFormat;
import io.ganwatch.input.Inputs;
import io.ganwatch.input.KddTableReader;
import io.ganwatch.input.Table;
import io.ganwatch.training.TrainingListener;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Trains the conditional GAN on NSL-KDD's training rows (families as labels, as {@code AugmentBench}
 * does) and writes, per family, the real minority rows and 1,000 generated rows, both encoded by the
 * job's encoder, as CSV with the feature names: material for asking offline which features make the
 * generated rows easy to tell from real ones, and why their coverage is low. It also prints each
 * column's KSComplement or TVComplement, worst first.
 *
 * <p>Arguments: output folder, GAN time budget in minutes, seed. Reads {@code ganwatch.datasets}
 * (default ../shared/datasets).
 */
public final class GanRowsDump {
    private static final String LABEL = KddTableReader.LABEL;

    private GanRowsDump() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        int minutes = Integer.parseInt(args[1]);
        long seed = Long.parseLong(args[2]);
        Path dir = Path.of(System.getProperty("ganwatch.datasets", "../shared/datasets")).resolve("nslkdd");
        Table train = NslKddFamilies.relabel(Inputs.read(dir.resolve("KDDTrain+.txt.gz"), InputFormat.KDD)
                .dropColumns(Set.of(KddTableReader.DIFFICULTY)), LABEL);
        FeatureEncoder encoder = new FeatureEncoder(FeatureSpecLearner.excluding(Set.of(LABEL)).learn(train));
        Files.createDirectories(out);
        try (CtganModel model = new CtganTrainer(CtganConfig.defaults(300, Duration.ofMinutes(minutes), seed))
                .train(train, LABEL, TrainingListener.NONE)) {
            System.out.printf("trained %d epochs%n", model.history().size());
            for (String family : List.of("u2r", "r2l")) {
                Table real = MinorityLabels.minorityRows(train, LABEL, Set.of(family));
                Table made = model.sample(Map.of(family, 1000), seed);
                write(out.resolve(family + "-real.csv"), encoder, real);
                write(out.resolve(family + "-gan.csv"), encoder, made);
                QualityScores q = new QualityEvaluator(encoder, DetectionAuc.defaults()).evaluate(real, made, null, LABEL, seed);
                System.out.printf(Locale.ROOT, "%s: KS %.3f TV %.3f detection %.3f density %.3f coverage %.3f%n", family,
                        q.ksComplement(), q.tvComplement(), q.detectionAuc(), q.density(), q.coverage());
                q.columns().stream().sorted(Comparator.comparingDouble(ColumnQuality::score)).limit(15)
                        .forEach(c -> System.out.printf(Locale.ROOT, "  %-28s %s %.3f%n", c.column(),
                                c.categorical() ? "TV" : "KS", c.score()));
            }
        }
    }

    private static void write(Path file, FeatureEncoder encoder, Table rows) {
        float[][] encoded = encoder.encode(rows);
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            w.println(String.join(",", encoder.spec().featureNames()));
            for (float[] r : encoded) {
                StringBuilder sb = new StringBuilder();
                for (int j = 0; j < r.length; j++) {
                    sb.append(j == 0 ? "" : ",").append(r[j]);
                }
                w.println(sb);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
