package io.ganwatch.cli;

import io.ganwatch.model.ModelBundle;
import io.ganwatch.streams.ModelMessages;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes a verified bundle to the compacted model topic (created if missing), keyed by model id: what
 * {@code publish-model} and {@code recalibrate --publish} share; and a shadow, or its removal, under the
 * model id's shadow key ({@code publish-model --shadow}, {@code promote}, {@code demote}). A missing topic is
 * created with {@link ModelMessages#topicConfigs()}, and the producer allows {@link ModelMessages#MAX_BYTES}:
 * bundles are far larger than typical records.
 */
final class ModelPublisher {
    private ModelPublisher() {
    }

    /**
     * Publishes {@code bundle}.
     *
     * @param client Kafka client settings with bootstrap.servers
     * @param what   names the bundle in the size error (its directory)
     * @return where it was written
     */
    static RecordMetadata publish(ModelBundle bundle, String topic, Properties client, String what) throws InterruptedException {
        return send(topic, client, bundle.metadata().modelId(), ModelMessages.encode(bundle), what);
    }

    /**
     * Publishes {@code bundle} as the shadow of its model id: under {@link ModelMessages#shadowKey}, in
     * the shadow message that only a ganwatch with shadows reads.
     */
    static RecordMetadata publishShadow(ModelBundle bundle, String topic, Properties client, String what) throws InterruptedException {
        return send(topic, client, ModelMessages.shadowKey(bundle.metadata().modelId()), ModelMessages.encodeShadow(bundle), what);
    }

    /** Removes {@code modelId}'s shadow: a tombstone under its shadow key. */
    static RecordMetadata removeShadow(String modelId, String topic, Properties client) throws InterruptedException {
        return send(topic, client, ModelMessages.shadowKey(modelId), null, "the shadow tombstone");
    }

    private static RecordMetadata send(String topic, Properties client, String key, byte[] value, String what)
            throws InterruptedException {
        if (value != null && value.length > ModelMessages.MAX_BYTES) {
            throw new IllegalArgumentException("bundle " + what + " is " + value.length + " bytes; the model topic allows "
                    + ModelMessages.MAX_BYTES + "; use a smaller model");
        }
        Properties p = new Properties();
        p.putAll(client);
        String bootstrap = p.getProperty("bootstrap.servers");
        try (Admin admin = Admin.create(p)) {
            NewTopic t = new NewTopic(topic, Optional.of(1), Optional.empty()).configs(ModelMessages.topicConfigs());
            admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create model topic " + topic + ": " + e.getCause().getMessage(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrap + " did not answer in 30 s; check --bootstrap-servers", e);
        }
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("max.request.size", String.valueOf(ModelMessages.MAX_BYTES));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecordTooLargeException && value != null) {
                // The topic existed already, created without ganwatch's max.message.bytes: the broker's
                // message.max.bytes (1 MB by default) applies, and a bundle is typically 1 to 8 MB.
                throw new IllegalStateException("model topic " + topic + " refused the " + value.length + "-byte bundle " + what
                        + ": the topic allows smaller messages (its max.message.bytes, or the broker's message.max.bytes when"
                        + " it sets none); ganwatch creates a missing model topic with max.message.bytes=" + ModelMessages.MAX_BYTES
                        + ", but this one already existed. Raise it: kafka-configs.sh --bootstrap-server " + bootstrap
                        + " --alter --entity-type topics --entity-name " + topic + " --add-config max.message.bytes="
                        + ModelMessages.MAX_BYTES, e);
            }
            throw new IllegalStateException("publishing to " + topic + " failed: " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("publishing to " + topic + " failed: " + e.getMessage(), e);
        }
    }
}
