package io.ganwatch.detector;

import io.ganwatch.features.FloatRows;
import io.ganwatch.training.AladConfig.PrototypeChoice;
import io.ganwatch.training.Permutations;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Which normal rows the kNN head keeps as prototypes when not all of them fit: half a sample, half the rows
 * farthest from it.
 *
 * <ol>
 *   <li>A pool: the first {@value #POOL_FACTOR} × {@code max} <em>distinct</em> rows of a seeded permutation of the
 *       rows ({@link #distinct}). Where rows repeat, a uniform sample spends its prototypes on the few rows that
 *       repeat most: KDD99's training half holds about 198,000 normal rows but only about 35,000 distinct ones (smurf
 *       and neptune connections repeat thousands of times).</li>
 *   <li>The first half of the prototypes: the pool's first rows, a uniform sample of the distinct rows. They keep the
 *       head's sense of where normal data is dense, and, should the training rows hold a few anomalies, they hold
 *       them only in proportion.</li>
 *   <li>The second half: farthest-first traversal ({@link #farthestFirst}) of the pool, starting from the first
 *       half: each next prototype is the pool row farthest from every prototype taken so far. A sample leaves the
 *       thin parts of normal data with few prototypes, and a normal row from there then scores as an anomaly; these
 *       fill them. Distances are taken between the encoded rows, not in the head's feature space: the head's map
 *       is close to distance-preserving (BENCHMARKS.md, "Can a metric learned from normal rows shape the head's
 *       space?"), and the pool then needs no more memory than its rows, which training's own copies of the rows
 *       have freed by now.</li>
 * </ol>
 *
 * <p>Measured on KDD99 (BENCHMARKS.md, "Prototypes where not all normal rows fit"), 3 seeds: F1 at contamination
 * 0.9697 with a uniform sample, 0.9786 with distinct rows alone, 0.9868 with this. All prototypes chosen farthest-first
 * did as well on clean rows but proved fragile once the training rows held a few anomalies (at 1 % of them its ROC-AUC
 * fell to 0.93-0.94 on two seeds of three, against 0.982-0.988 for half and half), since farthest-first seeks out
 * exactly the odd rows; so only half is chosen that way. It costs where anomalies lie in the thin parts of normal
 * data: 5_campaign lost 0.007 ROC-AUC. There {@code --prototype-choice SAMPLE} keeps the distinct sample alone.
 */
public final class Prototypes {
    /** The pool holds this many times the prototypes asked for: bounded, like them, by the bundle's bytes. */
    static final int POOL_FACTOR = 8;

    private Prototypes() {
    }

    /**
     * Up to {@code max} prototypes from {@code rows}, as the class comment says: all distinct rows where there are
     * no more than {@code max}.
     *
     * @param choice whether half are chosen farthest-first ({@link PrototypeChoice#SAMPLE}: the distinct sample alone)
     * @return the chosen rows, copied, the sampled half first
     */
    public static float[][] choose(FloatRows rows, int max, long seed, PrototypeChoice choice) {
        int[] order = rows.size() <= max ? null : Permutations.of(rows.size(), seed);
        int poolRows = choice == PrototypeChoice.SAMPLE ? max : (int) Math.min(Integer.MAX_VALUE - 8, (long) POOL_FACTOR * max);
        float[][] pool = distinct(rows, poolRows, order);
        if (pool.length <= max) {
            return pool;
        }
        int[] chosen = farthestFirst(pool, max / 2, max);
        float[][] out = new float[max][];
        for (int i = 0; i < max; i++) {
            out[i] = pool[chosen[i]];
        }
        return out;
    }

    /**
     * The first {@code max} distinct rows of {@code rows} taken in {@code order} (in their own order where it is
     * null), copied; a repeat of a row already taken is passed over. Where no row repeats, and the order is a seeded
     * permutation, these are exactly the rows a uniform sample takes. Memory stays within the rows taken: the order
     * is walked until {@code max} are found.
     */
    static float[][] distinct(FloatRows rows, int max, int[] order) {
        Set<Row> seen = new HashSet<>();
        List<float[]> out = new ArrayList<>();
        float[] row = new float[rows.width()];
        for (int i = 0; i < rows.size() && out.size() < max; i++) {
            rows.copyRow(order == null ? i : order[i], row, 0);
            if (seen.add(new Row(row))) {
                out.add(row);
                row = new float[rows.width()]; // the one taken stays as it is; a repeat reuses the buffer
            }
        }
        return out.toArray(new float[0][]);
    }

    /**
     * Farthest-first traversal: the indices of {@code total} of {@code points}, the first {@code taken} as given
     * (0 to {@code taken − 1}), each next one the point whose Euclidean distance to its nearest point taken so far
     * is largest (the lowest index among equals, so the choice is the same on any number of threads).
     */
    static int[] farthestFirst(float[][] points, int taken, int total) {
        if (taken < 1 || taken > total || total > points.length) {
            throw new IllegalArgumentException("cannot take " + total + " of " + points.length + " points starting from "
                    + taken);
        }
        int[] order = new int[total];
        double[] nearest = new double[points.length];
        IntStream.range(0, points.length).parallel().forEach(i -> {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < taken; j++) {
                best = Math.min(best, KnnHeads.squaredDistance(points[i], points[j]));
            }
            nearest[i] = best;
        });
        for (int t = 0; t < taken; t++) {
            order[t] = t;
        }
        for (int t = taken; t < total; t++) {
            int far = 0;
            for (int i = 1; i < points.length; i++) {
                if (nearest[i] > nearest[far]) {
                    far = i;
                }
            }
            order[t] = far;
            float[] added = points[far];
            IntStream.range(0, points.length).parallel().forEach(i ->
                    nearest[i] = Math.min(nearest[i], KnnHeads.squaredDistance(points[i], added)));
        }
        return order;
    }

    /** A row as a set element: equal when every value is (as {@link Arrays#equals(float[], float[])} compares them). */
    private record Row(float[] values) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Row other && Arrays.equals(values, other.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }
    }
}
