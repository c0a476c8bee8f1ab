package io.ganwatch.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ganwatch.input.InputException;
import io.ganwatch.input.InputFormat;
import io.ganwatch.input.Inputs;
import io.ganwatch.input.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The ADBench suite beside the peers: archives named by {@code --dataset}, the peers' output read,
 * and ganwatch trained on exactly the rows the peers' script wrote.
 */
class PeersSplitTest {
    private static final Path DATA = Path.of(System.getProperty("ganwatch.datasets", "../shared/datasets"));

    @TempDir
    Path dir;

    @Test
    void aSplitFolderGivesTheNormalTrainingRowsAndTheLabelledTestRows() throws Exception {
        Path seed = Files.createDirectories(dir.resolve("tiny").resolve("seed2"));
        Files.writeString(seed.resolve("train.csv"), "f0,f1,label\n1,2,0\n3,4,1\n5,6,0\n");
        Files.writeString(seed.resolve("test.csv"), "f0,f1,label\n7,8,1\n9,10,0\n");
        Split s = Protocol.loadAdbench(Files.writeString(dir.resolve("tiny.npz"), "not read when splits are given"), dir).split(2);
        assertThat(s.train().columns()).containsExactly("f0", "f1");
        assertThat(s.train().rows()).extracting(r -> r.get(0).toString()).containsExactly("1", "5");
        assertThat(s.test().size()).isEqualTo(2);
        assertThat(s.testAnomalies()).containsExactly(true, false);
        assertThatThrownBy(() -> Protocol.loadAdbench(dir.resolve("tiny.npz"), dir).split(3))
                .isInstanceOf(InputException.class).hasMessageContaining("--write-splits");
    }

    @Test
    void adbenchNamesEveryArchiveAndAStemNamesOne() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("adbench"));
        Files.writeString(folder.resolve("6_cardio.npz"), "x");
        Files.writeString(folder.resolve("38_thyroid.npz"), "x");
        Files.writeString(folder.resolve("README.md"), "x");
        assertThat(AdbenchSuite.archives("adbench", dir)).extracting(p -> p.getFileName().toString())
                .containsExactly("38_thyroid.npz", "6_cardio.npz");
        assertThat(AdbenchSuite.archives("6_cardio", dir)).hasSize(1);
        assertThat(AdbenchSuite.names("6_cardio", dir)).isTrue();
        assertThat(AdbenchSuite.names("thyroid", dir)).as("the fixed alias stays a fixed set").isFalse();
        assertThatThrownBy(() -> AdbenchSuite.archives("7_nothing", dir)).hasMessageContaining("stem of an archive");
    }

    @Test
    void thePeersLineIsReadPeerByPeerWithTheBest() throws Exception {
        PeerDetectors.Result r = PeerDetectors.Result.of(new ObjectMapper().readTree("{\"dataset\": \"x\", \"rows\": 10, "
                + "\"iforest\": {\"roc_auc\": 0.9, \"pr_auc\": 0.5, \"roc_auc_per_seed\": [0.9]}, "
                + "\"knn\": {\"roc_auc\": 0.8, \"pr_auc\": 0.6, \"roc_auc_per_seed\": [0.8]}, "
                + "\"best\": {\"peer\": \"iforest\", \"roc_auc\": 0.9, \"pr_auc\": 0.6}}"));
        assertThat(r.perPeer()).containsOnlyKeys("iforest", "knn");
        assertThat(r.perPeer().get("knn")).containsExactly(0.8, 0.6);
        assertThat(r.bestPeer()).isEqualTo("iforest");
        assertThat(r.bestPr()).isEqualTo(0.6);
    }

    /** The real script on a real archive: the rows ganwatch trains on are the 70% of normal rows the peers trained on. */
    @Test
    void thePeersScriptWritesTheSplitsGanwatchTrainsOn() {
        Path npz = DATA.resolve("adbench/4_breastw.npz");
        assumeTrue(Files.isRegularFile(npz), "skipping: " + npz + " not found (set -Dganwatch.datasets=DIR)");
        StringBuilder why = new StringBuilder();
        PeerDetectors peers = PeerDetectors.beside(DATA, why);
        assumeTrue(peers != null, "skipping: " + why);
        PeerDetectors.Result r = peers.run(npz, 1, dir);
        assertThat(r.perPeer()).containsOnlyKeys("iforest", "ocsvm", "lof", "knn");
        assertThat(r.bestRoc()).isBetween(0.9, 1.0);

        Split s = Protocol.loadAdbench(npz, dir).split(1);
        Table all = Inputs.read(npz, InputFormat.NPZ);
        int y = all.columnIndex("y");
        long normal = all.rows().stream().filter(row -> ((Number) row.get(y)).doubleValue() == 0).count();
        long anomalies = all.size() - normal;
        assertThat(s.train().size() + s.test().size() - countTrue(s.testAnomalies()))
                .as("every normal row is in the normal training rows or the test rows").isEqualTo(normal);
        assertThat((double) countTrue(s.testAnomalies())).isCloseTo(0.3 * anomalies, org.assertj.core.data.Offset.offset(1.0));
        assertThat(s.train().columns()).hasSize(all.columns().size() - 1);
    }

    private static long countTrue(boolean[] b) {
        long n = 0;
        for (boolean x : b) {
            n += x ? 1 : 0;
        }
        return n;
    }
}
