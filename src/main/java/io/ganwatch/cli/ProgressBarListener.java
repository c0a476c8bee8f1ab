package io.ganwatch.cli;

import io.ganwatch.training.EpochStats;
import io.ganwatch.training.TrainingListener;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows training as a terminal progress bar (epoch, current losses, validation AUC and time left),
 * or, when output goes to a file or a pipe (services, CI, {@code > log}), as one plain line per epoch
 * at most every few seconds: a bar redrawn with carriage returns there becomes thousands of updates
 * on one line that no one can read.
 */
final class ProgressBarListener implements TrainingListener {
    /** The least time between two plain lines, so that a run of short epochs does not flood a log. */
    static final double PLAIN_LINE_SECONDS = 5;

    private final String task;
    private final String firstLoss;
    private final String secondLoss;
    private final boolean showAuc;
    private final boolean terminal;
    private final PrintStream out;
    private final java.time.Duration budget;
    private ProgressBar bar;
    private double lastLineSeconds = Double.NEGATIVE_INFINITY;
    private EpochStats unprinted;
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
        this(task, firstLoss, secondLoss, showAuc, null);
    }

    /** As above, for a training stopped at {@code budget} (or {@code null}), which bounds the time left it prints. */
    ProgressBarListener(String task, String firstLoss, String secondLoss, boolean showAuc, java.time.Duration budget) {
        this(task, firstLoss, secondLoss, showAuc, onTerminal(), System.err, budget);
    }

    /** As above, drawing a bar when {@code terminal}, else plain lines, on {@code out}. */
    ProgressBarListener(String task, String firstLoss, String secondLoss, boolean showAuc, boolean terminal, PrintStream out,
                        java.time.Duration budget) {
        this.budget = budget;
        this.task = task;
        this.firstLoss = firstLoss;
        this.secondLoss = secondLoss;
        this.showAuc = showAuc;
        this.terminal = terminal;
        this.out = out;
    }

    /**
     * Whether a person watches: Java has no test for stderr alone, and {@link System#console()} is
     * null as soon as input or output is redirected, which is how services and CI run; a dumb
     * terminal (Emacs shells, some CI logs) cannot redraw a bar either.
     */
    static boolean onTerminal() {
        return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }

    @Override
    public void note(String line) {
        out.println(task + ": " + line);
    }

    @Override
    public void started(int epochs, int stepsPerEpoch) {
        this.epochs = epochs;
        if (!terminal) {
            out.println(String.format(Locale.ROOT, "%s: training up to %d epochs of %d steps", task, epochs, stepsPerEpoch));
            return;
        }
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax((long) epochs * stepsPerEpoch)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate()
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(out)).build();
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
        if (!terminal) {
            unprinted = stats;
            if (stats.epoch() == epochs || stats.seconds() - lastLineSeconds >= PLAIN_LINE_SECONDS) {
                printPlain(stats);
            }
        }
    }

    private void printPlain(EpochStats stats) {
        lastLineSeconds = stats.seconds();
        unprinted = null;
        String line = String.format(Locale.ROOT, "%s: epoch %d/%d  %s %.3f  %s %.3f", task, stats.epoch(), epochs, firstLoss,
                stats.discriminatorLoss(), secondLoss, stats.generatorLoss());
        if (showAuc) {
            line += String.format(Locale.ROOT, "  val-AUC %.3f (best ep %d)", lastAuc, bestEpoch);
        }
        out.println(line + String.format(Locale.ROOT, "  %.1f s, about %.0f s left", stats.seconds(), secondsLeft(stats)));
    }

    /**
     * The epochs still to run at the mean epoch time so far, capped by what the time budget leaves: a
     * GAN stopped by its budget ends there, however many epochs it was allowed.
     */
    private double secondsLeft(EpochStats stats) {
        double left = stats.seconds() / stats.epoch() * (epochs - stats.epoch());
        if (budget != null) {
            left = Math.min(left, Math.max(0, budget.toMillis() / 1000.0 - stats.seconds()));
        }
        return left;
    }

    @Override
    public void finished() {
        if (!terminal) {
            if (unprinted != null) { // stopped early (budget, patience): the last epoch still gets its line
                printPlain(unprinted);
            }
            out.println(task + ": training finished");
            return;
        }
        if (bar == null) {
            return;
        }
        bar.stepTo(bar.getMax());
        bar.close();
    }
}
