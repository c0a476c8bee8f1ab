package io.ganwatch.augment.classify;

import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.ArrayList;
import java.util.List;

/**
 * Encoded rows as Tribuo examples of a binary minority-vs-rest label.
 *
 * <p>Features are named by position ({@code f00000}, {@code f00001}, ...) rather than by the
 * feature spec's names: zero-padded positions are already in the sorted order Tribuo keeps, and
 * they cannot collide the way {@code col=value} names of a one-hot block and a numeric column
 * called {@code col=value} could.
 */
final class TribuoRows {
    /** Label of minority rows. */
    static final Label MINORITY = new Label("minority");
    /** Label of every other row. */
    static final Label REST = new Label("rest");

    private static final LabelFactory FACTORY = new LabelFactory();

    private TribuoRows() {
    }

    /** Feature names for a width, shared by every example of that width. */
    static String[] names(int width) {
        String[] names = new String[width];
        for (int i = 0; i < width; i++) {
            names[i] = String.format(java.util.Locale.ROOT, "f%05d", i);
        }
        return names;
    }

    /** A training set: one example per row, labelled minority where {@code minority[i]}, weighing {@code weights[i]}. */
    static MutableDataset<Label> dataset(float[][] rows, boolean[] minority, float[] weights) {
        if (rows.length != minority.length || rows.length != weights.length) {
            throw new IllegalArgumentException(rows.length + " rows but " + minority.length + " labels and "
                    + weights.length + " weights");
        }
        if (rows.length == 0) {
            throw new IllegalArgumentException("no rows to train on");
        }
        String[] names = names(rows[0].length);
        List<Example<Label>> examples = new ArrayList<>(rows.length);
        for (int i = 0; i < rows.length; i++) {
            Example<Label> e = example(minority[i] ? MINORITY : REST, names, rows[i]);
            if (weights[i] != 1f) {
                e.setWeight(weights[i]);
            }
            examples.add(e);
        }
        return new MutableDataset<>(new ListDataSource<>(examples, FACTORY,
                new SimpleDataSourceProvenance("ganwatch encoded rows", FACTORY)));
    }

    /** Examples without a known label, for prediction. */
    static List<Example<Label>> unlabelled(float[][] rows, int width) {
        String[] names = names(width);
        List<Example<Label>> examples = new ArrayList<>(rows.length);
        for (float[] row : rows) {
            examples.add(example(LabelFactory.UNKNOWN_LABEL, names, row));
        }
        return examples;
    }

    private static Example<Label> example(Label label, String[] names, float[] row) {
        if (row.length != names.length) {
            throw new IllegalArgumentException("rows differ in width: " + row.length + " and " + names.length);
        }
        double[] values = new double[row.length];
        for (int f = 0; f < row.length; f++) {
            values[f] = row[f];
        }
        return new ArrayExample<>(label, names, values);
    }
}
