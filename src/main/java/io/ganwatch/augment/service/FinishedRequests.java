package io.ganwatch.augment.service;

import io.ganwatch.avro.AugmentationResult;
import io.ganwatch.avro.AugmentationStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last status of every request id that has a result: what makes replays add nothing.
 *
 * <p>Filled from the (compacted) results topic at start and kept up to date from it, so every
 * instance knows what every other has finished. An id whose last result is OK or REJECTED is
 * finished and a replay is skipped; one whose last result is FAILED is not, so replaying it tries
 * again (the failure may have been the cluster, the disk or memory, not the request). A tombstone
 * (null value) for an id on the results topic forgets it, which is how an operator makes an id
 * runnable again. One small entry per id is held in memory.
 */
final class FinishedRequests {
    private static final Logger LOG = LoggerFactory.getLogger(FinishedRequests.class);

    private final Map<String, AugmentationStatus> last = new HashMap<>();

    /** Records a result this service just committed. */
    void record(String requestId, AugmentationStatus status) {
        last.put(requestId, status);
    }

    /**
     * Applies one message of the results topic.
     *
     * @param key   the request id (the results topic's key)
     * @param value an encoded {@code AugmentationResult}, or {@code null} for a tombstone
     */
    void apply(String key, byte[] value) {
        if (key == null) {
            return; // not written by this service: every result is keyed by its request id
        }
        if (value == null) {
            last.remove(key);
            return;
        }
        try {
            AugmentationResult r = Results.decode(value);
            last.put(key, r.getStatus());
        } catch (IllegalArgumentException e) {
            LOG.warn("results topic: the value for request {} is not an AugmentationResult; ignoring it ({})", key, e.getMessage());
        }
    }

    /** The last status of an id that is finished (OK or REJECTED): a replay of it is skipped. */
    Optional<AugmentationStatus> finished(String requestId) {
        AugmentationStatus s = last.get(requestId);
        return s == AugmentationStatus.OK || s == AugmentationStatus.REJECTED ? Optional.of(s) : Optional.empty();
    }

    /** Ids with a result. */
    int size() {
        return last.size();
    }
}
