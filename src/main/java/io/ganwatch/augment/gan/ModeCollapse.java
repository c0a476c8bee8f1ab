package io.ganwatch.augment.gan;

import java.util.List;
import java.util.Locale;

/**
 * Reads mode collapse off a GAN's coverage curve ({@link GanEpoch#coverage()}): a generator whose
 * latest coverage of the validation sample is below half of its best has dropped modes it once
 * made, which is the failure a user of the rows needs to hear about. The latest measurement is of the
 * exported generator ({@link CtganTrainer} measures the last epoch on it), the earlier ones of the
 * weights as they trained.
 */
public final class ModeCollapse {
    /** The latest coverage below this share of the best is a collapse. */
    public static final double SHARE_OF_BEST = 0.5;

    private ModeCollapse() {
    }

    /**
     * The sentence for the user when the last measured coverage is below {@link #SHARE_OF_BEST} of the
     * best one, else {@code null} (also with no measurement).
     */
    public static String warning(List<GanEpoch> history) {
        GanEpoch best = null;
        GanEpoch latest = null;
        for (GanEpoch e : history) {
            if (Double.isNaN(e.coverage())) {
                continue;
            }
            latest = e;
            if (best == null || e.coverage() > best.coverage()) {
                best = e;
            }
        }
        if (latest == null || !(latest.coverage() < SHARE_OF_BEST * best.coverage())) {
            return null;
        }
        return String.format(Locale.ROOT, "the GAN's coverage of its validation sample fell to %.3f at epoch %d, below half"
                        + " of its best (%.3f at epoch %d): the generator has dropped modes of the data it once made"
                        + " (mode collapse); train it again with another seed or fewer epochs, or use method smote",
                latest.coverage(), latest.epoch(), best.coverage(), best.epoch());
    }
}
