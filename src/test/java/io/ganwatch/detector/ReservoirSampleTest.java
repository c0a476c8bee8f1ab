package io.ganwatch.detector;

import io.ganwatch.features.FeatureEncoder;
import io.ganwatch.features.FeatureSpec;
import io.ganwatch.features.MissingPolicy;
import io.ganwatch.features.NumericColumn;
import io.ganwatch.input.RowSource;
import io.ganwatch.input.Table;
import io.ganwatch.model.BundleMetadata;
import io.ganwatch.training.AladConfig;
import io.ganwatch.training.TrainingListener;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The pass-2 reservoir behind {@code --max-rows} and the automatic sample. */
class ReservoirSampleTest {
    private static final int ROWS = 10_000;
    private static final int KEPT = 100;

    /** Rows whose only column is their own index, labelled normal except every tenth row. */
    private static Table indexed() {
        List<Table.Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            rows.add(new Table.Row(i + 2, new Object[] {(double) i, i % 10 == 9 ? "attack" : "normal"}));
        }
        return new Table("indexed.csv", List.of("id", "label"), rows);
    }

    /** The ids of the normal rows kept with {@code seed}, sorted; the identity encoding makes them readable. */
    private static int[] kept(Table table, long seed) {
        FeatureEncoder identity = new FeatureEncoder(new FeatureSpec(
                List.of(new NumericColumn("id", false, 0, 1, 0, 1e6)), MissingPolicy.IMPUTE));
        DetectorTrainer.Encoded encoded = new DetectorTrainer.Encoded(new Labels("label", "normal"), identity,
                new DetectorTrainer.Plan(KEPT, 5, 4096, null, null), seed);
        RowSource.of(table).forEach(encoded);
        assertThat(encoded.anomalies.size()).isEqualTo(5);
        for (int i = 0; i < encoded.anomalies.size(); i++) {
            assertThat((int) encoded.anomalies.get(i, 0) % 10).isEqualTo(9); // anomalies went to their own reservoir
        }
        return java.util.stream.IntStream.range(0, encoded.normal.size()).map(i -> (int) encoded.normal.get(i, 0))
                .sorted().toArray();
    }

    @Test
    void theSameSeedKeepsTheSameRowsAndAnotherSeedOthers() {
        Table table = indexed();
        int[] first = kept(table, 42);

        assertThat(first).hasSize(KEPT).doesNotHaveDuplicates();
        assertThat(Arrays.stream(first)).allMatch(id -> id % 10 != 9); // only normal rows
        assertThat(kept(table, 42)).containsExactly(first);
        assertThat(kept(table, 43)).isNotEqualTo(first);
    }

    @Test
    void everyPartOfTheFileIsKeptAsOften() {
        Table table = indexed();
        int[] perTenth = new int[10];
        int seeds = 200;
        for (long seed = 0; seed < seeds; seed++) {
            for (int id : kept(table, seed)) {
                perTenth[id * 10 / ROWS]++;
            }
        }
        // 2,000 expected per tenth, standard deviation about 42: 15 % is seven of them, and a
        // reservoir that favoured early or late rows (the classic mistake) misses it by far.
        for (int count : perTenth) {
            assertThat(count).isBetween(1700, 2300);
        }
    }

    @Test
    void maxRowsTrainsOnTheSampleAndProvenanceSaysSo() {
        Table table = indexed();
        TrainingRequest req = new TrainingRequest(RowSource.of(table), "", "csv", new Labels("label", "normal"), Set.of(),
                MissingPolicy.IMPUTE, new AladConfig(1, 32, 0, 1e-3, 0.5, 3, 0, 0), 0.01, "sampled", 500);

        BundleMetadata m = DetectorTrainer.train(req, TrainingListener.NONE).bundle().metadata();

        assertThat(m.provenance().rowsRead()).isEqualTo(ROWS);
        assertThat(m.provenance().normalRows()).isEqualTo(9_000);
        assertThat(m.provenance().trainRows() + m.provenance().checkpointRows() + m.provenance().calibrationRows()).isEqualTo(500);
        assertThat(m.provenance().sampling()).isEqualTo(new io.ganwatch.model.Provenance.Sampling("reservoir (Algorithm R)",
                9_000, 500, 1_000, 1_000, 3, "--max-rows 500"));
    }
}
