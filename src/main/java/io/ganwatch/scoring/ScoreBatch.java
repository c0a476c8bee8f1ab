package io.ganwatch.scoring;

/**
 * Scores of a batch of rows.
 *
 * @param scores        one score per row
 * @param contributions row-major [rows][width] per-feature contributions, or {@code null} when not requested
 * @param width         encoded width (columns of {@code contributions})
 */
public record ScoreBatch(float[] scores, float[] contributions, int width) {
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
}
