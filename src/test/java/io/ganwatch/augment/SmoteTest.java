package io.ganwatch.augment;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmoteTest {
    private static double[][] minority() {
        Random r = new Random(1);
        double[][] m = new double[30][3];
        for (double[] row : m) {
            for (int f = 0; f < 3; f++) {
                row[f] = r.nextGaussian() * (f + 1);
            }
        }
        return m;
    }

    @Test
    void everySyntheticPointLiesOnASegmentBetweenAMinorityRowAndOneOfItsKNearestNeighbours() {
        double[][] m = minority();
        int[][] nn = Smote.neighbours(m, 5);
        double[][] synth = new Smote(5, 7).generate(m, 500);
        assertThat(synth).hasNumberOfRows(500);
        for (double[] x : synth) {
            boolean onSegment = false;
            for (int i = 0; i < m.length && !onSegment; i++) {
                for (int j : nn[i]) {
                    if (onSegment(m[i], m[j], x)) {
                        onSegment = true;
                        break;
                    }
                }
            }
            assertThat(onSegment).as("point %s is on a neighbour segment", java.util.Arrays.toString(x)).isTrue();
        }
    }

    /** x = a + t (b − a) for one t in [0, 1], in every coordinate. */
    private static boolean onSegment(double[] a, double[] b, double[] x) {
        double t = Double.NaN;
        for (int f = 0; f < a.length; f++) {
            double d = b[f] - a[f];
            if (Math.abs(d) < 1e-12) {
                if (Math.abs(x[f] - a[f]) > 1e-9) {
                    return false;
                }
                continue;
            }
            double tf = (x[f] - a[f]) / d;
            if (Double.isNaN(t)) {
                t = tf;
            } else if (Math.abs(tf - t) > 1e-9) {
                return false;
            }
        }
        return Double.isNaN(t) || (t >= -1e-12 && t <= 1 + 1e-12);
    }

    @Test
    void nearestNeighboursExcludeTheRowItselfAndAreTheClosest() {
        double[][] line = {{0}, {1}, {3}, {10}};
        int[][] nn = Smote.neighbours(line, 2);
        assertThat(nn[0]).containsExactly(1, 2);
        assertThat(nn[3]).containsExactly(2, 1);
    }

    @Test
    void isReproducibleFromTheSeed() {
        assertThat(new Smote(5, 3).generate(minority(), 20)).isDeepEqualTo(new Smote(5, 3).generate(minority(), 20));
        assertThat(new Smote(5, 3).generate(minority(), 20)).isNotEqualTo(new Smote(5, 4).generate(minority(), 20));
    }

    @Test
    void refusesTooFewRowsAndBadK() {
        assertThatThrownBy(() -> new Smote(5, 1).generate(new double[][]{{1}}, 3)).hasMessageContaining("at least 2 minority rows");
        assertThatThrownBy(() -> new Smote(0, 1)).hasMessageContaining("k of at least 1");
    }
}
