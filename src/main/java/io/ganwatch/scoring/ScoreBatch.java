package io.ganwatch.scoring;

/**
 * Scores of a batch of rows.
 *
 * @param scores        one score per row
 * @param contributions row-major [rows][width] per-feature contributions, or {@code null} when not requested
 * @param width         encoded width (columns of {@code contributions})
 * @param inputs        row-major [rows][width] encoded rows that were scored, or {@code null}: kept with the
 *                      contributions because an explanation needs to know which category of a one-hot
 *                      block a row holds
 */
public record ScoreBatch(float[] scores, float[] contributions, int width, float[] inputs) {
    /** Validates the array sizes. */
    public ScoreBatch {
        if (contributions != null && contributions.length != scores.length * width
                || inputs != null && inputs.length != scores.length * width) {
            throw new IllegalArgumentException("a batch of " + scores.length + " rows of width " + width
                    + " needs " + scores.length * width + " contributions and inputs");
        }
    }

    /** A batch without its encoded rows. */
    public ScoreBatch(float[] scores, float[] contributions, int width) {
        this(scores, contributions, width, null);
    }

    /** Number of rows. */
    public int size() {
        return scores.length;
    }

    /** Contribution of encoded feature {@code feature} to row {@code row}'s score. */
    public float contribution(int row, int feature) {
        if (contributions == null) {
            throw new IllegalStateException("contributions were not requested for this batch");
        }
        return contributions[row * width + feature];
    }

    /** Whether the encoded rows were kept ({@link #input}). */
    public boolean hasInputs() {
        return inputs != null;
    }

    /** Encoded value of feature {@code feature} in row {@code row}. */
    public float input(int row, int feature) {
        if (inputs == null) {
            throw new IllegalStateException("the encoded rows were not kept for this batch");
        }
        return inputs[row * width + feature];
    }
}
