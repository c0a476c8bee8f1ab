package io.ganwatch.features;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * How one raw column becomes one or more encoded features.
 *
 * <p>Sealed so that every consumer (encoder, ONNX export, explanations) handles every kind.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = NumericColumn.class, name = "numeric"),
        @JsonSubTypes.Type(value = CategoricalColumn.class, name = "categorical")
})
public sealed interface ColumnSpec permits NumericColumn, CategoricalColumn {
    /** The raw column (or Avro field) name. */
    String name();

    /** Number of encoded features this column produces. */
    int width();

    /** Human-readable names of the encoded features, {@link #width()} of them. */
    java.util.List<String> featureNames();
}
