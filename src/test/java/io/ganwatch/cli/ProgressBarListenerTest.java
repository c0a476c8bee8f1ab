package io.ganwatch.cli;

import io.ganwatch.training.EpochStats;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressBarListenerTest {
    /** Runs {@code epochs} epochs of one second and 50 steps each, stopping after {@code stopAfter}. */
    private static String train(boolean terminal, int epochs, int stopAfter) throws Exception {
        return train(terminal, epochs, stopAfter, null);
    }

    private static String train(boolean terminal, int epochs, int stopAfter, java.time.Duration budget) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            ProgressBarListener l = new ProgressBarListener("train", "D", "G+E", true, terminal, out, budget);
            l.started(epochs, 50);
            for (int e = 1; e <= stopAfter; e++) {
                for (int s = 1; s <= 50; s++) {
                    l.step(e, s, 0.5, 0.7);
                }
                l.epoch(new EpochStats(e, 0.5, 0.7, 0.9 + e / 1000.0, e), e % 3 == 0);
                if (terminal) {
                    Thread.sleep(30); // lets the bar's refresh thread draw at least once
                }
            }
            l.finished();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void awayFromATerminalEachLineIsAnEpochAtMostEveryFewSeconds() throws Exception {
        String log = train(false, 12, 12);

        assertThat(log).doesNotContain("\r");
        List<String> lines = log.lines().toList();
        assertThat(lines.get(0)).isEqualTo("train: training up to 12 epochs of 50 steps");
        // epochs last a second: the first, then one every PLAIN_LINE_SECONDS, and the last
        assertThat(lines.subList(1, lines.size() - 1)).extracting(l -> l.split(" ")[2])
                .containsExactly("1/12", "6/12", "11/12", "12/12");
        assertThat(lines.get(2)).isEqualTo("train: epoch 6/12  D 0.500  G+E 0.700  val-AUC 0.906 (best ep 6)  6.0 s, about 6 s left");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("train: training finished");
    }

    @Test
    void aRunStoppedEarlyStillPrintsItsLastEpoch() throws Exception {
        List<String> lines = train(false, 40, 8).lines().toList();

        assertThat(lines).extracting(l -> l.split(" ").length > 2 ? l.split(" ")[2] : "")
                .contains("8/40").doesNotContain("9/40");
        assertThat(lines.get(lines.size() - 2)).startsWith("train: epoch 8/40");
    }

    @Test
    void theTimeLeftIsCappedByTheBudget() throws Exception {
        List<String> lines = train(false, 300, 12, java.time.Duration.ofSeconds(20)).lines().toList();

        // 288 epochs of a second would be 288 s; the budget of 20 s leaves 14 after 6
        assertThat(lines.get(2)).endsWith("6.0 s, about 14 s left");
    }

    @Test
    void onATerminalTheBarRedrawsInPlace() throws Exception {
        String log = train(true, 3, 3);

        assertThat(log).contains("\r").contains("train").doesNotContain("training finished");
    }
}
