package io.ganwatch.features;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** One text per number used as a category, whichever reader or decoder the number came through. */
class RawValuesTest {
    static Stream<Arguments> sameCategory() {
        return Stream.of(
                // CSV/KDD text, JSON and Avro numbers, in every spelling, of the same number
                Arguments.of("80", new Object[] {"80", "80.0", "80.00", "8e1", "8.0E1", "+80", "80.", " 80.0 ", 80L, 80, 80.0d, 80.0f,
                        (short) 80, new BigDecimal("80.000")}),
                Arguments.of("80.5", new Object[] {"80.5", "80.50", "8.05e1", 80.5d, 80.5f}),
                Arguments.of("-3", new Object[] {"-3", "-3.0", -3L, -3.0d}),
                Arguments.of("0", new Object[] {"0", "0.0", "-0", "-0.0", 0L, 0.0d, -0.0d}),
                Arguments.of("0.1", new Object[] {"0.1", "0.10", ".1", "1e-1", 0.1d}),
                Arguments.of("0.00001", new Object[] {"0.00001", "1e-5", "1.0E-5", 1e-5}),
                Arguments.of("100000000000000000000", new Object[] {"1e20", "100000000000000000000", 1e20}),
                // beyond 2^53 every reader already holds the number as a double, so the text follows the double
                Arguments.of(RawValues.category((double) 9007199254740993L), new Object[] {9007199254740993L, "9007199254740993"}),
                // text that is not a plain decimal number stays as it is
                Arguments.of("007", new Object[] {"007", " 007 "}),
                Arguments.of("00.5", new Object[] {"00.5"}),
                Arguments.of("tcp", new Object[] {"tcp", " tcp"}),
                Arguments.of("0x50", new Object[] {"0x50"}),
                Arguments.of("80d", new Object[] {"80d"}),
                Arguments.of("1e400", new Object[] {"1e400"}),
                Arguments.of("NaN", new Object[] {"NaN", Double.NaN}),
                Arguments.of("true", new Object[] {"true"}),
                Arguments.of("80-tcp", new Object[] {"80-tcp"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sameCategory")
    void everySpellingOfANumberIsOneCategory(String canonical, Object[] spellings) {
        for (Object v : spellings) {
            assertThat(RawValues.category(v)).as("%s (%s)", v, v.getClass().getSimpleName()).isEqualTo(canonical);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sameCategory")
    void theCanonicalTextIsItsOwnCanonicalText(String canonical, Object[] spellings) {
        // A spec stores canonical texts and loading canonicalises again: that must change nothing.
        assertThat(RawValues.category(canonical)).isEqualTo(canonical);
    }

    /** Was quadratic in the run's length: 25,000 digits took 15 s (found by DecoderFuzzTest). */
    @org.junit.jupiter.api.Test
    void aLongRunOfDigitsIsReadInLinearTime() {
        String digits = "1".repeat(200_000);
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(2), () -> {
            assertThat(RawValues.number(digits + "x", "t", 1, "c")).isNull();
            assertThat(RawValues.number("0." + digits, "t", 1, "c")).isEqualTo(Double.parseDouble("0." + digits));
        });
    }
}
