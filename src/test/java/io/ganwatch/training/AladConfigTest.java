package io.ganwatch.training;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How many prototypes the kNN head keeps when the configuration leaves it to the rows' width. */
class AladConfigTest {
    @Test
    void automaticPrototypesKeepTheDistancesCostAndGrowForNarrowRowsUpToTheCap() {
        AladConfig automatic = AladConfig.defaults(1);
        // 128 encoded features or more: the feature space's 128 values a prototype, as before.
        assertThat(automatic.maxPrototypes(121)).isEqualTo(4096 * 128 / 121);
        assertThat(automatic.maxPrototypes(128)).isEqualTo(4096);
        assertThat(automatic.maxPrototypes(500)).isEqualTo(4096);
        // Narrower rows are measured in the input space: the same multiplications buy more prototypes.
        assertThat(automatic.maxPrototypes(80)).isEqualTo(6553);
        assertThat(automatic.maxPrototypes(80) * 80).isLessThanOrEqualTo(AladConfig.DISTANCE_BUDGET);
        assertThat(automatic.maxPrototypes(64)).isEqualTo(8192);
        assertThat(automatic.maxPrototypes(10)).isEqualTo(AladConfig.MOST_PROTOTYPES);
    }

    @Test
    void aPrototypeCountTheUserGaveIsKeptWhateverTheWidth() {
        AladConfig d = AladConfig.defaults(1);
        AladConfig given = new AladConfig(d.epochs(), d.batchSize(), d.latentDim(), d.learningRate(), d.beta1(), 1,
                d.timeBudgetSeconds(), d.minSteps(), 1024, d.averageDecay());
        assertThat(given.maxPrototypes(10)).isEqualTo(1024);
        assertThat(given.maxPrototypes(300)).isEqualTo(1024);
    }
}
