package io.ganwatch.streams;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Agreement and alert rates of a live model and its shadow, over the records both scored. */
class ShadowComparisonTest {
    @Test
    void nothingComparedReadsAsNotANumber() {
        ShadowComparison.Counts c = new ShadowComparison().counts();
        assertThat(c.records()).isZero();
        assertThat(c.agreement()).isNaN();
        assertThat(c.liveAlertRate()).isNaN();
        assertThat(c.shadowAlertRate()).isNaN();
    }

    @Test
    void agreementCountsRecordsWhereBothAlertOrNeitherDoes() {
        ShadowComparison comparison = new ShadowComparison();
        //                       both   live   shadow neither neither
        boolean[] live = {true, true, false, false, false};
        boolean[] shadow = {true, false, true, false, false};
        boolean[] scored = {true, true, true, true, true};
        comparison.add(live, shadow, scored, 5);
        comparison.add(new boolean[]{true, false}, new boolean[]{true, false}, new boolean[]{true, true}, 2);
        ShadowComparison.Counts c = comparison.counts();
        assertThat(c.records()).isEqualTo(7);
        assertThat(c.both()).isEqualTo(2);
        assertThat(c.liveOnly()).isEqualTo(1);
        assertThat(c.shadowOnly()).isEqualTo(1);
        assertThat(c.agreement()).isCloseTo(5 / 7.0, within(1e-12));
        assertThat(c.liveAlertRate()).isCloseTo(3 / 7.0, within(1e-12));
        assertThat(c.shadowAlertRate()).isCloseTo(3 / 7.0, within(1e-12));
    }

    @Test
    void recordsTheShadowDidNotScoreAreLeftOutAndRowsPastTheCountIgnored() {
        ShadowComparison comparison = new ShadowComparison();
        boolean[] live = {true, true, false, true};
        boolean[] shadow = {false, false, false, true};
        boolean[] scored = {false, true, true, true};
        comparison.add(live, shadow, scored, 3); // row 3 is past the batch
        ShadowComparison.Counts c = comparison.counts();
        assertThat(c.records()).isEqualTo(2);
        assertThat(c.liveOnly()).isEqualTo(1);
        assertThat(c.both()).isZero();
        assertThat(c.agreement()).isEqualTo(0.5);
        assertThat(c.liveAlertRate()).isEqualTo(0.5);
        assertThat(c.shadowAlertRate()).isZero();
    }
}
