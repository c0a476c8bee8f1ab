package io.ganwatch.augment;

import java.util.List;

/**
 * How close synthetic minority rows are to real ones: SDMetrics' measures, plus density and
 * coverage (Naeem et al. 2020), which look at whole rows and so show mode collapse where the
 * per-column measures cannot.
 *
 * @param ksComplement          mean KSComplement over numeric columns (1 = same distributions)
 * @param tvComplement          mean TVComplement over categorical columns (NaN when there are none)
 * @param correlationSimilarity mean correlation similarity over numeric column pairs
 * @param detectionAuc          ROC-AUC of a 3-fold logistic regression telling real from synthetic (0.5 = indistinguishable)
 * @param dcrRatio              median distance synthetic→train over median distance holdout→train (NaN without a holdout)
 * @param density               density of the synthetic rows among the real ones, k = 5 (about 1 = as dense as real
 *                              rows; NaN with at most 5 real rows), see {@link DensityCoverage}
 * @param coverage              share of real rows with a synthetic row within their 5-NN radius (1 = every region
 *                              reached; NaN with at most 5 real rows), see {@link DensityCoverage}
 * @param exactCopies           synthetic rows identical to a training row
 * @param columns               the per-column scores the two means average, in column order (may be empty)
 */
public record QualityScores(double ksComplement, double tvComplement, double correlationSimilarity,
                            double detectionAuc, double dcrRatio, double density, double coverage, int exactCopies,
                            List<ColumnQuality> columns) {

    /** Copies the per-column list; {@code null} means none. */
    public QualityScores {
        columns = columns == null ? List.of() : List.copyOf(columns);
    }

    /** The table-level scores without per-column detail. */
    public QualityScores(double ksComplement, double tvComplement, double correlationSimilarity,
                         double detectionAuc, double dcrRatio, double density, double coverage, int exactCopies) {
        this(ksComplement, tvComplement, correlationSimilarity, detectionAuc, dcrRatio, density, coverage, exactCopies,
                List.of());
    }
}
