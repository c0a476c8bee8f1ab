package io.ganwatch.streams;

import java.time.Duration;

/**
 * The analyst feedback's settings ({@code ganwatch.feedback.*}).
 *
 * @param topic     topic of {@code AlertFeedback} verdicts keyed by alert id, or {@code null} for no
 *                  feedback join (then no alert index is kept either)
 * @param retention how long after an alert (its timestamp, which is its input record's) a verdict on it
 *                  is still joined; older alerts leave the index and their verdicts count as unmatched
 * @param window    precision is reported over the last this many decided alerts, per model version
 */
public record FeedbackSettings(String topic, Duration retention, int window) {
    /** Default {@link #retention()}: a week, about the time an alert waits for an analyst at most. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    /** Default {@link #window()}. */
    public static final int DEFAULT_WINDOW = 500;
    /** No feedback topic. */
    public static final FeedbackSettings NONE = new FeedbackSettings(null, DEFAULT_RETENTION, DEFAULT_WINDOW);

    /** Validates the topic name, retention and window. */
    public FeedbackSettings {
        if (topic != null && (topic.isBlank() || !topic.matches("[a-zA-Z0-9._-]{1,249}"))) {
            throw new IllegalArgumentException("invalid feedback topic name '" + topic
                    + "' (ganwatch.feedback.topic); use letters, digits, '.', '_' and '-' (at most 249), or leave it unset");
        }
        if (retention == null || retention.toMillis() < 1000 || retention.compareTo(Duration.ofDays(3650)) > 0) {
            throw new IllegalArgumentException("ganwatch.feedback.retention.seconds must be between 1 and 315360000 (ten years),"
                    + " was " + (retention == null ? null : retention.toMillis() / 1000.0));
        }
        if (window < 1 || window > 1_000_000) {
            throw new IllegalArgumentException("ganwatch.feedback.precision.verdicts must be between 1 and 1000000, was " + window);
        }
    }

    /** Whether a feedback topic is set. */
    public boolean enabled() {
        return topic != null;
    }
}
