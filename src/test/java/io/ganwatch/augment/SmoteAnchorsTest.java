package io.ganwatch.augment;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class SmoteAnchorsTest {

    @Test
    void eachAnchorTakesItsNearestCandidate() {
        float[][] anchors = {{0, 0}, {10, 0}, {0, 10}};
        float[][] candidates = {{9, 1}, {50, 50}, {0.5f, 0}, {-40, 3}, {1, 9}, {30, -30}};
        assertThat(SmoteAnchors.choose(anchors, candidates, 1)).containsExactly(0, 2, 4);
    }

    @Test
    void aCandidateServesOneAnchorOnly() {
        // Both anchors sit nearest candidate 0; the one served second takes its next nearest, whatever the order.
        float[][] anchors = {{0, 0}, {0.1f, 0}};
        float[][] candidates = {{0.05f, 0}, {3, 0}, {-1, 0}, {100, 0}};
        for (long seed = 0; seed < 8; seed++) {
            int[] chosen = SmoteAnchors.choose(anchors, candidates, seed);
            assertThat(chosen).hasSize(2).doesNotHaveDuplicates().contains(0);
            assertThat(chosen).containsAnyOf(1, 2).doesNotContain(3);
        }
    }

    @Test
    void anchorsBeyondTheShortListStillGetDistinctCandidates() {
        // More anchors at one spot than a short list holds: the late ones scan again and still take distinct rows.
        int anchorsAtOrigin = SmoteAnchors.SHORTLIST + 10;
        float[][] anchors = new float[anchorsAtOrigin][];
        Arrays.fill(anchors, new float[]{0, 0});
        SplittableRandom random = new SplittableRandom(3);
        float[][] candidates = new float[200][];
        for (int c = 0; c < candidates.length; c++) {
            candidates[c] = new float[]{(float) random.nextGaussian(), (float) random.nextGaussian()};
        }
        int[] chosen = SmoteAnchors.choose(anchors, candidates, 7);
        assertThat(chosen).hasSize(anchorsAtOrigin).doesNotHaveDuplicates().isSorted();
        // They are the candidates nearest the origin, since every anchor is there.
        Integer[] byDistance = new Integer[candidates.length];
        for (int c = 0; c < candidates.length; c++) {
            byDistance[c] = c;
        }
        Arrays.sort(byDistance, (a, b) -> Float.compare(norm(candidates[a]), norm(candidates[b])));
        int[] expected = Arrays.stream(byDistance).limit(anchorsAtOrigin).mapToInt(Integer::intValue).sorted().toArray();
        assertThat(chosen).containsExactly(expected);
    }

    @Test
    void fewerCandidatesThanAnchorsGivesEveryCandidateOnce() {
        float[][] anchors = {{0}, {1}, {2}, {3}};
        float[][] candidates = {{2.9f}, {0.1f}};
        assertThat(SmoteAnchors.choose(anchors, candidates, 5)).containsExactly(0, 1);
    }

    private static float norm(float[] v) {
        return v[0] * v[0] + v[1] * v[1];
    }
}
