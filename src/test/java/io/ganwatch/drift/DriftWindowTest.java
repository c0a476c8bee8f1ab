package io.ganwatch.drift;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PSI is near 0 on the training distribution and large on a shifted one; the ring forgets old traffic. */
class DriftWindowTest {
    private static final long SEED = 11;

    /** Training: x ~ N(0, 1); proto tcp 70%, udp 30%. */
    private static float[] row(Random r, double shift, double unseen) {
        double u = r.nextDouble();
        boolean unknown = u < unseen;
        boolean tcp = !unknown && r.nextDouble() < 0.7;
        return new float[] {(float) (r.nextGaussian() + shift), tcp ? 1 : 0, !unknown && !tcp ? 1 : 0, unknown ? 1 : 0};
    }

    private static TrainingProfile profile() {
        Random r = new Random(SEED);
        float[][] rows = new float[20_000][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = row(r, 0, 0);
        }
        return TrainingProfile.of(TrainingProfileTest.SPEC, rows, 0.01);
    }

    private static DriftReport fill(DriftWindow w, Random r, int n, double shift, double unseen) {
        for (int i = 0; i < n; i++) {
            w.add(row(r, shift, unseen), false, 1000 + i);
        }
        return w.report("m", "v1", "i", 0.01, 0.2, 1000 + n);
    }

    @Test
    void theSameDistributionHasAPsiNearZeroAndNamesNoColumn() {
        DriftReport rep = fill(new DriftWindow(profile(), DriftWindowConfig.DEFAULT), new Random(SEED + 1), 10_000, 0, 0);
        assertThat(rep.rows()).isEqualTo(10_000);
        assertThat(rep.columns()).allSatisfy(c -> assertThat(c.psi()).isBetween(0.0, 0.01));
        assertThat(rep.columnsOverLimit()).isEmpty();
        assertThat(rep.columns().get(1).unseenShare()).isZero();
    }

    @Test
    void aShiftedColumnHasALargePsiAndIsTheOnlyOneNamed() {
        DriftReport rep = fill(new DriftWindow(profile(), DriftWindowConfig.DEFAULT), new Random(SEED + 2), 10_000, 1.0, 0);
        assertThat(rep.columns().get(0).psi()).isGreaterThan(0.5);
        assertThat(rep.columns().get(1).psi()).isLessThan(0.01);
        assertThat(rep.columnsOverLimit()).containsExactly("x");
    }

    @Test
    void countsTheShareOfUnseenCategories() {
        DriftReport rep = fill(new DriftWindow(profile(), DriftWindowConfig.DEFAULT), new Random(SEED + 3), 10_000, 0, 0.05);
        ColumnDrift proto = rep.columns().get(1);
        assertThat(proto.unseenShare()).isBetween(0.04, 0.06);
        assertThat(proto.psi()).isGreaterThan(0.2); // the unknown bucket was empty in training
        assertThat(rep.columnsOverLimit()).containsExactly("proto");
    }

    @Test
    void theRingDropsOldSubWindowsSoOnlyRecentTrafficCounts() {
        DriftWindow w = new DriftWindow(profile(), DriftWindowConfig.ofRows(1000));
        Random r = new Random(SEED + 4);
        DriftReport shifted = fill(w, r, 1000, 3.0, 0);
        assertThat(shifted.columnsOverLimit()).containsExactly("x");
        // a full window of ordinary traffic pushes every shifted slice out
        DriftReport after = fill(w, r, 1000, 0, 0);
        assertThat(after.rows()).isEqualTo(1000);
        assertThat(after.columns().get(0).psi()).isLessThan(0.05);
        assertThat(after.columnsOverLimit()).isEmpty();
        // bounded: never more than the configured size
        fill(w, r, 55, 0, 0);
        assertThat(w.rows(0)).isBetween(900L, 1000L);
    }

    @Test
    void aDurationWindowForgetsRecordsOlderThanItsSpan() {
        DriftWindow w = new DriftWindow(profile(), DriftWindowConfig.ofDuration(Duration.ofSeconds(10)));
        Random r = new Random(SEED + 5);
        for (int i = 0; i < 2000; i++) {
            w.add(row(r, 0, 0), false, i * 10L); // 20 s of traffic, 100 records a second
        }
        assertThat(w.rows(20_000)).isBetween(900L, 1100L);
        assertThat(w.rows(60_000)).isZero();
    }

    @Test
    void theAlertRateIsTheShareOfRecordsThatAlerted() {
        DriftWindow w = new DriftWindow(profile(), DriftWindowConfig.DEFAULT);
        Random r = new Random(SEED + 6);
        for (int i = 0; i < 2000; i++) {
            w.add(row(r, 0, 0), i % 40 == 0, i);
        }
        DriftReport rep = w.report("m", "v1", "i", 0.01, 0.2, 2000);
        assertThat(rep.alertRate()).isEqualTo(0.025);
        assertThat(rep.expectedFpr()).isEqualTo(0.01);
        assertThat(rep.windowStartMs()).isZero();
        assertThat(rep.windowEndMs()).isEqualTo(1999);
    }

    @Test
    void tooFewRecordsNameNoColumnEvenWhenShifted() {
        DriftReport rep = fill(new DriftWindow(profile(), DriftWindowConfig.DEFAULT), new Random(SEED + 7), 200, 3.0, 0);
        assertThat(rep.columns().get(0).psi()).isGreaterThan(0.2);
        assertThat(rep.columnsOverLimit()).isEmpty();
    }

    @Test
    void refusesAWindowWithBothOrNeitherSize() {
        assertThatThrownBy(() -> new DriftWindowConfig(100, Duration.ofMinutes(1), 10)).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> new DriftWindowConfig(0, null, 10)).hasMessageContaining("exactly one");
    }
}
