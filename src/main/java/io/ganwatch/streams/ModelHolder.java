package io.ganwatch.streams;

import io.ganwatch.detector.Detector;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The model currently serving, and the one owner of every model's life.
 *
 * <p>Scoring takes a {@link Lease} for each batch, so each record is scored by exactly one model and
 * a swap takes effect between batches. A replaced model is closed when the last lease on it is
 * returned, never before: a batch that stalls across a swap still scores on an open ONNX Runtime
 * session, and no timer can close a session under it (or race a native close). The holder's own
 * reference on the serving model is one count among the leases.
 */
public final class ModelHolder implements AutoCloseable {
    private final AtomicReference<CountedModel> current;

    /** Starts with {@code initial}, which the holder now owns (closes). */
    public ModelHolder(Detector initial) {
        this.current = new AtomicReference<>(new CountedModel(initial));
    }

    /**
     * The serving model, for reading its metadata (version, feature spec). Score only through
     * {@link #acquire()}: a model read here may be closed by a swap at any time.
     */
    public Detector current() {
        return current.get().model;
    }

    /**
     * Leases the serving model; return the lease (close it) when the batch is done.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public Lease acquire() {
        while (true) {
            CountedModel c = current.get();
            if (c.retain()) {
                return new Lease(c);
            }
            if (c == current.get()) {
                throw new IllegalStateException("the model holder is closed; no model is serving");
            }
            // a swap retired c between the read and the retain; the next read sees its successor
        }
    }

    /**
     * Installs {@code next} (now owned by the holder) and retires the model it replaces, which closes
     * once no lease holds it.
     *
     * @return the replaced model, for logging its version only: the holder closes it
     */
    public Detector swap(Detector next) {
        CountedModel old = current.getAndSet(new CountedModel(next));
        old.release();
        return old.model;
    }

    /** Retires the serving model: it closes now, or when the last batch still holding it finishes. */
    @Override
    public void close() {
        current.get().release();
    }

    /** A batch's hold on one model; closing it returns the hold. */
    public static final class Lease implements AutoCloseable {
        private final CountedModel counted;
        private boolean returned;

        /** Takes over a hold already retained on {@code counted}. */
        Lease(CountedModel counted) {
            this.counted = counted;
        }

        /** The model to score this batch with. */
        public Detector model() {
            return counted.model;
        }

        @Override
        public void close() {
            if (!returned) {
                returned = true;
                counted.release();
            }
        }
    }
}
