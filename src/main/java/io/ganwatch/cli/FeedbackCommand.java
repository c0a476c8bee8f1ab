package io.ganwatch.cli;

import io.ganwatch.avro.AlertFeedback;
import io.ganwatch.feedback.Verdicts;
import io.ganwatch.streams.FeedbackCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code feedback}: send one analyst verdict on an alert to the feedback topic. */
@Command(name = "feedback", mixinStandardHelpOptions = true,
        description = {"Send one analyst verdict on an alert to the feedback topic (key: the alert id), where a stream",
                "started with ganwatch.feedback.topic joins it to the alert and reports precision per model version.",
                "For small teams and tests; tools that send many verdicts write AlertFeedback records themselves.",
                "Example: ganwatch feedback --bootstrap-servers localhost:9092 --topic ganwatch-feedback"
                        + " --alert-id connections-0-42 --verdict false-positive --note 'backup job'"})
final class FeedbackCommand implements Callable<Integer> {
    @Mixin
    KafkaClientOptions kafka;

    @Option(names = "--topic", required = true, description = "Feedback topic (the stream's ganwatch.feedback.topic).")
    String topic;

    @Option(names = "--alert-id", required = true, description = "The alert's alert_id, as on the alerts topic.")
    String alertId;

    @Option(names = "--verdict", required = true, description = "true-positive, false-positive or unsure.")
    String verdict;

    @Option(names = "--analyst", description = "Who gives the verdict (default: the user name of this process).")
    String analyst;

    @Option(names = "--note", description = "Free text kept with the verdict.")
    String note;

    @Option(names = "--format", description = "avro (single-object encoding, default) or json.")
    String format = "avro";

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws InterruptedException {
        if (alertId.isBlank()) {
            throw new IllegalArgumentException("--alert-id is empty; pass the alert_id of the alert you judge");
        }
        boolean json = switch (format.trim().toLowerCase(Locale.ROOT)) {
            case "avro" -> false;
            case "json" -> true;
            default -> throw new IllegalArgumentException("unknown --format '" + format + "'; use avro or json");
        };
        String who = analyst != null ? analyst : System.getProperty("user.name", "unknown");
        if (who.isBlank()) {
            throw new IllegalArgumentException("--analyst is empty; name who gives the verdict, or leave the flag out");
        }
        AlertFeedback feedback = AlertFeedback.newBuilder().setAlertId(alertId.trim()).setVerdict(Verdicts.parse(verdict))
                .setAnalyst(who).setDecidedAt(Instant.ofEpochMilli(System.currentTimeMillis())).setNote(note).build();
        byte[] value = FeedbackCodec.encode(feedback, json);
        Properties p = kafka.properties();
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        // Fail within 30 s, in one line, when the cluster or the topic is not there, rather than after the default minute.
        p.put("max.block.ms", "30000");
        p.put("request.timeout.ms", "15000");
        p.put("delivery.timeout.ms", "30000");
        KafkaProducer<String, byte[]> client;
        try {
            client = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        } catch (org.apache.kafka.common.KafkaException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException("cannot start a Kafka producer: " + cause.getMessage()
                    + "; check --bootstrap-servers (host:port) and the client settings", e);
        }
        try (KafkaProducer<String, byte[]> producer = client) {
            RecordMetadata m = producer.send(new ProducerRecord<>(topic, feedback.getAlertId(), value)).get(60, TimeUnit.SECONDS);
            System.out.printf("sent %s on alert %s to %s (partition %d, offset %d)%n", Verdicts.spell(feedback.getVerdict()),
                    feedback.getAlertId(), topic, m.partition(), m.offset());
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("sending the verdict to " + topic + " failed: " + cause.getMessage()
                    + "; check --bootstrap-servers and that the topic exists", e);
        }
        return 0;
    }
}
