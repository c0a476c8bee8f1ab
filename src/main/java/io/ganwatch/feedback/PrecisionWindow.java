package io.ganwatch.feedback;

import io.ganwatch.avro.Verdict;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Precision over the last {@code size} decided alerts of one model version: true positives over true
 * and false positives. One entry per alert: a later verdict on the same alert replaces the earlier
 * one (an analyst who corrects a verdict does not count the alert twice) and makes it the newest; a
 * later {@code unsure} takes the earlier decision back. {@code unsure} never enters precision, since
 * it says nothing about whether the alert was right. Thread-safe: stream threads add verdicts while
 * {@code /metrics} and {@code /model} read.
 */
public final class PrecisionWindow {
    private final int size;
    /** Alert id → whether it was a true positive, oldest first. */
    private final LinkedHashMap<String, Boolean> decided = new LinkedHashMap<>();
    private int truePositives;

    /** A window of the last {@code size} decided alerts. */
    public PrecisionWindow(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("the precision window must hold at least 1 verdict, was " + size);
        }
        this.size = size;
    }

    /** Takes note of a verdict on {@code alertId}. */
    public synchronized void add(String alertId, Verdict verdict) {
        Boolean before = decided.remove(alertId);
        if (Boolean.TRUE.equals(before)) {
            truePositives--;
        }
        if (verdict == Verdict.UNSURE) {
            return;
        }
        boolean tp = verdict == Verdict.TRUE_POSITIVE;
        decided.put(alertId, tp);
        if (tp) {
            truePositives++;
        }
        if (decided.size() > size) {
            Iterator<Map.Entry<String, Boolean>> oldest = decided.entrySet().iterator();
            if (oldest.next().getValue()) {
                truePositives--;
            }
            oldest.remove();
        }
    }

    /** True positives over the decided alerts in the window; NaN while it holds none. */
    public synchronized double precision() {
        return decided.isEmpty() ? Double.NaN : (double) truePositives / decided.size();
    }

    /** Decided alerts in the window (at most its size). */
    public synchronized int decided() {
        return decided.size();
    }

    /** True positives among them. */
    public synchronized int truePositives() {
        return truePositives;
    }

    /** The decided alerts and true positives, read together. */
    public synchronized Counts counts() {
        return new Counts(decided.size(), truePositives);
    }

    /**
     * One reading of a window.
     *
     * @param decided       decided alerts in the window
     * @param truePositives true positives among them
     */
    public record Counts(int decided, int truePositives) {
        /** True positives over decided alerts; NaN when there are none. */
        public double precision() {
            return decided == 0 ? Double.NaN : (double) truePositives / decided;
        }

        /** False positives among the decided alerts. */
        public int falsePositives() {
            return decided - truePositives;
        }
    }

    /** The window's size. */
    public int size() {
        return size;
    }
}
