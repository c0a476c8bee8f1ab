package io.ganwatch.streams;

import io.ganwatch.detector.Detector;

import java.util.concurrent.atomic.AtomicInteger;
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
    private final AtomicReference<Counted> current;

    /** Starts with {@code initial}, which the holder now owns (closes). */
    public ModelHolder(Detector initial) {
        this.current = new AtomicReference<>(new Counted(initial));
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
            Counted c = current.get();
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
        Counted old = current.getAndSet(new Counted(next));
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
        private final Counted counted;
        private boolean returned;

        private Lease(Counted counted) {
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

    /** A model and the number of holds on it; at zero it is closed and can never be held again. */
    private static final class Counted {
        final Detector model;
        final AtomicInteger refs = new AtomicInteger(1);

        Counted(Detector model) {
            this.model = model;
        }

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

        void release() {
            if (refs.decrementAndGet() == 0) {
                model.close();
            }
        }
    }
}
