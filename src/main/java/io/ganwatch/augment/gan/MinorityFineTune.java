package io.ganwatch.augment.gan;

import java.util.List;
import java.util.Set;

/**
 * Fine-tuning on the job's minority at the end of training (issue 13, "fine-tuning on the minority"):
 * for the last {@code share} of the time budget (or of the steps, when the epochs end first) every
 * training row is conditioned on one of {@code values} of the label column, so the critic compares
 * the generator's rows of those classes with their real rows only, instead of about a tenth of each
 * batch as in general training.
 *
 * @param values label values to fine-tune on (the job's minority)
 * @param share  share of the budget spent fine-tuning, in (0, 0.9]: the general training before it
 *               is what the small class borrows its structure from
 */
public record MinorityFineTune(Set<String> values, double share) {
    /** The largest share: at least a tenth of the budget stays general training. */
    public static final double MAX_SHARE = 0.9;

    /** Validates the share and copies the values. */
    public MinorityFineTune {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("fine-tuning needs at least one minority value");
        }
        if (share == 0) {
            throw new IllegalArgumentException("a fine-tuning share of 0 is no fine-tuning; give a share in (0, " + MAX_SHARE + "]");
        }
        CtganConfig.checkFineTuneShare(share, "the fine-tuning share of the budget");
        values = Set.copyOf(values);
    }

    /**
     * The indices of {@link #values} among the condition column's categories.
     *
     * @throws IllegalArgumentException naming a value the training rows do not hold
     */
    int[] categories(GanColumn.Discrete condition) {
        List<String> categories = condition.categories();
        return values.stream().sorted().mapToInt(v -> {
            int k = categories.indexOf(v);
            if (k < 0) {
                throw new IllegalArgumentException("no training row has " + condition.name() + " = " + v
                        + "; fine-tune on a value the training rows hold");
            }
            return k;
        }).toArray();
    }
}
