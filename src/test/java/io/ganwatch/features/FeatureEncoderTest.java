package io.ganwatch.features;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ganwatch.input.InputException;
import io.ganwatch.input.Table;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeatureEncoderTest {
    private static final List<String> COLUMNS = List.of("bytes", "proto", "label");

    /** bytes 0..100 (centre 50, scale IQR/1.349 = 50/1.349, clip 5), proto in {tcp, udp}. */
    private static Table training() {
        Object[][] rows = new Object[101][];
        for (int i = 0; i <= 100; i++) {
            rows[i] = new Object[] {String.valueOf(i), i % 2 == 0 ? "tcp" : "udp", "normal"};
        }
        return Tables.of(COLUMNS, rows);
    }

    private static FeatureSpec learn(MissingPolicy policy) {
        return new FeatureSpecLearner(Set.of("label"), Set.of(), policy, 100).learn(training());
    }

    private static Table scoring(Object[]... rows) {
        return Tables.of(COLUMNS, rows);
    }

    @Test
    void encodesNumericScaledAndCategoricalOneHot() {
        FeatureEncoder enc = new FeatureEncoder(learn(MissingPolicy.IMPUTE));

        float[][] out = enc.encode(scoring(new Object[] {"75", "udp", "x"}, new Object[] {"50", "tcp", "x"}));

        assertThat(enc.width()).isEqualTo(4);
        assertThat(out[0]).containsExactly((float) (25 / (50 / 1.349)), 0f, 1f, 0f);
        assertThat(out[1]).containsExactly(0f, 1f, 0f, 0f);
    }

    @Test
    void unknownCategoryGoesToTheLastPositionOfItsBlock() {
        FeatureSpec spec = learn(MissingPolicy.IMPUTE);
        FeatureEncoder enc = new FeatureEncoder(spec);

        float[][] out = enc.encode(scoring(new Object[] {"50", "sctp", "x"}));

        assertThat(out[0]).containsExactly(0f, 0f, 0f, 1f);
        assertThat(spec.featureNames().get(3)).isEqualTo("proto=" + CategoricalColumn.UNKNOWN);
        assertThat(((CategoricalColumn) spec.columns().get(1)).indexOf("sctp")).isEqualTo(2);
    }

    @Test
    void missingValuesAreImputedToTheTrainingMedianAndUnknownBucket() {
        FeatureSpec spec = learn(MissingPolicy.IMPUTE);
        NumericColumn bytes = (NumericColumn) spec.columns().get(0);

        float[][] out = new FeatureEncoder(spec).encode(scoring(new Object[] {"", null, "x"}, new Object[] {null, " ", "x"}));

        assertThat(bytes.impute()).isEqualTo(50.0);
        assertThat(out[0]).containsExactly(bytes.encode(50.0), 0f, 0f, 1f);
        assertThat(out[0][0]).isEqualTo(0f);
        assertThat(out[1]).containsExactly(0f, 0f, 0f, 1f);
    }

    @Test
    void missingValueIsRejectedUnderRejectNamingTheLine() {
        FeatureEncoder enc = new FeatureEncoder(learn(MissingPolicy.REJECT));

        assertThatThrownBy(() -> enc.encode(scoring(new Object[] {"1", "tcp", "x"}, new Object[] {"", "tcp", "x"})))
                .isInstanceOfSatisfying(InputException.class, e -> {
                    assertThat(e.line()).isEqualTo(3L);
                    assertThat(e.column()).isEqualTo("bytes");
                })
                .hasMessageStartingWith("train.csv:3: column 'bytes': value is missing");
    }

    @Test
    void missingCategoryIsRejectedUnderRejectToo() {
        FeatureEncoder enc = new FeatureEncoder(learn(MissingPolicy.REJECT));

        assertThatThrownBy(() -> enc.encode(scoring(new Object[] {"1", null, "x"})))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("train.csv:2: column 'proto': value is missing");
    }

    @Test
    void textInANumericColumnIsRejectedNamingLineAndColumn() {
        FeatureEncoder enc = new FeatureEncoder(learn(MissingPolicy.IMPUTE));

        assertThatThrownBy(() -> enc.encode(scoring(new Object[] {"1", "tcp", "x"}, new Object[] {"lots", "tcp", "x"})))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("train.csv:3: column 'bytes': text value 'lots'");
    }

    @Test
    void nonFiniteValuesAreRejected() {
        FeatureEncoder enc = new FeatureEncoder(learn(MissingPolicy.IMPUTE));

        for (Object bad : List.of("NaN", "inf", "-Infinity", Double.POSITIVE_INFINITY, Double.NaN)) {
            assertThatThrownBy(() -> enc.encode(scoring(new Object[] {bad, "tcp", "x"})))
                    .as(String.valueOf(bad))
                    .isInstanceOf(InputException.class)
                    .hasMessageStartingWith("train.csv:2: column 'bytes': ")
                    .hasMessageContaining("not finite");
        }
    }

    @Test
    void missingColumnIsNamed() {
        FeatureEncoder enc = new FeatureEncoder(learn(MissingPolicy.IMPUTE));
        Table noBytes = Tables.of(List.of("proto"), new Object[] {"tcp"});

        assertThatThrownBy(() -> enc.encode(noBytes))
                .isInstanceOfSatisfying(InputException.class, e -> assertThat(e.column()).isEqualTo("bytes"))
                .hasMessageStartingWith("train.csv: column 'bytes': the model needs this column");
    }

    @Test
    void columnsAreFoundByNameInAnyOrder() {
        FeatureEncoder enc = new FeatureEncoder(learn(MissingPolicy.IMPUTE));
        Table reordered = Tables.of(List.of("proto", "extra", "bytes"), new Object[] {"udp", "?", "75"});

        assertThat(enc.encode(reordered)[0]).containsExactly((float) (25 / (50 / 1.349)), 0f, 1f, 0f);
    }

    @Test
    void encodedValuesAreClipped() {
        FeatureSpec spec = learn(MissingPolicy.IMPUTE);
        NumericColumn bytes = (NumericColumn) spec.columns().get(0);

        float[][] out = new FeatureEncoder(spec).encode(scoring(
                new Object[] {"1e12", "tcp", "x"}, new Object[] {"-1e12", "tcp", "x"}, new Object[] {"300", "tcp", "x"}));

        assertThat(bytes.clip()).isEqualTo(5.0);
        assertThat(out[0][0]).isEqualTo(5f);
        assertThat(out[1][0]).isEqualTo(-5f);
        assertThat(out[2][0]).isEqualTo(5f);
    }

    @Test
    void logColumnEncodesNegativeScoringValuesSymmetrically() {
        NumericColumn c = new NumericColumn("b", true, 0.0, 1.0, 0.0, 100.0);

        assertThat(c.encode(-Math.E + 1)).isEqualTo(-c.encode(Math.E - 1));
        assertThat(c.encode(Math.E - 1)).isEqualTo(1f);
    }

    @Test
    void specRoundTripsThroughJacksonAndEncodesIdentically() throws Exception {
        Object[][] rows = new Object[200][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new Object[] {String.valueOf(1000 / (i + 1)), i % 3 == 0 ? "icmp" : "tcp", "normal"};
        }
        FeatureSpec spec = new FeatureSpecLearner(Set.of("label"), Set.of(), MissingPolicy.REJECT, 100)
                .learn(Tables.of(COLUMNS, rows));
        assertThat(((NumericColumn) spec.columns().get(0)).log()).isTrue();
        ObjectMapper mapper = new ObjectMapper();

        String json = mapper.writeValueAsString(spec);
        FeatureSpec back = mapper.readValue(json, FeatureSpec.class);

        assertThat(json).contains("\"kind\":\"numeric\"").contains("\"kind\":\"categorical\"");
        assertThat(back).isEqualTo(spec);
        assertThat(back.missing()).isEqualTo(MissingPolicy.REJECT);
        Table probe = scoring(new Object[] {"7", "tcp", "x"}, new Object[] {"123456", "icmp", "x"},
                new Object[] {"0", "udp", "x"}, new Object[] {"-3", "tcp", "x"});
        float[][] before = new FeatureEncoder(spec).encode(probe);
        float[][] after = new FeatureEncoder(back).encode(probe);
        assertThat(after).isDeepEqualTo(before);
        assertThat(before[2]).endsWith(0f, 0f, 1f);
    }
}
