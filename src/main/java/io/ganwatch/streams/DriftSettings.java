package io.ganwatch.streams;

import io.ganwatch.drift.DriftWindowConfig;

import java.time.Duration;
import java.util.Set;

/**
 * The drift watch's settings ({@code ganwatch.drift.*}).
 *
 * @param topic    topic for a {@code DriftReport} every interval, or {@code null} to publish none (the
 *                 watch still updates {@code /metrics} and logs)
 * @param window   how much recent traffic each instance compares with the training profile
 * @param interval how often the window is measured, published and logged
 * @param psiLimit a column whose PSI reaches this is named in the report and the WARN line
 * @param ignored  columns measured and shown but never named over the limit: those whose distribution
 *                 follows a cycle longer than the window (a day-of-week column under a window of hours)
 */
public record DriftSettings(String topic, DriftWindowConfig window, Duration interval, double psiLimit, Set<String> ignored) {
    /** Default {@link #interval()}. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    /** Default {@link #psiLimit()}: the usual reading of PSI above 0.2 as a significant shift. */
    public static final double DEFAULT_PSI_LIMIT = 0.2;
    /** The defaults, publishing no reports. */
    public static final DriftSettings DEFAULT = new DriftSettings(null, DriftWindowConfig.DEFAULT, DEFAULT_INTERVAL,
            DEFAULT_PSI_LIMIT, Set.of());

    /** Settings that ignore no column. */
    public DriftSettings(String topic, DriftWindowConfig window, Duration interval, double psiLimit) {
        this(topic, window, interval, psiLimit, Set.of());
    }

    /** Validates the topic name, interval and limit. */
    public DriftSettings {
        if (topic != null && (topic.isBlank() || !topic.matches("[a-zA-Z0-9._-]{1,249}"))) {
            throw new IllegalArgumentException("invalid drift topic name '" + topic
                    + "' (ganwatch.drift.topic); use letters, digits, '.', '_' and '-' (at most 249), or leave it unset");
        }
        if (window == null) {
            window = DriftWindowConfig.DEFAULT;
        }
        if (interval == null || interval.toMillis() < 100 || interval.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("ganwatch.drift.interval.seconds must be between 0.1 and 86400, was " + interval);
        }
        ignored = ignored == null ? Set.of() : Set.copyOf(ignored);
        if (!(psiLimit > 0) || !Double.isFinite(psiLimit)) {
            throw new IllegalArgumentException("ganwatch.drift.psi.limit must be a positive number, was " + psiLimit);
        }
    }
}
