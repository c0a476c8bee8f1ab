package io.ganwatch.drift;

import io.ganwatch.features.CategoricalColumn;
import io.ganwatch.features.FeatureSpec;
import io.ganwatch.features.MissingPolicy;
import io.ganwatch.features.NumericColumn;
import io.ganwatch.model.ModelBundle;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** A profile of known rows has the deciles and shares worked out by hand, and survives JSON. */
class TrainingProfileTest {
    static final FeatureSpec SPEC = new FeatureSpec(List.of(new NumericColumn("x", false, 0, 1, 0, 1000),
            new CategoricalColumn("proto", List.of("tcp", "udp"))), MissingPolicy.IMPUTE);

    /** Rows 1..100 in x; proto tcp for the first 70, udp for the rest. */
    static float[][] rows() {
        float[][] rows = new float[100][];
        for (int i = 0; i < 100; i++) {
            rows[i] = new float[] {i + 1, i < 70 ? 1 : 0, i < 70 ? 0 : 1, 0};
        }
        return rows;
    }

    @Test
    void numericColumnsGetDecileEdgesAndEqualShares() {
        TrainingProfile p = TrainingProfile.of(SPEC, rows(), 0.01);
        ColumnProfile x = p.columns().get(0);
        assertThat(x.kind()).isEqualTo("numeric");
        // q * 99 / 10 rounded down: indices 9, 19, ... 89 of the sorted values 1..100
        assertThat(x.edges()).containsExactly(10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0);
        assertThat(x.shares()).hasSize(10).allSatisfy(s -> assertThat(s).isCloseTo(0.1, within(1e-12)));
        assertThat(p.rows()).isEqualTo(100);
        assertThat(p.calibratedFpr()).isEqualTo(0.01);
        assertThat(p.width()).isEqualTo(SPEC.width());
        assertThat(p.matches(SPEC)).isTrue();
    }

    @Test
    void categoricalColumnsGetTheShareOfEverySlotWithAnEmptyUnknownBucket() {
        ColumnProfile proto = TrainingProfile.of(SPEC, rows(), 0.01).columns().get(1);
        assertThat(proto.kind()).isEqualTo("categorical");
        assertThat(proto.edges()).isEmpty();
        assertThat(proto.shares()).containsExactly(0.7, 0.3, 0.0);
    }

    @Test
    void tiedValuesMergeEdgesSoAConstantColumnIsOneFullBin() {
        float[][] rows = rows();
        for (float[] r : rows) {
            r[0] = 3;
        }
        ColumnProfile x = TrainingProfile.of(SPEC, rows, 0.01).columns().get(0);
        assertThat(x.edges()).containsExactly(3.0);
        assertThat(x.shares()).containsExactly(1.0, 0.0);
    }

    @Test
    void roundTripsThroughTheBundleJsonMapper() throws Exception {
        TrainingProfile p = TrainingProfile.of(SPEC, rows(), 0.02);
        String json = ModelBundle.json().writeValueAsString(p);
        assertThat(json).contains("\"calibrated_fpr\"", "\"edges\"", "\"shares\"");
        assertThat(ModelBundle.json().readValue(json, TrainingProfile.class)).isEqualTo(p);
    }

    @Test
    void refusesSharesThatDoNotSumToOne() {
        assertThatThrownBy(() -> new ColumnProfile("x", "numeric", List.of(1.0), List.of(0.5, 0.2)))
                .hasMessageContaining("summing to").hasMessageContaining("retrain");
    }

    @Test
    void doesNotMatchASpecWithOtherColumns() {
        TrainingProfile p = TrainingProfile.of(SPEC, rows(), 0.01);
        FeatureSpec other = new FeatureSpec(List.of(new NumericColumn("y", false, 0, 1, 0, 1000),
                new CategoricalColumn("proto", List.of("tcp", "udp"))), MissingPolicy.IMPUTE);
        assertThat(p.matches(other)).isFalse();
    }
}
