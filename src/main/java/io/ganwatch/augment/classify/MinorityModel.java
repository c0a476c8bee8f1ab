package io.ganwatch.augment.classify;

import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

import java.util.List;
import java.util.Objects;

/**
 * A trained minority-vs-rest Tribuo classifier that answers P(minority) for encoded rows.
 */
public final class MinorityModel {
    private final Model<Label> model;
    private final int width;

    MinorityModel(Model<Label> model, int width) {
        this.model = Objects.requireNonNull(model, "model");
        if (!model.generatesProbabilities()) {
            throw new IllegalArgumentException(model.getClass().getSimpleName() + " does not produce probabilities");
        }
        this.width = width;
    }

    /** Encoded width the model was trained on. */
    public int width() {
        return width;
    }

    /** The Tribuo model (for provenance). */
    public Model<Label> tribuoModel() {
        return model;
    }

    /**
     * P(minority) of every row, in order.
     *
     * @throws IllegalArgumentException for rows of another width than the training rows
     */
    public double[] probabilities(float[][] rows) {
        for (float[] r : rows) {
            if (r.length != width) {
                throw new IllegalArgumentException("rows have " + r.length + " features but the model was trained on " + width);
            }
        }
        if (rows.length == 0) {
            return new double[0];
        }
        // One call for all rows: XGBoost builds a single native matrix instead of one per row.
        List<Prediction<Label>> predictions = model.predict(TribuoRows.unlabelled(rows, width));
        double[] p = new double[rows.length];
        for (int i = 0; i < p.length; i++) {
            Label scored = predictions.get(i).getOutputScores().get(TribuoRows.MINORITY.getLabel());
            p[i] = scored == null ? 0 : scored.getScore();
        }
        return p;
    }
}
