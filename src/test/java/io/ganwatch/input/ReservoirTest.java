package io.ganwatch.input;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReservoirTest {
    @Test
    void fillsInOrderThenKeepsEachItemWithTheSameProbability() {
        // 100 slots, 10,000 items, 2,000 seeds: each item should end up in the sample 1% of the time,
        // whether it came first, in the middle or last.
        int[] endsIn = new int[10_000];
        for (long seed = 0; seed < 2_000; seed++) {
            Reservoir r = new Reservoir(100, seed);
            int[] holder = new int[100];
            for (int i = 0; i < endsIn.length; i++) {
                int slot = r.offer();
                if (i < 100) {
                    assertThat(slot).isEqualTo(i);
                }
                if (slot >= 0) {
                    holder[slot] = i;
                }
            }
            for (int item : holder) {
                endsIn[item]++;
            }
            assertThat(r.seen()).isEqualTo(10_000);
        }
        // Expected 20 per item; sums over blocks of 1,000 items: 20,000 each, standard deviation about 140.
        for (int block = 0; block < 10; block++) {
            int sum = 0;
            for (int i = block * 1000; i < (block + 1) * 1000; i++) {
                sum += endsIn[i];
            }
            assertThat(sum).as("block %d", block).isBetween(19_300, 20_700);
        }
    }

    @Test
    void isSeededAndAnEmptySampleKeepsNothing() {
        Reservoir a = new Reservoir(5, 9);
        Reservoir b = new Reservoir(5, 9);
        for (int i = 0; i < 1000; i++) {
            assertThat(a.offer()).isEqualTo(b.offer());
        }
        Reservoir none = new Reservoir(0, 1);
        assertThat(none.offer()).isEqualTo(-1);
        assertThatThrownBy(() -> new Reservoir(-1, 1)).hasMessageContaining("-1 slots");
    }
}
