package io.ganwatch.cli;

import io.ganwatch.kafka.LocalKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@code augment-service} ends when its loop dies, against a real broker: with a non-zero exit
 * code, so that a supervisor (systemd, Kubernetes) restarts it instead of taking it for a clean stop.
 */
class AugmentServiceCommandIT {
    @TempDir
    Path dir;

    @Test
    void theCommandExitsNonZeroWhenAnErrorEndsTheServiceLoop() throws Exception {
        try (LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"))) {
            kafka.createTopics(Map.of("cmd-requests", 1, "cmd-synthetic", 1));
            Path data = Files.createDirectories(dir.resolve("data"));
            StringBuilder csv = new StringBuilder("amount,label\n");
            for (int i = 0; i < 20; i++) {
                csv.append(i).append(',').append(i % 4 == 0 ? 1 : 0).append('\n');
            }
            Path cards = Files.writeString(data.resolve("cards.csv"), csv);

            // An internal JVM error is the one kind the handler lets through: after it the service must stop, and say so.
            AugmentServiceCommand command = new AugmentServiceCommand(spec -> {
                throw new InternalError("simulated JVM fault");
            });
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(command).execute(
                    "--bootstrap-servers", kafka.bootstrapServers(), "--requests-topic", "cmd-requests",
                    "--results-topic", "cmd-results", "--group-id", "cmd", "--file-root", data.toString()));

            Properties p = new Properties();
            p.put("bootstrap.servers", kafka.bootstrapServers());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("cmd-requests", "c1", "{\"request_id\": \"c1\", \"source\": {\"path\": \"" + cards
                        + "\"}, \"label_column\": \"label\", \"minority\": [\"1\"], \"count\": 3, \"method\": \"smote\","
                        + " \"destination\": {\"topic\": \"cmd-synthetic\"}}")).get(30, TimeUnit.SECONDS);
            }
            assertThat(exit.get(120, TimeUnit.SECONDS)).isEqualTo(1);
        }
    }
}
