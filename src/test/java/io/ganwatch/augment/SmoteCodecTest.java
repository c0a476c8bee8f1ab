package io.ganwatch.augment;

import io.ganwatch.features.FeatureSpec;
import io.ganwatch.features.FeatureSpecLearner;
import io.ganwatch.features.RawValues;
import io.ganwatch.input.Table;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SmoteCodecTest {
    private static final Table TRAIN = AugmentTables.table("train.csv", 100, 40, 3);
    private static final Set<String> MINORITY = Set.of("fraud_a", "fraud_b");

    private static SmoteCodec codec(Table train) {
        FeatureSpec spec = FeatureSpecLearner.excluding(Set.of("label")).learn(train);
        return SmoteCodec.learn(train, MinorityLabels.minorityRows(train, "label", MINORITY), "label", spec);
    }

    @Test
    void decodeOfEncodeGivesTheRowsBackForNumericAndCategoricalColumns() {
        Table minority = MinorityLabels.minorityRows(TRAIN, "label", MINORITY);
        SmoteCodec codec = codec(TRAIN);
        assertThat(codec.width()).isEqualTo(2 + 2); // amount, attempts, channel one-hot over {pos, web}
        List<String> labels = minority.rows().stream().map(r -> (String) r.get(3)).toList();
        Table back = codec.decode(codec.encode(minority), labels, "smote");
        assertThat(back.columns()).isEqualTo(TRAIN.columns());
        for (int i = 0; i < minority.size(); i++) {
            Object[] in = minority.rows().get(i).values();
            Object[] out = back.rows().get(i).values();
            assertThat((Double) out[0]).isCloseTo(Double.parseDouble((String) in[0]), within(1e-9));
            assertThat((Double) out[1]).isEqualTo(Double.parseDouble((String) in[1])); // whole numbers: exact
            assertThat(out[2]).isEqualTo(in[2]);
            assertThat(out[3]).isEqualTo(in[3]);
        }
    }

    @Test
    void anInterpolatedVectorDecodesToWholeNumbersAndTheNearerCategory() {
        SmoteCodec codec = codec(TRAIN);
        Table minority = MinorityLabels.minorityRows(TRAIN, "label", MINORITY);
        double[][] v = codec.encode(minority);
        // A point 30% of the way from row a to row b: the categorical block is 0.7 a + 0.3 b.
        double[] a = v[0];
        double[] b = v[1];
        double[] x = new double[a.length];
        for (int f = 0; f < x.length; f++) {
            x[f] = a[f] + 0.3 * (b[f] - a[f]);
        }
        Object[] row = codec.decode(new double[][] {x}, List.of("fraud_a"), "smote").rows().get(0).values();
        double attempts = (Double) row[1];
        assertThat(attempts).isEqualTo(Math.rint(attempts));
        assertThat(row[2]).isEqualTo(minority.rows().get(0).get(2));
        assertThat((Double) row[0]).isBetween(
                Math.min(num(minority, 0, 0), num(minority, 1, 0)) - 1e-9, Math.max(num(minority, 0, 0), num(minority, 1, 0)) + 1e-9);
    }

    @Test
    void missingValuesRoundTripAsMissingCategoryAndMeanNumber() {
        List<Table.Row> rows = new ArrayList<>(TRAIN.rows());
        Table.Row last = rows.get(rows.size() - 1);
        Object[] v = last.values().clone();
        v[2] = "";
        rows.set(rows.size() - 1, new Table.Row(last.line(), v));
        Table train = TRAIN.withRows(rows);
        SmoteCodec codec = codec(train);
        Table minority = MinorityLabels.minorityRows(train, "label", MINORITY);
        Table back = codec.decode(codec.encode(minority), Collections.nCopies(minority.size(), "fraud_b"), "smote");
        assertThat(back.rows().get(back.size() - 1).get(2)).isNull();
        assertThat(RawValues.isMissing(back.rows().get(0).get(2))).isFalse();
    }

    private static double num(Table t, int row, int col) {
        return Double.parseDouble((String) t.rows().get(row).get(col));
    }
}
