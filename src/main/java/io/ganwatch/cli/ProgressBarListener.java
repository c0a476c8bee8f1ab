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
    private ProgressBar bar;
    private int epochs;
    private double lastAuc = Double.NaN;
    private int bestEpoch;

    ProgressBarListener(String task) {
        this.task = task;
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
        bar.step();
        if (step % 20 == 1) {
            bar.setExtraMessage(String.format(Locale.ROOT, " epoch %d/%d  D %.3f  G+E %.3f  val-AUC %.3f (best ep %d)",
                    epoch, epochs, discriminatorLoss, generatorLoss, lastAuc, bestEpoch));
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
        bar.stepTo(bar.getMax());
        bar.close();
    }
}
