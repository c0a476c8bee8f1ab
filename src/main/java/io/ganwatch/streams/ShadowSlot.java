package io.ganwatch.streams;

import io.ganwatch.detector.Detector;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The shadow model of one instance, if any: a candidate scored beside the live model, whose alerts go
 * to the shadow alerts topic only. It holds nothing, a shadow that scores, or a shadow that was
 * switched off (it failed to load or to score) with the reason, shown in {@code /model} until another
 * shadow is published or the shadow is demoted.
 *
 * <p>Models are counted as in {@link ModelHolder}: a batch leases the shadow for its flush, and a
 * replaced or switched-off shadow closes when the last lease on it is returned. Unlike the live model,
 * the shadow may be absent, so {@link #acquire()} can return {@code null}.
 */
final class ShadowSlot implements AutoCloseable {
    /** What the slot holds; {@code null} in the reference means no shadow. */
    sealed interface State permits Scoring, Off {
    }

    /** A shadow that scores. */
    record Scoring(CountedModel counted) implements State {
        /** The shadow, for its metadata: score it only through a lease. */
        Detector model() {
            return counted.model;
        }
    }

    /**
     * A shadow switched off.
     *
     * @param modelId its model id
     * @param version its version
     * @param reason  why, in words
     */
    record Off(String modelId, String version, String reason) implements State {
    }

    private final AtomicReference<State> state = new AtomicReference<>();

    /** What the slot holds now: {@code null}, {@link Scoring} or {@link Off}. */
    State state() {
        return state.get();
    }

    /** The shadow that scores now, for its metadata only, or {@code null}. */
    Detector current() {
        return state.get() instanceof Scoring s ? s.model() : null;
    }

    /** Leases the shadow for one batch, or {@code null} when none scores; close the lease after the batch. */
    ModelHolder.Lease acquire() {
        while (true) {
            State s = state.get();
            if (!(s instanceof Scoring scoring)) {
                return null;
            }
            if (scoring.counted().retain()) {
                return new ModelHolder.Lease(scoring.counted());
            }
            if (s == state.get()) {
                return null; // closed and not replaced: only a switch-off in flight can do that
            }
        }
    }

    /** Installs {@code shadow} (now owned by the slot), retiring whatever shadow scored before. */
    void install(Detector shadow) {
        retire(state.getAndSet(new Scoring(new CountedModel(shadow))));
    }

    /** Marks a shadow as off without it ever scoring (it did not load), retiring the one before. */
    void off(String modelId, String version, String reason) {
        retire(state.getAndSet(new Off(modelId, version, reason)));
    }

    /**
     * Switches {@code failing} off, if it is still the shadow that scores.
     *
     * @return true for the one call that switched it off, so that the failure is logged once
     */
    boolean switchOff(Detector failing, String reason) {
        State s = state.get();
        if (s instanceof Scoring scoring && scoring.model() == failing) {
            var meta = failing.bundle().metadata();
            if (state.compareAndSet(s, new Off(meta.modelId(), meta.version(), reason))) {
                retire(s);
                return true;
            }
        }
        return false;
    }

    /**
     * Removes the shadow (demoted, or promoted to live).
     *
     * @return what it held before
     */
    State clear() {
        State old = state.getAndSet(null);
        retire(old);
        return old;
    }

    private static void retire(State s) {
        if (s instanceof Scoring scoring) {
            scoring.counted().release();
        }
    }

    @Override
    public void close() {
        clear();
    }
}
