package io.ganwatch.features;

import io.ganwatch.model.ModelBundle;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Specs learned before categories were canonical still load and score as they did. */
class CategoricalColumnTest {
    private static FeatureSpec stored(String categoriesJson) throws Exception {
        String json = """
                {"columns": [{"kind": "categorical", "name": "port", "categories": %s}], "missing": "IMPUTE"}
                """.formatted(categoriesJson);
        return ModelBundle.json().readValue(json, FeatureSpec.class);
    }

    private static float[] encode(FeatureSpec spec, Object value) {
        float[] out = new float[spec.width()];
        new FeatureEncoder(spec).encodeInto(new Object[] {value}, "test", 1, out, 0);
        return out;
    }

    @Test
    void categoriesStoredAsCsvTextAreReadInTheirCanonicalForm() throws Exception {
        FeatureSpec spec = stored("[\"443.0\", \"80.0\", \"ssh\"]");
        CategoricalColumn port = (CategoricalColumn) spec.columns().get(0);
        assertThat(port.categories()).containsExactly("443", "80", "ssh");
        assertThat(spec.width()).isEqualTo(4);
        // The CSV text the bundle was trained on lands where it always did, and so do the stream's numbers.
        float[] slot80 = {0, 1, 0, 0};
        assertThat(encode(spec, "80.0")).containsExactly(slot80);
        assertThat(encode(spec, 80.0d)).containsExactly(slot80);
        assertThat(encode(spec, 80L)).containsExactly(slot80);
        assertThat(encode(spec, "ssh")).containsExactly(0, 0, 1, 0);
        assertThat(encode(spec, "8080")).containsExactly(0, 0, 0, 1);
        assertThat(port.indexOf("80.00")).isEqualTo(1);
    }

    @Test
    void twoStoredSpellingsOfOneNumberKeepTheWidthTheGraphExpects() throws Exception {
        // Learned from a file that wrote 80 and 80.0: two one-hot slots the graph has inputs for.
        // The first keeps the number, the second can no longer be hit (every input is canonical).
        FeatureSpec spec = stored("[\"80\", \"80.0\", \"tcp\"]");
        assertThat(((CategoricalColumn) spec.columns().get(0)).categories()).containsExactly("80", "80.0", "tcp");
        assertThat(spec.width()).isEqualTo(4);
        assertThat(encode(spec, "80.0")).containsExactly(1, 0, 0, 0);
        assertThat(encode(spec, 80.0d)).containsExactly(1, 0, 0, 0);
        // Loading again (a re-saved spec) changes nothing.
        assertThat(new CategoricalColumn("port", List.of("80", "80.0", "tcp")).categories()).containsExactly("80", "80.0", "tcp");
    }
}
