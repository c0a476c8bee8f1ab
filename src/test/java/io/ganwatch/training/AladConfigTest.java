package io.ganwatch.training;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How many prototypes the kNN head keeps when the configuration leaves it to the rows' width. */
class AladConfigTest {
    @Test
    void automaticPrototypesAreTwiceAsManyForNarrowRowsOnly() {
        AladConfig automatic = AladConfig.defaults(1);
        assertThat(automatic.maxPrototypes(6)).isEqualTo(8192);
        assertThat(automatic.maxPrototypes(AladConfig.NARROW_WIDTH)).isEqualTo(8192);
        assertThat(automatic.maxPrototypes(AladConfig.NARROW_WIDTH + 1)).isEqualTo(4096);
        assertThat(automatic.maxPrototypes(121)).isEqualTo(4096);
        assertThat(automatic.maxPrototypes(500)).isEqualTo(4096);
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
