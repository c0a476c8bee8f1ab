package io.ganwatch.api;

import io.ganwatch.detector.Detector;
import io.ganwatch.kafka.LocalKafka;
import io.ganwatch.kafka.ModelTopics;
import io.ganwatch.model.ModelBundle;
import io.ganwatch.scoring.Device;
import io.ganwatch.streams.ConnModels;
import io.ganwatch.streams.ModelMessages;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link GanwatchScorer#followModelTopic} on a real broker: it serves the published bundle, refuses a
 * corrupt one while the old model keeps scoring, and swaps in the next valid one without a restart.
 */
class FollowModelTopicIT {
    private static final Map<String, Object> ROW = Map.of("bytes", 1100.0, "duration", 1.1, "protocol", "tcp");

    @TempDir
    static Path dir;
    static LocalKafka kafka;

    @BeforeAll
    static void broker() {
        kafka = LocalKafka.start(dir.resolve("kafka"));
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Properties clients() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return p;
    }

    private static void publish(String topic, byte[] message) throws Exception {
        try (KafkaProducer<String, byte[]> producer = ModelTopics.producer(clients())) {
            producer.send(new ProducerRecord<>(topic, "conn", message)).get();
        }
    }

    private static double detectorScore(ModelBundle bundle) {
        try (Detector d = new Detector(bundle, Device.CPU, bundle.metadata().threshold().value(), 1)) {
            float[] x = new float[d.encoder().width()];
            d.encoder().encodeInto(new Object[]{ROW.get("bytes"), ROW.get("duration"), ROW.get("protocol")}, "row", 1, x, 0);
            return d.scoreEncoded(x, 1, false).scores()[0];
        }
    }

    @Test
    void servesThePublishedModelRefusesACorruptOneAndSwapsInTheNext() throws Exception {
        ModelBundle v1 = ConnModels.train("conn", 31);
        ModelBundle v2 = ConnModels.train("conn", 32);
        assertThat(v2.metadata().version()).isNotEqualTo(v1.metadata().version());
        ModelTopics.create(kafka, "models");
        publish("models", ModelMessages.encode(v1));

        try (GanwatchScorer scorer = GanwatchScorer.followModelTopic(clients(), "models", ScorerOptions.defaults(),
                Duration.ofSeconds(60))) {
            assertThat(scorer.modelVersion()).isEqualTo(v1.metadata().version());
            assertThat(scorer.score(ROW).score()).isCloseTo(detectorScore(v1), within(1e-5));

            byte[] graph = v2.graph().clone();
            graph[graph.length / 2] ^= 0x33; // altered after hashing: the watcher must refuse it
            publish("models", ModelMessages.encode(new ModelBundle(v2.metadata(), graph)));
            Thread.sleep(3000);
            assertThat(scorer.modelVersion()).as("a corrupt bundle is refused").isEqualTo(v1.metadata().version());
            assertThat(scorer.score(ROW).modelVersion()).isEqualTo(v1.metadata().version());

            publish("models", ModelMessages.encode(v2));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!scorer.modelVersion().equals(v2.metadata().version()) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(scorer.modelVersion()).as("the next valid bundle is swapped in").isEqualTo(v2.metadata().version());
            ScoreResult after = scorer.score(ROW);
            assertThat(after.modelVersion()).isEqualTo(v2.metadata().version());
            assertThat(after.score()).isCloseTo(detectorScore(v2), within(1e-5));
        }
    }

    @Test
    void aMissingOrEmptyTopicIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> GanwatchScorer.followModelTopic(clients(), "no-such-topic", ScorerOptions.defaults(),
                Duration.ofSeconds(10))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
        ModelTopics.create(kafka, "empty-models");
        assertThatThrownBy(() -> GanwatchScorer.followModelTopic(clients(), "empty-models", ScorerOptions.defaults(),
                Duration.ofSeconds(10))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("publish-model");
    }
}
