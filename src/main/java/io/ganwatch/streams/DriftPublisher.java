package io.ganwatch.streams;

import io.ganwatch.avro.ColumnDrift;
import io.ganwatch.drift.DriftReport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Writes each {@link DriftReport} to the drift topic ({@code ganwatch.drift.topic}), keyed by
 * instance id, as a {@code DriftReport} (schema {@code schemas/DriftReport.avsc}) in the stream's wire
 * format: JSON for {@code json}, Avro single-object encoding otherwise (under {@code confluent-avro}
 * too: reports are not registered with the schema registry).
 *
 * <p>A plain producer, outside the scoring path's exactly-once transactions: reports are telemetry,
 * measured from wall-clock windows, and a report lost or repeated after a crash misleads no one, while
 * tying them to a task's transaction would need them per task, not per instance. A failed send is
 * logged and the next interval sends a fresh report.
 */
final class DriftPublisher implements Consumer<DriftReport>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DriftPublisher.class);

    private final String topic;
    private final double psiLimit;
    private final OutputEncoder encoder;
    private final KafkaProducer<byte[], byte[]> producer;

    /** A producer on the cluster of {@code kafka} (the stream's settings; only the producer's keys are used). */
    DriftPublisher(Properties kafka, String topic, double psiLimit, WireFormat format) {
        this.topic = topic;
        this.psiLimit = psiLimit;
        this.encoder = new OutputEncoder(format == WireFormat.JSON ? WireFormat.JSON : WireFormat.AVRO);
        Properties props = new Properties();
        kafka.forEach((k, v) -> {
            if (ProducerConfig.configNames().contains(k.toString())) {
                props.put(k, v);
            }
        });
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "ganwatch-drift-reports");
        props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void accept(DriftReport report) {
        byte[] key = report.instanceId().getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(topic, key, encoder.encode(avro(report, psiLimit))), (meta, e) -> {
            if (e != null) {
                LOG.warn("drift watch: could not write the drift report to topic '{}' ({}); check that the topic exists and"
                        + " this client may write to it; the next interval sends a fresh report", topic, e.getMessage());
            }
        });
    }

    /** The report as its Avro record. */
    static io.ganwatch.avro.DriftReport avro(DriftReport r, double psiLimit) {
        return io.ganwatch.avro.DriftReport.newBuilder()
                .setModelId(r.modelId())
                .setModelVersion(r.modelVersion())
                .setInstanceId(r.instanceId())
                .setWindowStart(Instant.ofEpochMilli(r.windowStartMs()))
                .setWindowEnd(Instant.ofEpochMilli(r.windowEndMs()))
                .setRows(r.rows())
                .setColumns(r.columns().stream().map(c -> ColumnDrift.newBuilder().setName(c.name()).setKind(c.kind())
                        .setPsi(c.psi()).setUnseenShare(c.unseenShare()).build()).toList())
                .setAlertRate(r.alertRate())
                .setExpectedFpr(r.expectedFpr())
                .setPsiLimit(psiLimit)
                .setColumnsOverLimit(r.columnsOverLimit())
                .build();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
