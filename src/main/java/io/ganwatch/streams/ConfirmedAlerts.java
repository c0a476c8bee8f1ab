package io.ganwatch.streams;

import io.ganwatch.avro.Verdict;
import io.ganwatch.recalibration.JudgedAlert;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The input records that the stream alerted on, and those of them that analysts confirmed as true
 * positives: what {@code train --input-topic} leaves out, so that a retrained model does not learn
 * confirmed anomalies as normal.
 *
 * <p>Only the last verdict on an alert counts (an {@code unsure} takes a decision back), as in the
 * stream's precision window and {@code recalibrate}. An alert without a verdict, or judged a false
 * positive, is not confirmed: its record stays in, since nobody has said it was anomalous.
 */
public final class ConfirmedAlerts {
    /** No alerts read: nothing is left out. */
    public static final ConfirmedAlerts NONE = new ConfirmedAlerts(Set.of(), Set.of());

    private final Set<String> alerted;
    private final Set<String> confirmed;

    private ConfirmedAlerts(Set<String> alerted, Set<String> confirmed) {
        this.alerted = alerted;
        this.confirmed = confirmed;
    }

    /** From the alerts with their last verdicts (those of every model and version). */
    public static ConfirmedAlerts of(Collection<JudgedAlert> alerts) {
        Set<String> alerted = new HashSet<>();
        Set<String> confirmed = new HashSet<>();
        for (JudgedAlert a : alerts) {
            alerted.add(a.alertId());
            if (a.verdict() == Verdict.TRUE_POSITIVE) {
                confirmed.add(a.alertId());
            }
        }
        return new ConfirmedAlerts(Set.copyOf(alerted), Set.copyOf(confirmed));
    }

    /** Whether an alert was emitted for the record at this place. */
    public boolean alerted(String topic, int partition, long offset) {
        return !alerted.isEmpty() && alerted.contains(alertId(topic, partition, offset));
    }

    /** Whether an alert on the record at this place was judged a true positive by its last verdict. */
    public boolean confirmed(String topic, int partition, long offset) {
        return !confirmed.isEmpty() && confirmed.contains(alertId(topic, partition, offset));
    }

    /** Alerts known, on any topic. */
    public int alerts() {
        return alerted.size();
    }

    /** Alerts confirmed, on any topic. */
    public int confirmedAlerts() {
        return confirmed.size();
    }

    // The stream's own definition, so that the ids match those on the alerts topic by construction.
    private static String alertId(String topic, int partition, long offset) {
        return new AlertFactory.Source(topic, partition, offset, null, 0).alertId();
    }
}
