package io.ganwatch.kafka;

import io.ganwatch.streams.ModelMessages;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Properties;

/**
 * A model topic, and a producer that writes bundles to it, set up as a user's must be: the topic
 * compacted with {@code max.message.bytes} and the producer with {@code max.request.size} both at
 * {@link ModelMessages#MAX_BYTES}, as {@code publish-model} does. A bundle's message (1 to 8 MB, the
 * graph's stored prototypes) is over Kafka's 1 MB defaults, and the test broker keeps those defaults,
 * so that the tests exercise these per-topic and per-producer settings.
 */
public final class ModelTopics {
    private ModelTopics() {
    }

    /** Creates {@code topic} (one partition) with {@link ModelMessages#topicConfigs()}; an existing topic is left as it is. */
    public static void create(LocalKafka kafka, String topic) {
        kafka.createCompactedTopic(topic, 1, ModelMessages.topicConfigs());
    }

    /** {@code client} with {@code max.request.size} at {@link ModelMessages#MAX_BYTES}. */
    public static Properties producerSettings(Properties client) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(ModelMessages.MAX_BYTES));
        return p;
    }

    /** A producer of model messages (String keys, byte[] values) with {@link #producerSettings}; the caller closes it. */
    public static KafkaProducer<String, byte[]> producer(Properties client) {
        return new KafkaProducer<>(producerSettings(client), new StringSerializer(), new ByteArraySerializer());
    }
}
