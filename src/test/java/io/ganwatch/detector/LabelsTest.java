package io.ganwatch.detector;

import io.ganwatch.input.InputException;
import io.ganwatch.input.Table;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelsTest {
    private static Table table(Object... labels) {
        List<Table.Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            rows.add(new Table.Row(i + 2, new Object[]{1.0, labels[i]}));
        }
        return new Table("t.csv", List.of("x", "label"), rows);
    }

    @Test
    void everyLabelOtherThanTheNormalValueIsAnAnomaly() {
        assertThat(new Labels("label", "normal").anomalies(table("normal", "smurf", "normal", "neptune")))
                .containsExactly(false, true, false, true);
    }

    @Test
    void numericLabelsCompareAsText() {
        assertThat(new Labels("label", "0").anomalies(table(0.0, 1.0, 0.0))).containsExactly(false, true, false);
    }

    @Test
    void aNumericNormalValueMatchesEverySpellingOfTheNumber() {
        // CSV text "0.0", an Avro or JSON 0.0 and a --normal-value typed as 0 or 0.0 are one label.
        boolean[] expected = {false, true, false, true};
        for (String normal : List.of("0", "0.0", "0.00")) {
            assertThat(new Labels("label", normal).anomalies(table("0.0", "1.0", 0.0, 1L))).as(normal).containsExactly(expected);
            assertThat(new Labels("label", normal).anomalies(table(0.0, 1.0, "0", "1"))).as(normal).containsExactly(expected);
        }
    }

    @Test
    void aNormalValueThatNeverOccursIsAnErrorListingTheLabels() {
        assertThatThrownBy(() -> new Labels("label", "Normal").anomalies(table("normal", "smurf")))
                .isInstanceOf(InputException.class).hasMessageContaining("no row has the normal value 'Normal'")
                .hasMessageContaining("normal, smurf");
    }

    @Test
    void missingLabelsAndColumnsAreNamed() {
        assertThatThrownBy(() -> new Labels("label", "normal").anomalies(table("normal", "")))
                .isInstanceOf(InputException.class).hasMessageStartingWith("t.csv:3: column 'label'");
        assertThatThrownBy(() -> new Labels("class", "normal").anomalies(table("normal")))
                .isInstanceOf(InputException.class).hasMessageContaining("column 'class'");
    }
}
