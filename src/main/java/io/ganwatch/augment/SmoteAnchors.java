package io.ganwatch.augment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Picks, for each SMOTE row, the generated candidate nearest to it, each candidate at most once: the
 * generator's rows placed where SMOTE would place rows, between real minority neighbours.
 *
 * <p>The idea is SMOTified-GAN's (Sharma et al., 2022): SMOTE decides where the synthetic minority rows
 * go, and the generator makes them look like real rows. SMOTified-GAN trains a second generator that
 * takes SMOTE rows as its input; here the conditional generator, already trained, makes more candidates
 * than asked for, and each SMOTE row (an anchor) takes the candidate nearest to it. No second network is
 * trained, so classes too small to train one (NSL-KDD's U2R has 52 rows) get it too; the cost is that a
 * row can be only as near its anchor as the candidates reach.
 *
 * <p>Distances are Euclidean on rows already encoded (the job's feature encoding). Anchors take their
 * candidates in a seeded random order, so that no part of the data is served first every time.
 */
final class SmoteAnchors {
    /** Nearest candidates remembered per anchor before the greedy assignment; an anchor whose all are taken scans again. */
    static final int SHORTLIST = 32;

    private SmoteAnchors() {
    }

    /**
     * Indices of the candidates chosen, one per anchor (fewer only when there are fewer candidates than
     * anchors), in increasing order.
     *
     * @param anchors    SMOTE rows, encoded
     * @param candidates generated rows, encoded the same way
     * @param seed       seeds the order in which anchors choose
     */
    static int[] choose(float[][] anchors, float[][] candidates, long seed) {
        int[][] shortlists = new int[anchors.length][];
        IntStream.range(0, anchors.length).parallel().forEach(a -> shortlists[a] = nearest(anchors[a], candidates, SHORTLIST, null));
        List<Integer> order = new ArrayList<>(anchors.length);
        for (int a = 0; a < anchors.length; a++) {
            order.add(a);
        }
        // A stream of its own, so that the order does not move the generator's or SMOTE's draws.
        Collections.shuffle(order, new Random(seed ^ 0x5A7C_40A5L));
        boolean[] taken = new boolean[candidates.length];
        int[] chosen = new int[Math.min(anchors.length, candidates.length)];
        int n = 0;
        for (int a : order) {
            if (n == chosen.length) {
                break;
            }
            int pick = -1;
            for (int c : shortlists[a]) {
                if (!taken[c]) {
                    pick = c;
                    break;
                }
            }
            if (pick < 0) {
                pick = nearest(anchors[a], candidates, 1, taken)[0];
            }
            taken[pick] = true;
            chosen[n++] = pick;
        }
        Arrays.sort(chosen);
        return chosen;
    }

    /** The {@code m} candidates nearest {@code anchor} (nearest first, ties by index), leaving out those {@code taken}. */
    private static int[] nearest(float[] anchor, float[][] candidates, int m, boolean[] taken) {
        int size = Math.min(m, candidates.length);
        int[] best = new int[size];
        double[] bestDistance = new double[size];
        Arrays.fill(bestDistance, Double.POSITIVE_INFINITY);
        Arrays.fill(best, -1);
        for (int c = 0; c < candidates.length; c++) {
            if (taken != null && taken[c]) {
                continue;
            }
            double d = DensityCoverage.squaredDistance(anchor, candidates[c]);
            if (d < bestDistance[size - 1]) {
                // Insertion into the sorted short list; strict comparisons keep the lower index first on ties.
                int at = size - 1;
                while (at > 0 && d < bestDistance[at - 1]) {
                    bestDistance[at] = bestDistance[at - 1];
                    best[at] = best[at - 1];
                    at--;
                }
                bestDistance[at] = d;
                best[at] = c;
            }
        }
        int found = 0;
        while (found < size && best[found] >= 0) {
            found++;
        }
        return found == size ? best : Arrays.copyOf(best, found);
    }
}
