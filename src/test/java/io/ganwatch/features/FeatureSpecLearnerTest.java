package io.ganwatch.features;

import io.ganwatch.input.InputException;
import io.ganwatch.input.Table;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeatureSpecLearnerTest {
    private static final FeatureSpecLearner LEARNER = FeatureSpecLearner.excluding(Set.of("label"));

    private static NumericColumn numeric(Object... values) {
        FeatureSpec spec = LEARNER.learn(Tables.column("v", values));
        assertThat(spec.columns()).hasSize(1);
        assertThat(spec.columns().get(0)).isInstanceOf(NumericColumn.class);
        return (NumericColumn) spec.columns().get(0);
    }

    @Test
    void numbersBecomeNumericAndTextBecomesCategoricalAndExcludedColumnsAreSkipped() {
        Table t = Tables.of(List.of("bytes", "proto", "label"),
                new Object[] {"10", "tcp", "normal"},
                new Object[] {"2.5", "udp", "attack"},
                new Object[] {"-3e2", "tcp", "normal"},
                new Object[] {"7", "icmp", "normal"});

        FeatureSpec spec = LEARNER.learn(t);

        assertThat(spec.columnNames()).containsExactly("bytes", "proto");
        assertThat(spec.columns().get(0)).isInstanceOf(NumericColumn.class);
        assertThat(spec.columns().get(1)).isEqualTo(new CategoricalColumn("proto", List.of("icmp", "tcp", "udp")));
        assertThat(spec.width()).isEqualTo(1 + 4);
        assertThat(spec.featureNames()).containsExactly("bytes", "proto=icmp", "proto=tcp", "proto=udp", "proto=<unknown>");
    }

    @Test
    void forcedCategoricalColumnKeepsNumbersAsCategories() {
        FeatureSpecLearner learner = new FeatureSpecLearner(Set.of(), Set.of("port"), MissingPolicy.IMPUTE, 100);

        FeatureSpec spec = learner.learn(Tables.column("port", "80", "443", "80"));

        assertThat(spec.columns().get(0)).isEqualTo(new CategoricalColumn("port", List.of("443", "80")));
    }

    @Test
    void heavyTailedNonNegativeColumnGetsLog() {
        Object[] values = new Object[200];
        for (int i = 0; i < values.length; i++) {
            values[i] = String.valueOf(1000 / (i + 1));
        }

        NumericColumn c = numeric(values);

        assertThat(c.log()).isTrue();
        // Centre and scale are learned after the transform.
        assertThat(c.center()).isLessThan(Math.log1p(10));
    }

    @Test
    void symmetricColumnDoesNotGetLogEvenWhenNonNegative() {
        Object[] values = new Object[201];
        for (int i = 0; i < values.length; i++) {
            values[i] = String.valueOf(i);
        }

        NumericColumn c = numeric(values);

        assertThat(c.log()).isFalse();
        assertThat(c.center()).isEqualTo(100.0);
        // IQR 100 (50 to 150) over 1.349; half the standard deviation (29.0) is smaller
        assertThat(c.scale()).isCloseTo(100 / 1.349, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(c.impute()).isEqualTo(100.0);
    }

    @Test
    void heavyTailedColumnWithNegativeValuesDoesNotGetLog() {
        Object[] values = new Object[200];
        for (int i = 0; i < values.length; i++) {
            values[i] = String.valueOf(1000 / (i + 1) - 10);
        }

        assertThat(numeric(values).log()).isFalse();
    }

    @Test
    void zeroIqrFallsBackToHalfTheStandardDeviation() {
        NumericColumn c = numeric("-1", "0", "0", "0", "0", "0", "0", "0", "0", "1");

        double halfStd = 0.5 * Math.sqrt(2.0 / 10); // mean 0, two values at distance 1
        assertThat(c.log()).isFalse();
        assertThat(c.center()).isEqualTo(0.0);
        assertThat(c.scale()).isCloseTo(halfStd, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(c.encode(1.0)).isEqualTo((float) (1 / halfStd));
    }

    @Test
    void twoValuedColumnIsFlooredAtTheWholeStandardDeviation() {
        // The same shares as above, but only two values: an indicator, whose IQR of 0 says nothing.
        NumericColumn indicator = numeric("1", "0", "0", "0", "0", "0", "0", "0", "0", "1");
        NumericColumn threeValued = numeric("2", "0", "0", "0", "0", "0", "0", "0", "0", "1");

        double std = Math.sqrt(0.2 * 0.8);
        assertThat(indicator.scale()).isCloseTo(std, org.assertj.core.api.Assertions.within(1e-12));
        double mean = 0.3;
        double std3 = Math.sqrt((4 + 1) / 10.0 - mean * mean);
        assertThat(threeValued.scale()).isCloseTo(std3 / 2, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void twoValuedColumnWithALargeIqrKeepsIt() {
        // Half ones: IQR 1 gives 0.741, more than the standard deviation 0.5, so the floor does not bite.
        NumericColumn c = numeric("0", "1", "0", "1", "0", "1", "0", "1");

        assertThat(c.scale()).isCloseTo(1 / 1.349, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void constantColumnGetsScaleOne() {
        NumericColumn c = numeric("4", "4", "4");

        assertThat(c.scale()).isEqualTo(1.0);
        assertThat(c.encode(6.0)).isEqualTo(2.0f);
    }

    @Test
    void numbersFromNumericFormatsAreLearnedToo() {
        NumericColumn c = numeric(1.0, 2.0, 3.0);

        assertThat(c.center()).isEqualTo(2.0);
    }

    @Test
    void textInAMostlyNumericColumnNamesTheLineAndColumn() {
        Object[] values = new Object[30];
        for (int i = 0; i < values.length; i++) {
            values[i] = String.valueOf(i * 3);
        }
        values[13] = "12kb";

        assertThatThrownBy(() -> LEARNER.learn(Tables.column("bytes", values)))
                .isInstanceOfSatisfying(InputException.class, e -> {
                    assertThat(e.line()).isEqualTo(15L);
                    assertThat(e.column()).isEqualTo("bytes");
                })
                .hasMessageStartingWith("train.csv:15: column 'bytes': text value '12kb' in a numeric column")
                .hasMessageContaining("--categorical bytes");
    }

    @Test
    void mostlyTextColumnIsCategoricalEvenWithSomeNumbers() {
        FeatureSpec spec = LEARNER.learn(Tables.column("service", "http", "smtp", "80", "ftp"));

        assertThat(spec.columns().get(0)).isEqualTo(new CategoricalColumn("service", List.of("80", "ftp", "http", "smtp")));
    }

    @Test
    void nanTextIsRefusedAsNotFinite() {
        assertThatThrownBy(() -> LEARNER.learn(Tables.column("rate", "0.5", "nan", "0.7")))
                .isInstanceOfSatisfying(InputException.class, e -> assertThat(e.line()).isEqualTo(3L))
                .hasMessageContaining("column 'rate'")
                .hasMessageContaining("not finite");
    }

    @Test
    void infinityInAnySpellingIsRefusedAsNotFinite() {
        for (String inf : List.of("inf", "-inf", "Infinity", "+INF", "NaN")) {
            assertThatThrownBy(() -> LEARNER.learn(Tables.column("rate", "1", inf)))
                    .as(inf)
                    .isInstanceOf(InputException.class)
                    .hasMessageContaining("not finite");
        }
    }

    @Test
    void nanNumberFromANumericFormatIsRefused() {
        assertThatThrownBy(() -> LEARNER.learn(Tables.column("x0", 1.0, Double.NaN)))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("train.csv:3: column 'x0': ")
                .hasMessageContaining("not finite");
    }

    @Test
    void missingValuesAreSkippedUnderImputeAndTheMedianIsOfPresentValues() {
        NumericColumn c = numeric("1", "", "3", null, "5");

        assertThat(c.impute()).isEqualTo(3.0);
    }

    @Test
    void missingValueIsRefusedAtTrainingUnderReject() {
        FeatureSpecLearner reject = new FeatureSpecLearner(Set.of(), Set.of(), MissingPolicy.REJECT, 100);

        assertThatThrownBy(() -> reject.learn(Tables.column("bytes", "1", "2", " ", "4")))
                .isInstanceOfSatisfying(InputException.class, e -> assertThat(e.line()).isEqualTo(4L))
                .hasMessageStartingWith("train.csv:4: column 'bytes': value is missing");
    }

    @Test
    void emptyTableIsRefused() {
        assertThatThrownBy(() -> LEARNER.learn(Tables.of(List.of("a"))))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("has no data rows");
    }

    @Test
    void allMissingColumnIsRefused() {
        assertThatThrownBy(() -> LEARNER.learn(Tables.column("a", "", null)))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("column 'a': every value is missing");
    }

    @Test
    void tooManyCategoriesLooksLikeAnId() {
        FeatureSpecLearner learner = new FeatureSpecLearner(Set.of(), Set.of(), MissingPolicy.IMPUTE, 2);

        assertThatThrownBy(() -> learner.learn(Tables.column("user", "ann", "bob", "cy")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("column 'user': 3 distinct values is more than 2 categories");
    }

    @Test
    void clipCoversTheTrainingRangeTwiceAndAtLeastFive() {
        NumericColumn narrow = numeric("0", "1", "2", "3", "4");
        Object[] wide = new Object[101];
        for (int i = 0; i < 100; i++) {
            wide[i] = String.valueOf(i % 2);
        }
        wide[100] = "-60";
        NumericColumn withOutlier = numeric(wide);

        assertThat(narrow.clip()).isEqualTo(5.0);
        // median 0; IQR 1 gives 0.741, but the outlier makes half the standard deviation larger (3.005);
        // the farthest training value is 60 away: clip at twice that in scaled units
        double mean = (50 - 60) / 101.0;
        double std = Math.sqrt((50 + 3600) / 101.0 - mean * mean);
        assertThat(withOutlier.log()).isFalse();
        assertThat(withOutlier.center()).isEqualTo(0.0);
        assertThat(withOutlier.scale()).isCloseTo(std / 2, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(withOutlier.clip()).isCloseTo(2 * 60 / (std / 2), org.assertj.core.api.Assertions.within(1e-9));
    }
}
