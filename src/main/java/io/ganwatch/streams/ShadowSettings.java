package io.ganwatch.streams;

/**
 * The shadow models' settings ({@code ganwatch.shadow.*}). Shadows come from the model topic, so they
 * apply only to an instance that follows one.
 *
 * @param alertsTopic where a shadow's alerts go, never to the alerts topic; by default the alerts
 *                    topic's name followed by {@value #DEFAULT_SUFFIX}
 */
public record ShadowSettings(String alertsTopic) {
    /** What the default shadow alerts topic adds to the alerts topic's name. */
    public static final String DEFAULT_SUFFIX = ".shadow";

    /** Validates the topic name. */
    public ShadowSettings {
        if (alertsTopic == null || alertsTopic.isBlank() || !alertsTopic.matches("[a-zA-Z0-9._-]{1,249}")) {
            throw new IllegalArgumentException("invalid shadow alerts topic name '" + alertsTopic
                    + "' (ganwatch.shadow.alerts.topic); use letters, digits, '.', '_' and '-' (at most 249)");
        }
    }

    /** The default for a stream whose alerts topic is {@code alertsTopic}. */
    static ShadowSettings defaultFor(String alertsTopic) {
        String name = alertsTopic + DEFAULT_SUFFIX;
        return new ShadowSettings(name.length() <= 249 ? name : alertsTopic.substring(0, 249 - DEFAULT_SUFFIX.length()) + DEFAULT_SUFFIX);
    }
}
