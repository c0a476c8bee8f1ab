package io.ganwatch.augment;

import io.ganwatch.augment.classify.ClassifierKind;
import io.ganwatch.augment.gan.GanEpoch;
import io.ganwatch.input.Table;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The result's warning joins the validation check's and the coverage curve's, dropping neither. */
class AugmentResultTest {
    private static final List<GanEpoch> COLLAPSED = List.of(new GanEpoch(1, 1, -1, 1, 0.9), new GanEpoch(5, 1, -1, 5, 0.3));
    private static final List<GanEpoch> HEALTHY = List.of(new GanEpoch(1, 1, -1, 1, 0.5), new GanEpoch(5, 1, -1, 5, 0.8));
    private static final ValidationCheck WORSE = new ValidationCheck(0.3, 0.5, "the synthetic rows lower the validation PR-AUC");
    private static final ValidationCheck BETTER = new ValidationCheck(0.6, 0.5, null);

    private static AugmentResult gan(List<GanEpoch> history, ValidationCheck validation) {
        return new AugmentResult(AugmentMethod.GAN, Set.of("u2r"), ClassifierKind.XGBOOST,
                new Table("gan", List.of("x", "label"), List.of()), 1, null, null, history, "gan-x", false, validation);
    }

    @Test
    void bothWarningsAreKept() {
        AugmentResult r = gan(COLLAPSED, WORSE);
        assertThat(r.warning()).startsWith("the synthetic rows lower the validation PR-AUC; the GAN's coverage")
                .contains("fell to 0.300 at epoch 5", "mode collapse");
        assertThat(r.collapseWarning()).startsWith("the GAN's coverage");
    }

    @Test
    void eitherAloneIsTheWarning() {
        assertThat(gan(COLLAPSED, BETTER).warning()).startsWith("the GAN's coverage");
        assertThat(gan(COLLAPSED, null).warning()).startsWith("the GAN's coverage");
        assertThat(gan(HEALTHY, WORSE).warning()).isEqualTo("the synthetic rows lower the validation PR-AUC");
        assertThat(gan(HEALTHY, BETTER).warning()).isNull();
        assertThat(gan(HEALTHY, BETTER).collapseWarning()).isNull();
        assertThat(gan(List.of(), null).warning()).isNull();
    }
}
