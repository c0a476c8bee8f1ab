package io.ganwatch.cli;

import io.ganwatch.training.EpochStats;
import io.ganwatch.training.TrainingListener;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.util.Locale;

/**
 * Shows training as a terminal progress bar: epoch, current losses, validation AUC and time left.
 * Uses the {@code progressbar} library, which falls back to plain lines when stderr is not a terminal.
 */
final class ProgressBarListener implements TrainingListener {
    private final String task;
    private final String firstLoss;
    private final String secondLoss;
    private final boolean showAuc;
    private ProgressBar bar;
    private int epochs;
    private double lastAuc = Double.NaN;
    private int bestEpoch;

    ProgressBarListener(String task) {
        this(task, "D", "G+E", true);
    }

    /**
     * A bar whose message names the two losses as given; {@code showAuc} adds the validation AUC and
     * best epoch, which only the detector's training computes.
     */
    ProgressBarListener(String task, String firstLoss, String secondLoss, boolean showAuc) {
        this.task = task;
        this.firstLoss = firstLoss;
        this.secondLoss = secondLoss;
        this.showAuc = showAuc;
    }

    @Override
    public void note(String line) {
        System.err.println(task + ": " + line);
    }

    @Override
    public void started(int epochs, int stepsPerEpoch) {
        this.epochs = epochs;
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax((long) epochs * stepsPerEpoch)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate()
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build();
    }

    @Override
    public void step(int epoch, int step, double discriminatorLoss, double generatorLoss) {
        if (bar == null) {
            return; // a trainer that reports steps without starting: nothing to draw on
        }
        bar.step();
        if (step % 20 == 1) {
            String losses = String.format(Locale.ROOT, " epoch %d/%d  %s %.3f  %s %.3f", epoch, epochs, firstLoss,
                    discriminatorLoss, secondLoss, generatorLoss);
            bar.setExtraMessage(showAuc ? losses + String.format(Locale.ROOT, "  val-AUC %.3f (best ep %d)", lastAuc, bestEpoch)
                    : losses);
        }
    }

    @Override
    public void epoch(EpochStats stats, boolean bestSoFar) {
        lastAuc = stats.validationAuc();
        if (bestSoFar) {
            bestEpoch = stats.epoch();
        }
    }

    @Override
    public void finished() {
        if (bar == null) {
            return;
        }
        bar.stepTo(bar.getMax());
        bar.close();
    }
}
