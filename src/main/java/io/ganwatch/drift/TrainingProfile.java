package io.ganwatch.drift;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ganwatch.features.CategoricalColumn;
import io.ganwatch.features.ColumnSpec;
import io.ganwatch.features.FeatureSpec;
import io.ganwatch.features.FloatRows;
import io.ganwatch.features.NumericColumn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A profile of a model's training data, kept in the bundle ({@code profile} in {@code model.json}) so
 * that a stream can tell when its traffic no longer looks like what the model learned.
 *
 * <p>It is taken from the <em>encoded</em> normal rows the model was fitted on (the uniform sample,
 * when {@code train} sampled a large input), so the stream can
 * compare the rows it already encodes for scoring, without keeping raw values. For a numeric column
 * it holds the decile edges of the encoded value. The encoding ({@link NumericColumn#encode}: optional
 * {@code log1p}, centring, scaling, clipping) is non-decreasing in the raw value, so binning encoded
 * values puts every row in the same bin as binning raw values at the matching raw edges: the
 * population stability index is the same as on raw values, except that everything beyond a clip
 * limit falls into one bin (a shift far past the training range still shows, as mass piling into
 * the outermost bin). For a categorical column it holds the share of each one-hot slot, the unknown
 * bucket included (0 in training, by construction). The calibration score distribution is not
 * copied here: the bundle already keeps the sorted calibration scores
 * ({@link io.ganwatch.model.CalibrationScores}).
 *
 * @param rows          training rows the profile was taken from
 * @param columns       one profile per input column, in the feature spec's order
 * @param calibratedFpr false-positive rate the bundle's threshold had on the calibration rows
 */
public record TrainingProfile(
        @JsonProperty("rows") int rows,
        @JsonProperty("columns") List<ColumnProfile> columns,
        @JsonProperty("calibrated_fpr") double calibratedFpr) {
    /** Quantile bins per numeric column (deciles). */
    public static final int NUMERIC_BINS = 10;

    /** Validates counts and the rate. */
    public TrainingProfile {
        if (rows < 1) {
            throw new IllegalArgumentException("a training profile needs at least one row, had " + rows);
        }
        columns = columns == null ? List.of() : List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a training profile needs at least one column; retrain to rebuild it");
        }
        if (!(calibratedFpr >= 0 && calibratedFpr <= 1)) {
            throw new IllegalArgumentException("calibrated_fpr must be in [0, 1], was " + calibratedFpr);
        }
    }

    /**
     * The profile of {@code rows}, encoded by {@code spec}.
     *
     * @param calibratedFpr the share of calibration rows at or above the bundle's threshold
     */
    public static TrainingProfile of(FeatureSpec spec, float[][] rows, double calibratedFpr) {
        return of(spec, FloatRows.of(rows), calibratedFpr);
    }

    /**
     * As {@link #of(FeatureSpec, float[][], double)}, on rows held any way. Each row is copied out once
     * and counted for every column; one buffer of values serves every numeric column's sort in turn.
     */
    public static TrainingProfile of(FeatureSpec spec, FloatRows rows, double calibratedFpr) {
        int n = rows.size();
        if (n == 0) {
            throw new IllegalArgumentException("cannot profile an empty training set");
        }
        int[] offsets = spec.offsets();
        int columns = spec.columns().size();
        ColumnProfile[] probes = new ColumnProfile[columns];
        List<List<Double>> edgeLists = new ArrayList<>(columns);
        double[][] edgeArrays = new double[columns][];
        long[][] counts = new long[columns][];
        double[] v = null;
        for (int c = 0; c < columns; c++) {
            ColumnSpec column = spec.columns().get(c);
            int at = offsets[c];
            if (column instanceof NumericColumn) {
                if (v == null) {
                    v = new double[n];
                }
                for (int i = 0; i < n; i++) {
                    v[i] = rows.get(i, at);
                }
                Arrays.sort(v);
                List<Double> edges = new ArrayList<>();
                for (int q = 1; q < NUMERIC_BINS; q++) {
                    double e = v[(int) Math.floor((double) q * (n - 1) / NUMERIC_BINS)];
                    // ties (a constant or integer-valued column) merge edges: keep them strictly ascending
                    if (edges.isEmpty() || e > edges.get(edges.size() - 1)) {
                        edges.add(e);
                    }
                }
                edgeLists.add(edges);
                edgeArrays[c] = edges.stream().mapToDouble(Double::doubleValue).toArray();
                // shares counted with the same rule the window uses, so a constant column profiles as one full bin
                probes[c] = new ColumnProfile(column.name(), ColumnProfile.NUMERIC, edges, uniform(edges.size() + 1));
                counts[c] = new long[edges.size() + 1];
            } else {
                CategoricalColumn cat = (CategoricalColumn) column;
                edgeLists.add(List.of());
                probes[c] = new ColumnProfile(cat.name(), ColumnProfile.CATEGORICAL, List.of(), uniform(cat.width()));
                counts[c] = new long[cat.width()];
            }
        }
        float[] row = new float[rows.width()];
        for (int i = 0; i < n; i++) {
            rows.copyRow(i, row, 0);
            for (int c = 0; c < columns; c++) {
                counts[c][probes[c].binOf(row, offsets[c], edgeArrays[c])]++;
            }
        }
        List<ColumnProfile> out = new ArrayList<>(columns);
        for (int c = 0; c < columns; c++) {
            out.add(new ColumnProfile(probes[c].name(), probes[c].kind(), edgeLists.get(c), shares(counts[c], n)));
        }
        return new TrainingProfile(n, out, calibratedFpr);
    }

    private static List<Double> uniform(int n) {
        List<Double> s = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            s.add(i == n - 1 ? 1.0 - (double) (n - 1) / n : 1.0 / n);
        }
        return s;
    }

    private static List<Double> shares(long[] counts, int total) {
        List<Double> s = new ArrayList<>(counts.length);
        for (long c : counts) {
            s.add((double) c / total);
        }
        return s;
    }

    /** Total encoded width the profile covers; equals the spec's width when it belongs to that spec. */
    public int width() {
        return columns.stream().mapToInt(ColumnProfile::width).sum();
    }

    /**
     * Whether the profile describes {@code spec}'s columns (same names, kinds and widths, in order), so
     * that rows encoded by it can be compared; a hand-edited bundle could break this.
     */
    public boolean matches(FeatureSpec spec) {
        if (spec.columns().size() != columns.size()) {
            return false;
        }
        for (int i = 0; i < columns.size(); i++) {
            ColumnSpec c = spec.columns().get(i);
            ColumnProfile p = columns.get(i);
            if (!c.name().equals(p.name()) || c.width() != p.width() || (c instanceof CategoricalColumn) != p.categorical()) {
                return false;
            }
        }
        return true;
    }
}
