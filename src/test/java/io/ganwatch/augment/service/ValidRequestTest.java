package io.ganwatch.augment.service;

import io.ganwatch.augment.AugmentMethod;
import io.ganwatch.augment.classify.ClassifierKind;
import io.ganwatch.features.RawValues;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ValidRequestTest {
    private static ValidRequest withMinority(String... minority) {
        return new ValidRequest("r1", new SourceRef.FileRef(Path.of("/data/in.csv"), null), null, "label",
                new LinkedHashSet<>(List.of(minority)), AugmentMethod.NONE, 0, ClassifierKind.XGBOOST, 1, 1, Duration.ofSeconds(1), null, null);
    }

    @Test
    void minorityValuesAreCategoryTextLikeTheLabelsTheyAreComparedWith() {
        // The service counts minority rows by RawValues.category of each label; a request for "1.0"
        // must find the CSV's "1.0", an Avro 1.0 and a JSON 1 alike.
        ValidRequest r = withMinority("1.0", "fraud", "007");
        assertThat(r.minority()).containsExactly("1", "fraud", "007");
        assertThat(r.minority()).contains(RawValues.category("1.0"), RawValues.category(1.0d), RawValues.category(1L));
    }
}
