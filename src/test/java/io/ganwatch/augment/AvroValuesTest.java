package io.ganwatch.augment;

import io.ganwatch.input.InputException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AvroValuesTest {
    private static final Schema INT = Schema.create(Schema.Type.INT);
    private static final Schema LEVEL = SchemaBuilder.enumeration("Level").symbols("LOW", "HIGH");

    private static Object convert(Object v, Schema s) {
        return AvroValues.convert(v, s, "f", 7);
    }

    @Test
    void rawValuesBecomeTheFieldsTypes() {
        assertThat(convert(2.6, INT)).isEqualTo(3);
        assertThat(convert("41", Schema.create(Schema.Type.LONG))).isEqualTo(41L);
        assertThat(convert(0.25, Schema.create(Schema.Type.FLOAT))).isEqualTo(0.25f);
        assertThat(convert("1.5", Schema.create(Schema.Type.DOUBLE))).isEqualTo(1.5);
        assertThat(convert(443.0, Schema.create(Schema.Type.STRING))).isEqualTo("443");
        assertThat(convert("HIGH", LEVEL)).isEqualTo(new GenericData.EnumSymbol(LEVEL, "HIGH"));
        assertThat(convert("TRUE", Schema.create(Schema.Type.BOOLEAN))).isEqualTo(true);
    }

    @Test
    void aUnionTakesNullForAMissingValueAndOtherwiseTheFirstBranchThatFits() {
        Schema union = Schema.createUnion(Schema.create(Schema.Type.NULL), INT, Schema.create(Schema.Type.STRING));
        assertThat(convert(null, union)).isNull();
        assertThat(convert(" ", union)).isNull();
        assertThat(convert(5.0, union)).isEqualTo(5);
        assertThat(convert("tcp", union)).isEqualTo("tcp");
    }

    @Test
    void aValueThatDoesNotFitIsNamedWithItsFieldAndRow() {
        assertThatThrownBy(() -> convert(3e10, INT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("synthetic row 7", "field 'f'", "out of int range");
        assertThatThrownBy(() -> convert("MID", LEVEL)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'MID'", "not one of the symbols");
        assertThatThrownBy(() -> convert("yes", Schema.create(Schema.Type.BOOLEAN))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> convert("abc", INT)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a number");
        assertThatThrownBy(() -> convert(null, Schema.create(Schema.Type.STRING))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not nullable");
        assertThatThrownBy(() -> convert(Double.NaN, Schema.create(Schema.Type.DOUBLE))).isInstanceOf(InputException.class);
    }
}
