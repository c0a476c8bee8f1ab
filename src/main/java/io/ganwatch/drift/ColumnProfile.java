package io.ganwatch.drift;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;
import java.util.List;

/**
 * The training distribution of one input column, as bins of its encoded value(s).
 *
 * <p>A numeric column has ascending bin {@code edges} (the deciles of its encoded training values,
 * ties merged) and one share per bin: bin {@code i} holds values {@code v} with
 * {@code edges[i-1] < v <= edges[i]}, the last bin everything above the last edge. A categorical column
 * has no edges and one share per one-hot slot, the last being the unknown bucket (a category not seen
 * in training, or a missing value), whose training share is 0.
 *
 * @param name   the raw column name
 * @param kind   {@link #NUMERIC} or {@link #CATEGORICAL}
 * @param edges  numeric bin edges, strictly ascending; empty for a categorical column
 * @param shares share of the training rows in each bin or slot; they sum to 1
 */
public record ColumnProfile(
        @JsonProperty("name") String name,
        @JsonProperty("kind") String kind,
        @JsonProperty("edges") List<Double> edges,
        @JsonProperty("shares") List<Double> shares) {
    /** Value of {@link #kind()} for a numeric column. */
    public static final String NUMERIC = "numeric";
    /** Value of {@link #kind()} for a categorical column. */
    public static final String CATEGORICAL = "categorical";

    /** Checks that the bins are well formed. */
    public ColumnProfile {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a column profile needs a column name; retrain to rebuild the profile");
        }
        edges = edges == null ? List.of() : List.copyOf(edges);
        shares = shares == null ? List.of() : List.copyOf(shares);
        if (NUMERIC.equals(kind)) {
            if (shares.size() != edges.size() + 1) {
                throw new IllegalArgumentException("profile of column '" + name + "' has " + edges.size() + " edges but "
                        + shares.size() + " shares (should be one more); retrain to rebuild the profile");
            }
            for (int i = 1; i < edges.size(); i++) {
                if (!(edges.get(i) > edges.get(i - 1))) {
                    throw new IllegalArgumentException("profile of column '" + name + "' has edges out of order; retrain");
                }
            }
        } else if (CATEGORICAL.equals(kind)) {
            if (!edges.isEmpty() || shares.size() < 2) {
                throw new IllegalArgumentException("profile of categorical column '" + name
                        + "' needs no edges and a share per slot (at least a category and the unknown bucket); retrain");
            }
        } else {
            throw new IllegalArgumentException("profile of column '" + name + "' has kind '" + kind
                    + "'; expected numeric or categorical");
        }
        double sum = 0;
        for (double s : shares) {
            if (!(s >= 0 && s <= 1)) {
                throw new IllegalArgumentException("profile of column '" + name + "' has a share outside [0, 1]; retrain");
            }
            sum += s;
        }
        if (Math.abs(sum - 1) > 1e-6) {
            throw new IllegalArgumentException("profile of column '" + name + "' has shares summing to " + sum
                    + ", not 1; retrain to rebuild the profile");
        }
    }

    /** Number of bins (numeric) or one-hot slots (categorical). */
    public int bins() {
        return shares.size();
    }

    /** How many encoded features the column spans: 1, or one per slot. */
    public int width() {
        return NUMERIC.equals(kind) ? 1 : shares.size();
    }

    /** Whether this is a categorical column. */
    public boolean categorical() {
        return CATEGORICAL.equals(kind);
    }

    /**
     * The bin of the column's value in {@code row} starting at {@code offset}: for a numeric column
     * the number of edges below the value, for a categorical one the slot that is set (the unknown
     * bucket if none is, which the encoder never produces).
     */
    int binOf(float[] row, int offset, double[] edgeArray) {
        if (!categorical()) {
            int i = Arrays.binarySearch(edgeArray, row[offset]);
            // an exact hit on edge i belongs to bin i (upper-inclusive bins); otherwise the insertion point
            return i >= 0 ? i : -i - 1;
        }
        for (int s = 0; s < shares.size(); s++) {
            if (row[offset + s] > 0.5f) {
                return s;
            }
        }
        return shares.size() - 1;
    }

    /** The edges as an array, for binary search. */
    double[] edgeArray() {
        return edges.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
