package io.ganwatch.feedback;

import io.ganwatch.avro.Verdict;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerdictsTest {
    @Test
    void bothSpellingsInAnyCaseNameTheVerdictAndPeopleSeeTheDashedOne() {
        assertThat(Verdicts.parse("false-positive")).isEqualTo(Verdict.FALSE_POSITIVE);
        assertThat(Verdicts.parse(" TRUE_POSITIVE ")).isEqualTo(Verdict.TRUE_POSITIVE);
        assertThat(Verdicts.parse("Unsure")).isEqualTo(Verdict.UNSURE);
        assertThat(Verdicts.spell(Verdict.FALSE_POSITIVE)).isEqualTo("false-positive");
        for (Verdict v : Verdict.values()) {
            assertThat(Verdicts.parse(Verdicts.spell(v))).isEqualTo(v);
        }
    }

    @Test
    void anythingElseIsRefusedNamingTheThreeVerdicts() {
        for (String bad : new String[] {"maybe", "", "false positive", "fp"}) {
            assertThatThrownBy(() -> Verdicts.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("use true-positive, false-positive or unsure");
        }
        assertThatThrownBy(() -> Verdicts.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
