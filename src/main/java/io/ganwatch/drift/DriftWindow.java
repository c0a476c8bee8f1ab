package io.ganwatch.drift;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A bounded window of recent encoded records of one model, compared with its {@link TrainingProfile}:
 * per-column population stability index (PSI), share of unseen categories, and alert rate.
 *
 * <p>It keeps per-bin counts over a ring of sub-windows ({@link DriftWindowConfig}), not the rows, so
 * its memory does not grow with traffic. PSI is {@code sum over bins of (a - e) * ln(a / e)}, with
 * {@code a} the window's share of a bin and {@code e} the training share, both floored at
 * {@link #EPSILON} so that an empty bin (or the unknown bucket, empty in training) gives a large
 * finite term instead of infinity. The usual reading: below 0.1 no change, 0.1 to 0.2 some, above 0.2
 * a shift worth looking at.
 *
 * <p>Not thread-safe: the stream's {@code DriftMonitor} serialises access.
 */
public final class DriftWindow {
    /** Floor on bin shares in the PSI sum. */
    public static final double EPSILON = 1e-4;
    /**
     * Fewest records before a column is named over the limit. With fewer, sampling noise alone
     * (roughly bins / rows, more for rare categories) could reach the limit on unchanged traffic.
     */
    public static final long MIN_ROWS_TO_JUDGE = 1000;

    private final TrainingProfile profile;
    private final DriftWindowConfig config;
    private final double[][] edges;
    private final int[] featureOffset;
    private final int[] binOffset;
    private final int totalBins;
    private final Deque<Slice> ring = new ArrayDeque<>();

    /** Counts of one sub-window. */
    private static final class Slice {
        final long[] counts;
        final long startMs;
        long endMs;
        long rows;
        long alerts;

        Slice(int bins, long startMs) {
            this.counts = new long[bins];
            this.startMs = startMs;
            this.endMs = startMs;
        }
    }

    /** An empty window for rows encoded as {@code profile} describes. */
    public DriftWindow(TrainingProfile profile, DriftWindowConfig config) {
        this.profile = profile;
        this.config = config;
        int n = profile.columns().size();
        edges = new double[n][];
        featureOffset = new int[n];
        binOffset = new int[n];
        int feature = 0;
        int bins = 0;
        for (int c = 0; c < n; c++) {
            ColumnProfile p = profile.columns().get(c);
            edges[c] = p.edgeArray();
            featureOffset[c] = feature;
            binOffset[c] = bins;
            feature += p.width();
            bins += p.bins();
        }
        totalBins = bins;
    }

    /** The profile compared against. */
    public TrainingProfile profile() {
        return profile;
    }

    /**
     * Adds one encoded record.
     *
     * @param row     the record as the model saw it ({@link TrainingProfile#width()} floats)
     * @param alerted whether it scored at or above the threshold
     * @param nowMs   wall-clock time (epoch ms), which places it in a sub-window
     */
    public void add(float[] row, boolean alerted, long nowMs) {
        if (row.length != profile.width()) {
            throw new IllegalArgumentException("a row of " + row.length + " features for a profile of width " + profile.width());
        }
        Slice s = current(nowMs);
        for (int c = 0; c < edges.length; c++) {
            s.counts[binOffset[c] + profile.columns().get(c).binOf(row, featureOffset[c], edges[c])]++;
        }
        s.rows++;
        if (alerted) {
            s.alerts++;
        }
        s.endMs = Math.max(s.endMs, nowMs);
    }

    /** The sub-window a record at {@code nowMs} goes into, opening a new one (and dropping the oldest) when due. */
    private Slice current(long nowMs) {
        Slice last = ring.peekLast();
        boolean full = last == null
                || (config.duration() == null
                    ? last.rows >= sliceRows()
                    : nowMs - last.startMs >= config.duration().toMillis() / config.slices());
        if (full) {
            last = new Slice(totalBins, nowMs);
            ring.addLast(last);
            while (ring.size() > config.slices()) {
                ring.removeFirst();
            }
        }
        return last;
    }

    private long sliceRows() {
        return (config.rows() + config.slices() - 1) / config.slices();
    }

    /** Records in the window now (after dropping sub-windows older than a duration window's span). */
    public long rows(long nowMs) {
        expire(nowMs);
        return ring.stream().mapToLong(s -> s.rows).sum();
    }

    /** Drops, in a duration window, the sub-windows that ended before the span. */
    private void expire(long nowMs) {
        if (config.duration() == null) {
            return;
        }
        long from = nowMs - config.duration().toMillis();
        while (!ring.isEmpty() && ring.peekFirst().endMs < from) {
            ring.removeFirst();
        }
    }

    /**
     * Measures the window against the profile.
     *
     * @param expectedFpr the false-positive rate of the threshold in force
     * @param psiLimit    a column at or above this PSI is named in {@link DriftReport#columnsOverLimit()}
     */
    public DriftReport report(String modelId, String modelVersion, String instanceId, double expectedFpr, double psiLimit,
                              long nowMs) {
        expire(nowMs);
        long[] counts = new long[totalBins];
        long rows = 0;
        long alerts = 0;
        long start = Long.MAX_VALUE;
        long end = 0;
        for (Slice s : ring) {
            for (int b = 0; b < totalBins; b++) {
                counts[b] += s.counts[b];
            }
            rows += s.rows;
            alerts += s.alerts;
            if (s.rows > 0) {
                start = Math.min(start, s.startMs);
                end = Math.max(end, s.endMs);
            }
        }
        List<ColumnDrift> columns = new ArrayList<>(edges.length);
        List<String> over = new ArrayList<>();
        for (int c = 0; c < edges.length; c++) {
            ColumnProfile p = profile.columns().get(c);
            double psi = rows == 0 ? 0 : psi(p, counts, binOffset[c], rows);
            double unseen = rows == 0 || !p.categorical() ? 0 : (double) counts[binOffset[c] + p.bins() - 1] / rows;
            columns.add(new ColumnDrift(p.name(), p.kind(), psi, unseen));
            if (rows >= MIN_ROWS_TO_JUDGE && psi >= psiLimit) {
                over.add(p.name());
            }
        }
        return new DriftReport(modelId, modelVersion, instanceId, rows == 0 ? 0 : start, end, rows, columns,
                rows == 0 ? 0 : (double) alerts / rows, expectedFpr, over);
    }

    private static double psi(ColumnProfile p, long[] counts, int from, long rows) {
        double sum = 0;
        for (int b = 0; b < p.bins(); b++) {
            double a = Math.max(EPSILON, (double) counts[from + b] / rows);
            double e = Math.max(EPSILON, p.shares().get(b));
            sum += (a - e) * Math.log(a / e);
        }
        return sum;
    }
}
