package io.ganwatch.evaluation;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CurvesTest {

    @Test
    void smallExampleKeepsEveryPoint() {
        Curves c = Curves.of(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true});
        assertThat(c.rocFpr()).containsExactly(0, 0, 0.5, 0.5, 1);
        assertThat(c.rocTpr()).containsExactly(0, 0.5, 0.5, 1, 1);
        assertThat(c.prRecall()).containsExactly(1, 0.5, 0.5, 0);
        assertThat(c.prPrecision()[0]).isEqualTo(2.0 / 3.0);
        assertThat(c.prPrecision()[c.prPrecision().length - 1]).isEqualTo(1.0);
    }

    @Test
    void largeInputIsThinnedButKeepsBothEnds() {
        Random r = new Random(1);
        int n = 20_000;
        double[] s = new double[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextDouble() < 0.05;
            s[i] = r.nextGaussian() + (y[i] ? 2 : 0);
        }
        Curves c = Curves.of(s, y);
        assertThat(c.rocFpr()).hasSizeLessThanOrEqualTo(Curves.MAX_POINTS).hasSameSizeAs(c.rocTpr());
        assertThat(c.prRecall()).hasSizeLessThanOrEqualTo(Curves.MAX_POINTS).hasSameSizeAs(c.prPrecision());
        assertThat(c.rocFpr()[0]).isZero();
        assertThat(c.rocTpr()[0]).isZero();
        assertThat(c.rocFpr()[c.rocFpr().length - 1]).isEqualTo(1.0);
        assertThat(c.rocTpr()[c.rocTpr().length - 1]).isEqualTo(1.0);
        assertThat(c.prRecall()[0]).isEqualTo(1.0);
        assertThat(c.prRecall()[c.prRecall().length - 1]).isZero();
        for (int i = 1; i < c.rocFpr().length; i++) {
            assertThat(c.rocFpr()[i]).isGreaterThanOrEqualTo(c.rocFpr()[i - 1]);
        }
    }

    @Test
    void isImmutable() {
        Curves c = Curves.of(new double[] {0.1, 0.9}, new boolean[] {false, true});
        c.rocTpr()[0] = 42;
        assertThat(c.rocTpr()[0]).isZero();
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> Curves.of(new double[] {0.1, 0.2}, new boolean[] {false, false}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs both normal and anomalous rows");
        assertThatThrownBy(() -> Curves.of(new double[] {0.1}, new boolean[] {false, true}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Curves(new double[] {0, 1}, new double[] {0}, new double[] {1, 0},
                new double[] {1, 1})).isInstanceOf(IllegalArgumentException.class);
    }
}
