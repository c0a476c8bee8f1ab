package io.ganwatch.augment;

import io.ganwatch.augment.classify.DetectionAuc;
import io.ganwatch.features.CategoricalColumn;
import io.ganwatch.features.ColumnSpec;
import io.ganwatch.features.FeatureEncoder;
import io.ganwatch.features.RawValues;
import io.ganwatch.input.Table;
import io.ganwatch.training.Permutations;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Table-level quality of synthetic minority rows against the real minority training rows, from the
 * per-column and per-pair measures of {@link SyntheticQuality} (SDMetrics' definitions):
 * <ul>
 *   <li>KSComplement per numeric column and TVComplement per categorical column (the label column
 *       included: it shows whether the minority's sub-classes come out in their real proportions),
 *       each averaged over its columns; missing values are left out of KS and are a category of
 *       their own in TV;</li>
 *   <li>correlation similarity averaged over pairs of numeric columns, leaving out columns that are
 *       constant in the real rows, where a correlation is undefined;</li>
 *   <li>detection AUC, distance to closest record and exact copies on rows encoded with the job's
 *       feature encoder, the representation the classifier sees;</li>
 *   <li>density and coverage ({@link DensityCoverage}, k = 5) on the same encoded rows.</li>
 * </ul>
 * Detection and distances use at most {@link #MAX_COMPARED_ROWS} synthetic rows (a seeded sample),
 * which keeps their quadratic cost bounded when many rows are asked for; density and coverage sample
 * real and synthetic rows down to their own bounds; every other measure uses all rows.
 *
 * @param encoder   the job's encoder (learned on the real training rows, label excluded); its
 *                  categorical columns are scored with TVComplement, the rest with KSComplement
 * @param detection the detection classifier's settings
 */
public record QualityEvaluator(FeatureEncoder encoder, DetectionAuc detection) {
    /** Most synthetic rows that enter detection AUC and the DCR ratio. */
    public static final int MAX_COMPARED_ROWS = 5000;

    /** Requires both parts. */
    public QualityEvaluator {
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(detection, "detection");
    }

    /**
     * Scores the synthetic rows.
     *
     * @param real        the real minority training rows (training table's columns)
     * @param synthetic   the synthetic rows (same columns)
     * @param holdout     real minority rows not used to make the synthetic ones (e.g. from the test
     *                    set), or {@code null}; without them the DCR ratio is NaN
     * @param labelColumn the label column, scored as a categorical column
     * @param seed        seeds the detection folds and the row sample
     */
    public QualityScores evaluate(Table real, Table synthetic, Table holdout, String labelColumn, long seed) {
        List<ColumnQuality> columns = new ArrayList<>();
        List<String> numeric = new ArrayList<>();
        for (String name : real.columns()) {
            ColumnSpec spec = specOf(name);
            boolean categorical = name.equals(labelColumn) || spec instanceof CategoricalColumn;
            if (!categorical && spec == null) {
                continue; // not an encoded feature (dropped from the spec), so not a property of the rows
            }
            double score = categorical
                    ? SyntheticQuality.tvComplement(categories(real, name), categories(synthetic, name))
                    : ks(numbers(real, name), numbers(synthetic, name));
            if (!Double.isNaN(score)) {
                columns.add(new ColumnQuality(name, categorical, score));
            }
            if (!categorical) {
                numeric.add(name);
            }
        }
        double ks = mean(columns.stream().filter(c -> !c.categorical()).mapToDouble(ColumnQuality::score).toArray());
        double tv = mean(columns.stream().filter(ColumnQuality::categorical).mapToDouble(ColumnQuality::score).toArray());
        double corr = correlationSimilarity(real, synthetic, numeric);

        float[][] realRows = encoder.encode(real);
        float[][] synthRows = encoder.encode(synthetic);
        float[][] compared = sample(synthRows, seed);
        double detectionAuc = detection.of(realRows, compared, seed);
        double dcr = holdout == null || holdout.size() == 0 || realRows.length == 0 || compared.length == 0 ? Double.NaN
                : SyntheticQuality.dcrRatio(doubles(realRows), doubles(compared), doubles(encoder.encode(holdout)));
        int copies = SyntheticQuality.exactCopies(doubles(realRows), doubles(synthRows));
        DensityCoverage.Scores dc = DensityCoverage.of(realRows, synthRows, seed);
        return new QualityScores(ks, tv, corr, detectionAuc, dcr, dc.density(), dc.coverage(), copies, columns);
    }

    private ColumnSpec specOf(String name) {
        return encoder.spec().columns().stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    private static double ks(double[] real, double[] synthetic) {
        return real.length == 0 || synthetic.length == 0 ? Double.NaN : SyntheticQuality.ksComplement(real, synthetic);
    }

    /** Mean correlation similarity over numeric pairs; rows missing either value are left out of a pair. */
    private static double correlationSimilarity(Table real, Table synthetic, List<String> numeric) {
        List<double[]> r = new ArrayList<>();
        List<double[]> s = new ArrayList<>();
        for (String name : numeric) {
            double[] rv = numbersWithGaps(real, name);
            if (isConstant(rv)) {
                continue;
            }
            r.add(rv);
            s.add(numbersWithGaps(synthetic, name));
        }
        double sum = 0;
        int pairs = 0;
        for (int a = 0; a < r.size(); a++) {
            for (int b = a + 1; b < r.size(); b++) {
                double[][] rp = complete(r.get(a), r.get(b));
                double[][] sp = complete(s.get(a), s.get(b));
                if (rp[0].length < 2 || sp[0].length < 2) {
                    continue;
                }
                sum += SyntheticQuality.correlationSimilarity(rp[0], rp[1], sp[0], sp[1]);
                pairs++;
            }
        }
        return pairs == 0 ? Double.NaN : sum / pairs;
    }

    private static double[][] complete(double[] x, double[] y) {
        double[] a = new double[x.length];
        double[] b = new double[x.length];
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                a[n] = x[i];
                b[n++] = y[i];
            }
        }
        return new double[][] {Arrays.copyOf(a, n), Arrays.copyOf(b, n)};
    }

    private static boolean isConstant(double[] values) {
        double first = Double.NaN;
        for (double v : values) {
            if (Double.isNaN(v)) {
                continue;
            }
            if (Double.isNaN(first)) {
                first = v;
            } else if (v != first) {
                return false;
            }
        }
        return true;
    }

    /** Present values of a numeric column; text that is not a number is left out like a missing value. */
    static double[] numbers(Table t, String column) {
        return Arrays.stream(numbersWithGaps(t, column)).filter(d -> !Double.isNaN(d)).toArray();
    }

    /** One value per row, NaN where missing or not a number. */
    private static double[] numbersWithGaps(Table t, String column) {
        int c = t.columnIndex(column);
        double[] out = new double[t.size()];
        for (int i = 0; i < out.length; i++) {
            Table.Row row = t.rows().get(i);
            Object v = row.get(c);
            boolean absent = RawValues.isMissing(v) || v instanceof Double x && !Double.isFinite(x);
            Double d = absent ? null : RawValues.number(v, t.source(), row.line(), column);
            out[i] = d == null ? Double.NaN : d;
        }
        return out;
    }

    /** Category text of every row; a missing value is the category {@code <missing>}. */
    static List<String> categories(Table t, String column) {
        int c = t.columnIndex(column);
        List<String> out = new ArrayList<>(t.size());
        for (Table.Row row : t.rows()) {
            Object v = row.get(c);
            out.add(RawValues.isMissing(v) ? "<missing>" : RawValues.category(v));
        }
        return out;
    }

    private static float[][] sample(float[][] rows, long seed) {
        if (rows.length <= MAX_COMPARED_ROWS) {
            return rows;
        }
        int[] order = Permutations.of(rows.length, seed);
        float[][] out = new float[MAX_COMPARED_ROWS][];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows[order[i]];
        }
        return out;
    }

    private static double[][] doubles(float[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = new double[rows[i].length];
            for (int f = 0; f < rows[i].length; f++) {
                out[i][f] = rows[i][f];
            }
        }
        return out;
    }

    private static double mean(double[] values) {
        return values.length == 0 ? Double.NaN : Arrays.stream(values).average().orElse(Double.NaN);
    }
}
