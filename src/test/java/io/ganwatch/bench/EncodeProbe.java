package io.ganwatch.bench;

import io.ganwatch.augment.gan.GanColumn;
import io.ganwatch.augment.gan.TabularTransformer;
import io.ganwatch.input.InputFormat;
import io.ganwatch.input.Inputs;
import io.ganwatch.input.KddTableReader;
import io.ganwatch.input.Table;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

/** Scratch: checks the CTGAN encoding of KDDTrain+ for non-finite values. */
public final class EncodeProbe {
    public static void main(String[] args) {
        Path dir = Path.of("../shared/datasets/nslkdd");
        Table train = Inputs.read(dir.resolve("KDDTrain+.txt.gz"), InputFormat.KDD).dropColumns(Set.of(KddTableReader.DIFFICULTY));
        long t0 = System.nanoTime();
        TabularTransformer t = TabularTransformer.fit(train, "label", 10, 1);
        System.out.printf("fit %.1f s%n", (System.nanoTime() - t0) / 1e9);
        t0 = System.nanoTime();
        TabularTransformer.Encoded e = t.encode(train, 1);
        System.out.printf("encode %.1f s%n", (System.nanoTime() - t0) / 1e9);
        long bad = 0;
        float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
        for (float f : e.data()) {
            if (!Float.isFinite(f)) bad++;
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        System.out.println("non-finite " + bad + " min " + min + " max " + max);
        for (GanColumn c : t.columns()) {
            if (c instanceof GanColumn.Continuous cc) {
                System.out.println(c.name() + " modes " + cc.mixture().modes() + " means " + Arrays.toString(cc.mixture().means())
                        + " stds " + Arrays.toString(cc.mixture().stds()) + " w " + Arrays.toString(cc.mixture().weights()));
            }
        }
    }
}
