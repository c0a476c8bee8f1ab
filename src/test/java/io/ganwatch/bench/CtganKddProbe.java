package io.ganwatch.bench;

import io.ganwatch.augment.SyntheticQuality;
import io.ganwatch.augment.gan.CtganConfig;
import io.ganwatch.augment.gan.CtganTrainer;
import io.ganwatch.augment.gan.GanColumn;
import io.ganwatch.augment.gan.OnnxCtganModel;
import io.ganwatch.input.InputFormat;
import io.ganwatch.input.Inputs;
import io.ganwatch.input.KddTableReader;
import io.ganwatch.input.Table;
import io.ganwatch.training.TrainingListener;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Scratch probe: CTGAN on KDDTrain+, quality of generated U2R/R2L rows and generation speed. */
public final class CtganKddProbe {
    public static void main(String[] args) {
        int epochs = Integer.parseInt(args[0]);
        int minutes = Integer.parseInt(args[1]);
        Path dir = Path.of(System.getProperty("ganwatch.datasets", "../shared/datasets"), "nslkdd");
        Table train = Inputs.read(dir.resolve("KDDTrain+.txt.gz"), InputFormat.KDD).dropColumns(Set.of(KddTableReader.DIFFICULTY));
        CtganConfig config = CtganConfig.defaults(epochs, Duration.ofMinutes(minutes), 1);
        long t0 = System.nanoTime();
        try (OnnxCtganModel model = (OnnxCtganModel) new CtganTrainer(config).train(train, "label", new TrainingListener() {
            @Override
            public void epoch(io.ganwatch.training.EpochStats s, boolean best) {
                System.out.printf("epoch %d critic %.3f gen %.3f at %.0f s%n", s.epoch(), s.discriminatorLoss(), s.generatorLoss(), s.seconds());
            }
        })) {
            System.out.printf("trained in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            int label = train.columnIndex("label");
            Set<List<Object>> seen = new HashSet<>();
            for (Table.Row r : train.rows()) {
                seen.add(Arrays.asList(normal(r.values())));
            }
            for (String[] family : new String[][]{{"buffer_overflow", "loadmodule", "perl", "rootkit"},
                    {"guess_passwd", "warezmaster", "warezclient", "imap", "ftp_write", "multihop", "phf", "spy"}}) {
                Set<String> fam = Set.of(family);
                List<Table.Row> real = train.rows().stream().filter(r -> fam.contains(String.valueOf(r.get(label)))).toList();
                List<Object[]> synth = new ArrayList<>();
                double agree = 0;
                for (String v : family) {
                    long n = real.stream().filter(r -> v.equals(r.get(label))).count();
                    OnnxCtganModel.Generated g = model.generate(v, (int) (n * 10), 5);
                    synth.addAll(g.values());
                    agree += g.agreement() * n;
                }
                double ks = 0;
                int nk = 0;
                double tv = 0;
                int nt = 0;
                StringBuilder worst = new StringBuilder();
                for (int c = 0; c < train.columns().size(); c++) {
                    if (c == label) {
                        continue;
                    }
                    final int cc = c;
                    if (model.transformer().columns().get(c) instanceof GanColumn.Continuous) {
                        double[] a = real.stream().mapToDouble(r -> ((Number) normal(r.values())[cc]).doubleValue()).toArray();
                        double[] b = synth.stream().mapToDouble(r -> (Double) r[cc]).toArray();
                        double k = SyntheticQuality.ksComplement(a, b);
                        ks += k;
                        nk++;
                        if (k < 0.8) {
                            worst.append(String.format(" %s=%.2f", train.columns().get(c), k));
                        }
                    } else {
                        tv += SyntheticQuality.tvComplement(real.stream().map(r -> String.valueOf(r.get(cc))).toList(),
                                synth.stream().map(r -> String.valueOf(r[cc])).toList());
                        nt++;
                    }
                }
                long copies = synth.stream().filter(s -> seen.contains(Arrays.asList(normal(s)))).count();
                System.out.printf("%s: %d real, %d synthetic, KS %.3f, TV %.3f, agreement %.3f, copies %d; low KS:%s%n",
                        family[0], real.size(), synth.size(), ks / nk, tv / nt, agree / real.size(), copies, worst);
            }
            for (int rep = 0; rep < 3; rep++) {
                long g0 = System.nanoTime();
                model.generate("buffer_overflow", 200_000, rep);
                System.out.printf("generation: %.0f rows/s%n", 200_000 / ((System.nanoTime() - g0) / 1e9));
            }
        }
    }

    private static Object[] normal(Object[] v) {
        Object[] o = new Object[v.length];
        for (int i = 0; i < v.length; i++) {
            Object x = v[i];
            if (x instanceof String s) {
                try {
                    x = Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    x = s;
                }
            }
            o[i] = x;
        }
        return o;
    }
}
