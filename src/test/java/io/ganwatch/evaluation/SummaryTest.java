package io.ganwatch.evaluation;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SummaryTest {
    private static final double EPS = 1e-12;

    private final List<Metrics> runs = List.of(
            new Metrics(0.8, 0.5, 0.4, 0.6, 0.48, 0.5, 1.0, 100, 10),
            new Metrics(0.9, 0.6, 0.5, 0.7, 0.58, 0.6, 2.0, 100, 10),
            new Metrics(1.0, 0.7, 0.6, 0.8, 0.68, 0.7, 3.0, 100, 11));

    @Test
    void meanAveragesEveryField() {
        Metrics m = Summary.mean(runs);
        assertThat(m.rocAuc()).isCloseTo(0.9, within(EPS));
        assertThat(m.prAuc()).isCloseTo(0.6, within(EPS));
        assertThat(m.precision()).isCloseTo(0.5, within(EPS));
        assertThat(m.recall()).isCloseTo(0.7, within(EPS));
        assertThat(m.f1()).isCloseTo(0.58, within(EPS));
        assertThat(m.f1AtContamination()).isCloseTo(0.6, within(EPS));
        assertThat(m.threshold()).isCloseTo(2.0, within(EPS));
        assertThat(m.rows()).isEqualTo(100);
        assertThat(m.anomalies()).isEqualTo(10); // 10.33 rounds to 10
    }

    @Test
    void stdIsTheSampleStandardDeviationKeyedBySnakeCase() {
        Map<String, Double> s = Summary.std(runs);
        assertThat(s.keySet()).containsExactly("roc_auc", "pr_auc", "precision", "recall", "f1",
                "f1_at_contamination", "threshold", "rows", "anomalies");
        assertThat(s.get("roc_auc")).isCloseTo(0.1, within(EPS));
        assertThat(s.get("threshold")).isCloseTo(1.0, within(EPS));
        assertThat(s.get("rows")).isZero();
        assertThat(s.get("anomalies")).isCloseTo(Math.sqrt(1.0 / 3.0), within(EPS));
    }

    @Test
    void oneRunHasUndefinedSpread() {
        assertThat(Summary.std(runs.subList(0, 1)).values()).allMatch(v -> v.isNaN());
        assertThat(Summary.mean(runs.subList(0, 1))).isEqualTo(runs.get(0));
    }

    @Test
    void rejectsNoRuns() {
        assertThatThrownBy(() -> Summary.mean(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Summary.std(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
