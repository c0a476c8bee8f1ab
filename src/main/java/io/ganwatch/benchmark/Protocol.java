package io.ganwatch.benchmark;

import io.ganwatch.detector.Labels;
import io.ganwatch.input.InputException;
import io.ganwatch.input.InputFormat;
import io.ganwatch.input.Inputs;
import io.ganwatch.input.KddTableReader;
import io.ganwatch.input.Table;
import io.ganwatch.training.Permutations;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The evaluation protocols of {@code ../shared/datasets/README.md}, so results compare with
 * published numbers:
 * <ul>
 *   <li>KDD99 (DAGMM/ALAD): roles swapped, "normal" rows are anomalies; random 50/50 split; train
 *       on the non-anomalous rows of the first half; test on the second half (about 20% anomalies).</li>
 *   <li>NSL-KDD: train on the normal rows of KDDTrain+, test on all of KDDTest+.</li>
 *   <li>ADBench: stratified 70/30 split; train on the normal rows of the 70%; test on the 30%.</li>
 * </ul>
 */
public final class Protocol {
    private static final String NPZ_LABEL = "y";
    /** The label column of the peers' split files (1 = anomaly). */
    private static final String SPLIT_LABEL = "label";
    /** KDD99 and NSL-KDD label every connection; "normal" is the only benign label. */
    private static final Labels KDD_LABELS = new Labels(KddTableReader.LABEL, "normal");

    private Protocol() {
    }

    /** Reads what the data set needs once; {@link Loaded#split(long)} then makes each seed's split. */
    public static Loaded load(BenchmarkDataset dataset, Path dataDir) {
        if (dataset == BenchmarkDataset.ADBENCH) {
            throw new IllegalArgumentException("adbench is a suite of archives: load each with loadAdbench");
        }
        Path file = dataDir.resolve(dataset.file());
        if (!Files.isRegularFile(file)) {
            throw new InputException(file.toString(), 0, null, "not found; pass --data-dir pointing at the shared datasets folder"
                    + " (the one holding kdd99/, nslkdd/, adbench/)");
        }
        switch (dataset) {
            case KDD99:
                return new Loaded(dataset, dataset.toString(), Inputs.read(file, InputFormat.KDD), null, null);
            case NSLKDD:
                return new Loaded(dataset, dataset.toString(), Inputs.read(file, InputFormat.KDD),
                        Inputs.read(dataDir.resolve("nslkdd/KDDTest+.txt.gz"), InputFormat.KDD), null);
            default:
                return new Loaded(dataset, dataset.toString(), Inputs.read(file, InputFormat.NPZ), null, null);
        }
    }

    /**
     * An ADBench archive ({@code X}, {@code y}) under the ADBench protocol. With {@code splits}, each
     * seed's rows are not drawn here but read from {@code splits/<stem>/seed<S>/{train,test}.csv}, the
     * files {@code detect_peers.py --write-splits} writes, so that ganwatch and the peers see the same
     * rows; the archive is then not read at all.
     *
     * @param npz    the archive
     * @param splits the peers' split folder, or {@code null} to draw the split here
     */
    public static Loaded loadAdbench(Path npz, Path splits) {
        if (!Files.isRegularFile(npz)) {
            throw new InputException(npz.toString(), 0, null, "not found; pass --data-dir pointing at the shared datasets folder"
                    + " (the one holding adbench/) and a --dataset that is the stem of one of its archives");
        }
        return new Loaded(BenchmarkDataset.ADBENCH, stem(npz), splits == null ? Inputs.read(npz, InputFormat.NPZ) : null, null,
                splits);
    }

    /** The file name without its extension: {@code 23_mammography} for {@code 23_mammography.npz}. */
    public static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /**
     * The files of one data set, read once.
     *
     * @param dataset which protocol
     * @param name    the data set's name in output and provenance ({@code kdd99}, {@code 38_thyroid}, ...)
     * @param main    the (training) file, or {@code null} when the rows come from {@code splits}
     * @param test    the separate test file (NSL-KDD) or {@code null}
     * @param splits  the peers' split folder ({@link #loadAdbench}), or {@code null}
     */
    public record Loaded(BenchmarkDataset dataset, String name, Table main, Table test, Path splits) {
        /** The split for one seed. */
        public Split split(long seed) {
            if (splits != null) {
                return peersSplit(seed);
            }
            switch (dataset) {
                case KDD99:
                    return kdd99(seed);
                case NSLKDD:
                    return nslkdd();
                default:
                    return adbench(seed);
            }
        }

        private Split kdd99(long seed) {
            boolean[] attack = KDD_LABELS.anomalies(main);
            int[] order = Permutations.of(main.size(), seed);
            int half = main.size() / 2;
            List<Table.Row> train = new ArrayList<>();
            List<Table.Row> test = new ArrayList<>();
            List<Boolean> flags = new ArrayList<>();
            for (int i = 0; i < order.length; i++) {
                // roles swapped: the "normal" connections are the anomalies of this protocol
                boolean anomaly = !attack[order[i]];
                if (i < half) {
                    if (!anomaly) {
                        train.add(main.rows().get(order[i]));
                    }
                } else {
                    test.add(main.rows().get(order[i]));
                    flags.add(anomaly);
                }
            }
            boolean[] testFlags = new boolean[flags.size()];
            for (int i = 0; i < testFlags.length; i++) {
                testFlags[i] = flags.get(i);
            }
            return new Split(stripKdd(main.withRows(train)), stripKdd(main.withRows(test)), testFlags);
        }

        private Split nslkdd() {
            boolean[] attack = KDD_LABELS.anomalies(main);
            List<Table.Row> train = new ArrayList<>();
            for (int i = 0; i < attack.length; i++) {
                if (!attack[i]) {
                    train.add(main.rows().get(i));
                }
            }
            return new Split(stripKdd(main.withRows(train)), stripKdd(test), KDD_LABELS.anomalies(test));
        }

        private Split peersSplit(long seed) {
            Path dir = splits.resolve(name).resolve("seed" + seed);
            Path trainFile = dir.resolve("train.csv");
            Path testFile = dir.resolve("test.csv");
            if (!Files.isRegularFile(trainFile) || !Files.isRegularFile(testFile)) {
                throw new InputException(dir.toString(), 0, null, "has no train.csv and test.csv; write the splits with"
                        + " detect_peers.py --seeds 1,2,3 --write-splits " + splits + " (or drop --splits)");
            }
            Labels labels = new Labels(SPLIT_LABEL, "0");
            Table train = Inputs.read(trainFile, InputFormat.CSV);
            boolean[] trainAnomalies = labels.anomalies(train);
            List<Table.Row> normal = new ArrayList<>();
            for (int i = 0; i < trainAnomalies.length; i++) {
                if (!trainAnomalies[i]) {
                    normal.add(train.rows().get(i));
                }
            }
            Table test = Inputs.read(testFile, InputFormat.CSV);
            Set<String> drop = Set.of(SPLIT_LABEL);
            return new Split(train.withRows(normal).dropColumns(drop), test.dropColumns(drop), labels.anomalies(test));
        }

        private Split adbench(long seed) {
            int y = main.columnIndex(NPZ_LABEL);
            List<Table.Row> normal = new ArrayList<>();
            List<Table.Row> anomalous = new ArrayList<>();
            for (Table.Row r : main.rows()) {
                (((Number) r.get(y)).doubleValue() != 0 ? anomalous : normal).add(r);
            }
            // Stratified: 70/30 within each class, each shuffled with the seed.
            Random random = new Random(seed);
            Collections.shuffle(normal, random);
            Collections.shuffle(anomalous, random);
            int nTrain = (int) Math.round(normal.size() * 0.7);
            int aTrain = (int) Math.round(anomalous.size() * 0.7);
            List<Table.Row> test = new ArrayList<>(normal.subList(nTrain, normal.size()));
            test.addAll(anomalous.subList(aTrain, anomalous.size()));
            boolean[] flags = new boolean[test.size()];
            for (int i = normal.size() - nTrain; i < flags.length; i++) {
                flags[i] = true;
            }
            Set<String> drop = Set.of(NPZ_LABEL);
            return new Split(main.withRows(normal.subList(0, nTrain)).dropColumns(drop), main.withRows(test).dropColumns(drop), flags);
        }
    }

    private static Table stripKdd(Table t) {
        return t.dropColumns(Set.of(KddTableReader.LABEL, KddTableReader.DIFFICULTY));
    }
}
