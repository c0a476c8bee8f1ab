package io.ganwatch.streams;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldExtractorTest {
    private static final Schema A = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"A\",\"fields\":["
            + "{\"name\":\"bytes\",\"type\":\"double\"},{\"name\":\"protocol\",\"type\":\"string\"}]}");
    // The same fields in another order, plus one: positions must be resolved per writer schema.
    private static final Schema B = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"B\",\"fields\":["
            + "{\"name\":\"note\",\"type\":\"string\"},{\"name\":\"protocol\",\"type\":\"string\"},{\"name\":\"bytes\",\"type\":\"double\"}]}");
    private static final Schema SHORT = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"S\",\"fields\":["
            + "{\"name\":\"bytes\",\"type\":\"double\"}]}");

    private static AvroDecodedRecord record(Schema s, Object... kv) {
        GenericRecord g = new GenericData.Record(s);
        for (int i = 0; i < kv.length; i += 2) {
            g.put((String) kv[i], kv[i + 1]);
        }
        return new AvroDecodedRecord(g);
    }

    @Test
    void avroFieldsAreReadByNameWhateverTheWriterSchemasOrderAndAMissingOneIsRejected() {
        FieldExtractor x = new FieldExtractor(List.of("bytes", "protocol"));
        assertThat(x.extract(record(A, "bytes", 1.0, "protocol", new Utf8("tcp")))).containsExactly(1.0, "tcp");
        assertThat(x.extract(record(B, "note", "n", "protocol", new Utf8("udp"), "bytes", 2.0))).containsExactly(2.0, "udp");
        assertThat(x.extract(record(A, "bytes", 3.0, "protocol", "icmp"))).containsExactly(3.0, "icmp");
        assertThatThrownBy(() -> x.extract(record(SHORT, "bytes", 4.0)))
                .isInstanceOfSatisfying(RejectedRecordException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.MISSING_FIELD))
                .hasMessageContaining("field 'protocol' is missing");
    }
}
