package io.ganwatch.detector;

import io.ganwatch.features.CategoricalColumn;
import io.ganwatch.features.FeatureSpec;
import io.ganwatch.features.NumericColumn;
import io.ganwatch.scoring.ScoreBatch;
import io.ganwatch.scoring.ScoringEngineException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Each raw column's contribution as the part of the score that goes away when that column alone is
 * repaired to a typical value: the question an analyst asks ("what about this payment is odd?").
 *
 * <p>Why not the graph's reconstruction errors alone ({@link ColumnContributions}): once a row is off
 * the normal manifold, the encoder maps it to a latent point whose reconstruction misses several
 * columns at once, including columns whose value is perfectly ordinary (a payment count of 0, the
 * card's own currency). Those columns carry error without being the cause. Repairing one column at a
 * time and rescoring asks the model itself which value it objects to; a column whose repair does not
 * lower the score is not to blame, whatever its error.
 *
 * <p>A numeric column is repaired to the value a missing one is given, the training median. A
 * categorical column is repaired to the other training category the generator reconstructed most
 * strongly, the one it expected instead; when the model expected the row's own category, that repair
 * does not lower the score and the column gets no blame. Either way a column is one substitution,
 * so a one-hot block gains no weight from its number of categories. The drops are rescaled to sum to
 * the score. When no single repair lowers the score (the oddity lies in a combination), or the batch
 * lacks its encoded rows, or rescoring fails, the reconstruction errors decide instead: an alert always
 * gets an explanation.
 */
final class RepairContributions {
    /** Repaired rows per graph call when explaining many rows: large enough to amortise a call, small in memory. */
    static final int ROWS_PER_CALL = 4096;

    private final FeatureSpec spec;
    private final int[] offsets;
    private final ColumnContributions fallback;
    private final Map<String, Integer> index = new HashMap<>();

    RepairContributions(FeatureSpec spec) {
        this.spec = spec;
        this.offsets = spec.offsets();
        this.fallback = new ColumnContributions(spec);
        for (int c = 0; c < spec.columns().size(); c++) {
            index.put(spec.columns().get(c).name(), c);
        }
    }

    /**
     * The {@code k} columns whose repair lowers the row's score most, largest first.
     *
     * @param scorer scores {@code n} rows given row-major as {@code (flat, n)}; called once
     */
    List<Detector.Contribution> top(ScoreBatch batch, int row, int k, BiFunction<float[], Integer, float[]> scorer) {
        return topAll(batch, row, row + 1, k, scorer).get(0);
    }

    /**
     * {@link #top} for rows {@code [from, to)}, their repairs scored together in calls of at most
     * {@link #ROWS_PER_CALL} rows, so that explaining a whole file costs few graph calls.
     */
    List<List<Detector.Contribution>> topAll(ScoreBatch batch, int from, int to, int k,
                                             BiFunction<float[], Integer, float[]> scorer) {
        List<List<Detector.Contribution>> out = new ArrayList<>(to - from);
        if (k <= 0) {
            for (int r = from; r < to; r++) {
                out.add(List.of()); // nothing asked: the batch may hold no contributions at all
            }
            return out;
        }
        int columns = spec.columns().size();
        int width = batch.width();
        int rowsPerChunk = Math.max(1, ROWS_PER_CALL / columns);
        for (int start = from; start < to; start += rowsPerChunk) {
            int end = Math.min(to, start + rowsPerChunk);
            float[] scores = null;
            if (batch.hasInputs()) {
                float[] repaired = new float[(end - start) * columns * width];
                for (int r = start; r < end; r++) {
                    for (int c = 0; c < columns; c++) {
                        int at = ((r - start) * columns + c) * width;
                        for (int f = 0; f < width; f++) {
                            repaired[at + f] = batch.input(r, f);
                        }
                        repair(batch, r, c, repaired, at);
                    }
                }
                try {
                    scores = scorer.apply(repaired, (end - start) * columns);
                } catch (ScoringEngineException e) {
                    // An engine fault is not the record's fault: explain the cheaper way rather than lose the alert.
                    scores = null;
                }
            }
            for (int r = start; r < end; r++) {
                out.add(explain(batch, r, k, scores, (r - start) * columns));
            }
        }
        return out;
    }

    /** One row's contributions from its repaired scores at {@code scores[at..]}, or by reconstruction when {@code scores} is null. */
    private List<Detector.Contribution> explain(ScoreBatch batch, int row, int k, float[] scores, int at) {
        List<Detector.Contribution> reconstruction = fallback.top(batch, row, spec.columns().size());
        double score = batch.scores()[row];
        int columns = spec.columns().size();
        double[] drop = new double[columns];
        double total = 0;
        for (int c = 0; scores != null && c < columns; c++) {
            drop[c] = Math.max(0, score - scores[at + c]);
            total += drop[c];
        }
        if (!(total > 0)) {
            return List.copyOf(reconstruction.subList(0, Math.min(k, reconstruction.size())));
        }
        List<Detector.Contribution> all = new ArrayList<>(columns);
        for (Detector.Contribution r : reconstruction) {
            int c = index.get(r.column());
            all.add(new Detector.Contribution(r.column(), score * drop[c] / total, r.unseen()));
        }
        // Stable sort over the reconstruction order: columns whose repair changes nothing keep that order.
        all.sort(Comparator.comparingDouble(Detector.Contribution::value).reversed());
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }

    /** Writes column {@code c}'s typical encoding over its features in {@code out} from {@code at}. */
    private void repair(ScoreBatch batch, int row, int c, float[] out, int at) {
        int from = offsets[c];
        int to = offsets[c + 1];
        if (spec.columns().get(c) instanceof NumericColumn num) {
            out[at + from] = num.encode(num.impute());
            return;
        }
        CategoricalColumn cat = (CategoricalColumn) spec.columns().get(c);
        int unknown = from + cat.categories().size();
        int expected = -1;
        for (int f = from; f < unknown; f++) {
            // On a slot the row does not hold, x is 0 and the error is the generator's output there: how
            // strongly it expected that category. The row's own slot is skipped: if the model expected it,
            // the runner-up repair raises the score and the column gets no blame, as it should.
            if (batch.input(row, f) < 0.5 && (expected < 0 || batch.contribution(row, f) > batch.contribution(row, expected))) {
                expected = f;
            }
        }
        if (expected < 0) {
            expected = from; // a one-category column whose row holds that category: nothing else to try
        }
        for (int f = from; f < to; f++) {
            out[at + f] = f == expected ? 1f : 0f;
        }
    }
}
