package io.ganwatch.streams;

import io.ganwatch.detector.Detector;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The model currently serving. The processor reads it once per record, so each record is scored
 * by exactly one model, and a swap takes effect between records.
 */
public final class ModelHolder {
    private final AtomicReference<Detector> current;

    /** Starts with {@code initial}. */
    public ModelHolder(Detector initial) {
        this.current = new AtomicReference<>(initial);
    }

    /** The serving model. */
    public Detector current() {
        return current.get();
    }

    /** Installs {@code next}; returns the model it replaces (the caller closes it once no record uses it). */
    public Detector swap(Detector next) {
        return current.getAndSet(next);
    }
}
