package io.ganwatch.benchmark;

import io.ganwatch.demo.SimulatedTraffic;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SoakInputTest {
    private static final List<Map<String, Object>> PAYMENTS = SimulatedTraffic.payments(1, 50);

    @Test
    void onePercentIsBadAndEveryKindComesInTurn() {
        Map<SoakInput.Kind, Integer> counts = new EnumMap<>(SoakInput.Kind.class);
        int bad = 0;
        for (int i = 0; i < 10_000; i++) {
            SoakInput.Kind k = SoakInput.kindOf(i);
            if (k != null) {
                bad++;
                counts.merge(k, 1, Integer::sum);
            }
        }
        assertThat(bad).isEqualTo(100);
        assertThat(counts).hasSize(SoakInput.Kind.values().length).allSatisfy((k, n) -> assertThat(n).isEqualTo(10));
    }

    @Test
    void eachKindIsWhatItSaysAndTheSameSeedGivesTheSameBytes() {
        SoakInput a = new SoakInput(5);
        SoakInput b = new SoakInput(5);
        Map<SoakInput.Kind, SoakInput.Message> byKind = new EnumMap<>(SoakInput.Kind.class);
        for (int i = 0; byKind.size() < SoakInput.Kind.values().length; i++) {
            SoakInput.Message m = a.message(i, PAYMENTS.get(i % PAYMENTS.size()));
            SoakInput.Message n = b.message(i, PAYMENTS.get(i % PAYMENTS.size()));
            assertThat(n.value()).isEqualTo(m.value());
            if (m.kind() != null) {
                byKind.put(m.kind(), m);
            } else {
                assertThat(m.key()).isNotNull();
                assertThat(m.value()[0]).isEqualTo((byte) 0xC3); // Avro single-object marker
            }
        }
        assertThat(byKind.get(SoakInput.Kind.EMPTY_VALUE).value()).isEmpty();
        assertThat(byKind.get(SoakInput.Kind.NULL_KEY).key()).isNull();
        assertThat(byKind.get(SoakInput.Kind.ONE_MEGABYTE).value().length).isGreaterThan(1_000_000).isLessThan(1_048_000);
        assertThat(byKind.get(SoakInput.Kind.DEEP_JSON).value()[99_999]).isEqualTo((byte) '[');
        byte[] valid = a.message(0, PAYMENTS.get(0)).value();
        byte[] wrong = byKind.get(SoakInput.Kind.WRONG_FINGERPRINT).value();
        assertThat(Arrays.copyOfRange(wrong, 0, 2)).isEqualTo(Arrays.copyOfRange(valid, 0, 2));
        assertThat(Arrays.copyOfRange(wrong, 2, 10)).isNotEqualTo(Arrays.copyOfRange(valid, 2, 10));
        assertThat(byKind.get(SoakInput.Kind.TRUNCATED_AVRO).value().length).isLessThan(valid.length);
    }

    @Test
    void theWriterSchemasDropOrRetypeTheAmountOnly() {
        Schema noAmount = SoakInput.writerSchemas().get(0);
        Schema textAmount = SoakInput.writerSchemas().get(1);
        assertThat(noAmount.getField("amount")).isNull();
        assertThat(noAmount.getFields()).hasSize(io.ganwatch.avro.CardTransaction.getClassSchema().getFields().size() - 1);
        assertThat(textAmount.getField("amount").schema().getType()).isEqualTo(Schema.Type.STRING);
        assertThat(textAmount.getField("merchant_category")).isNotNull();
    }
}
