package io.ganwatch.streams;

/**
 * How one live model and one shadow compare on the records both scored: how many, how many each
 * alerted on, and how many they agreed on (both alerted, or neither). Thread-safe: the stream threads
 * add batches while the HTTP server reads.
 */
final class ShadowComparison {
    private long records;
    private long both;
    private long liveOnly;
    private long shadowOnly;

    /**
     * What was counted, read at one instant.
     *
     * @param records    records both models scored
     * @param both       records both alerted on
     * @param liveOnly   records only the live model alerted on
     * @param shadowOnly records only the shadow alerted on
     */
    record Counts(long records, long both, long liveOnly, long shadowOnly) {
        /** Share of the records on which both decided alike (alert or not); NaN before any record. */
        double agreement() {
            return records == 0 ? Double.NaN : (records - liveOnly - shadowOnly) / (double) records;
        }

        /** Share of the records the live model alerted on; NaN before any record. */
        double liveAlertRate() {
            return records == 0 ? Double.NaN : (both + liveOnly) / (double) records;
        }

        /** Share of the records the shadow alerted on; NaN before any record. */
        double shadowAlertRate() {
            return records == 0 ? Double.NaN : (both + shadowOnly) / (double) records;
        }
    }

    /**
     * Adds a batch: row {@code i} alerted on the live model when {@code live[i]} and on the shadow
     * when {@code shadow[i]}; rows where {@code scored[i]} is false were not scored by the shadow and
     * are left out.
     */
    synchronized void add(boolean[] live, boolean[] shadow, boolean[] scored, int rows) {
        for (int i = 0; i < rows; i++) {
            if (!scored[i]) {
                continue;
            }
            records++;
            if (live[i] && shadow[i]) {
                both++;
            } else if (live[i]) {
                liveOnly++;
            } else if (shadow[i]) {
                shadowOnly++;
            }
        }
    }

    synchronized Counts counts() {
        return new Counts(records, both, liveOnly, shadowOnly);
    }
}
