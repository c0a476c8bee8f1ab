package io.ganwatch.recalibration;

import io.ganwatch.model.BundleMetadata;
import io.ganwatch.model.CalibrationScores;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.model.Recalibration;
import io.ganwatch.model.Threshold;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Applies a {@link ThresholdProposal}: a new bundle version with the same graph bytes, the proposed
 * threshold, and a {@link Recalibration} saying why. The new bundle is unsigned; a caller with a key
 * signs it again.
 */
public final class Recalibrator {
    private static final DateTimeFormatter VERSION_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private Recalibrator() {
    }

    /**
     * The recalibrated bundle.
     *
     * @param alertsTopic   where the alerts were read, for the record
     * @param feedbackTopic where the verdicts were read
     * @param now           the new version's time
     * @throws IllegalStateException when the proposal is the current threshold (a new version would change nothing)
     */
    public static ModelBundle apply(ModelBundle bundle, ThresholdProposal p, String alertsTopic, String feedbackTopic, Instant now) {
        BundleMetadata m = bundle.metadata();
        if (p.threshold() == m.threshold().value()) {
            throw new IllegalStateException("the proposed threshold is the bundle's own (" + ThresholdProposer.num(p.threshold())
                    + "); there is nothing to publish");
        }
        CalibrationScores cal = m.calibrationScores();
        Threshold threshold = new Threshold(p.threshold(), targetFpr(p.normalShare(), cal.size()), p.normalShare(), cal.size());
        String reason = String.format(Locale.ROOT, "analyst feedback: %s on %d decided verdicts over %d alerts; threshold %s -> %s",
                p.target().describe(), p.decided(), p.alerts(), ThresholdProposer.num(m.threshold().value()),
                ThresholdProposer.num(p.threshold()));
        Recalibration why = new Recalibration(reason, p.target().describe(), p.decided(), p.alerts(), m.version(),
                m.threshold().value(), p.currentThreshold(), p.expectedPrecision(), p.expectedAlertsPerHour(), p.extrapolated(),
                alertsTopic, feedbackTopic);
        String version = VERSION_TIME.format(now) + "-" + m.provenance().graphSha256().substring(0, 8);
        if (version.equals(m.version())) { // recalibrated within the second it was trained
            version = VERSION_TIME.format(now.plusSeconds(1)) + "-" + m.provenance().graphSha256().substring(0, 8);
        }
        return new ModelBundle(m.recalibrated(version, now.toString(), threshold, why), bundle.graph());
    }

    /**
     * The false-positive rate the new threshold stands for: the share of calibration scores at or above
     * it, kept inside (0, 1) as {@link Threshold} requires (at least one calibration row's worth).
     */
    static double targetFpr(double normalShare, int rows) {
        double floor = 1.0 / (rows + 1);
        return Math.min(Math.max(normalShare, floor), 1 - floor);
    }
}
