package io.ganwatch.detector;

import io.ganwatch.features.CategoricalColumn;
import io.ganwatch.features.ColumnSpec;
import io.ganwatch.features.FeatureSpec;
import io.ganwatch.scoring.ScoreBatch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the graph's per-encoded-feature contributions into one contribution per raw column that is
 * comparable across numeric and categorical columns. Pure and thread-safe.
 */
final class ColumnContributions {
    private final FeatureSpec spec;
    private final int[] offsets;

    ColumnContributions(FeatureSpec spec) {
        this.spec = spec;
        this.offsets = spec.offsets();
    }

    /**
     * The {@code k} raw columns contributing most to one row's score, largest first, each flagged when
     * its value fell in a categorical column's unknown bucket.
     *
     * <p>What the graph gives: one contribution per encoded feature, its share of the reconstruction
     * error |x − G(E(x))| times the score (see {@code OnnxExporter}). A numeric column is one feature, a
     * categorical column a one-hot block with a slot per training category plus the unknown bucket,
     * and the generator's output is linear, so every slot of a block carries some error even on normal
     * rows. Summing the block (as earlier ganwatch versions did) made a column's weight grow with its number of
     * categories: a 50-category column won almost every explanation, whatever the cause.
     *
     * <p>So a categorical column counts only the slots that say how unexpected <em>this row's</em>
     * value is: the active category's error |1 − G(E(x))<sub>active</sub>| (1 when the model did not
     * expect the category at all) plus the unknown bucket's error (how strongly the model expected a
     * value it has never seen; it is the active slot itself for a value never seen in training). The
     * errors on the other categories' slots measure the generator's noise, once per category, and are
     * left out. A numeric column counts its one feature, in robust standard deviations of its training
     * values. Every column then weighs at most two slots, whatever its width, and the columns'
     * errors are rescaled to sum to the row's score, so each value reads as a share of the score.
     *
     * <p>A batch scored without its encoded rows (an engine other than {@code OnnxScorer}) cannot tell
     * which slot is active; a categorical column then counts its largest slot, which is the active one
     * whenever the model's error there exceeds its noise elsewhere, and no value is flagged unseen.
     */
    public List<Detector.Contribution> top(ScoreBatch batch, int row, int k) {
        if (k <= 0) {
            return List.of(); // nothing asked: the batch may hold no contributions at all
        }
        List<ColumnSpec> columns = spec.columns();
        double[] error = new double[columns.size()];
        boolean[] unseen = new boolean[columns.size()];
        double total = 0;
        for (int c = 0; c < columns.size(); c++) {
            int from = offsets[c];
            int to = offsets[c + 1];
            if (columns.get(c) instanceof CategoricalColumn) {
                int unknown = to - 1;
                int active = batch.hasInputs() ? activeSlot(batch, row, from, to) : largestSlot(batch, row, from, to);
                unseen[c] = batch.hasInputs() && active == unknown;
                error[c] = batch.contribution(row, active) + (active == unknown ? 0 : batch.contribution(row, unknown));
            } else {
                error[c] = batch.contribution(row, from);
            }
            total += error[c];
        }
        double score = batch.scores()[row];
        List<Detector.Contribution> all = new ArrayList<>(columns.size());
        for (int c = 0; c < columns.size(); c++) {
            all.add(new Detector.Contribution(columns.get(c).name(), total > 0 ? score * error[c] / total : 0, unseen[c]));
        }
        all.sort(Comparator.comparingDouble(Detector.Contribution::value).reversed());
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }

    /** The one-hot slot holding the row's category (the encoder writes exactly one 1 per block). */
    private static int activeSlot(ScoreBatch batch, int row, int from, int to) {
        int best = from;
        for (int f = from + 1; f < to; f++) {
            if (batch.input(row, f) > batch.input(row, best)) {
                best = f;
            }
        }
        return best;
    }

    private static int largestSlot(ScoreBatch batch, int row, int from, int to) {
        int best = from;
        for (int f = from + 1; f < to; f++) {
            if (batch.contribution(row, f) > batch.contribution(row, best)) {
                best = f;
            }
        }
        return best;
    }
}
