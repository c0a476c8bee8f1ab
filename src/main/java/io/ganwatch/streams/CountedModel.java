package io.ganwatch.streams;

import io.ganwatch.detector.Detector;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model and the number of holds on it (its holder's own, and one per batch scoring on it); at zero
 * it is closed and can never be held again. Why counting rather than closing on a swap:
 * {@link ModelHolder} says.
 */
final class CountedModel {
    final Detector model;
    private final AtomicInteger refs = new AtomicInteger(1);

    /** Starts with one hold, the holder's. */
    CountedModel(Detector model) {
        this.model = model;
    }

    /** Takes one more hold; false when the model is already closed. */
    boolean retain() {
        int r;
        do {
            r = refs.get();
            if (r == 0) {
                return false;
            }
        } while (!refs.compareAndSet(r, r + 1));
        return true;
    }

    /** Returns one hold, closing the model with the last. */
    void release() {
        if (refs.decrementAndGet() == 0) {
            model.close();
        }
    }
}
