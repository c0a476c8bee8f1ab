package io.ganwatch.cli;

import io.ganwatch.model.ModelBundle;
import io.ganwatch.streams.ModelMessages;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The model topic and the shadow on it, as {@code promote} and {@code demote} name them: the topic,
 * the cluster, and the model id when the topic holds shadows of several.
 */
final class ModelTopicOptions {
    @Option(names = "--topic", required = true, description = "Model topic (the stream's ganwatch.model.topic).")
    String topic;

    @Mixin
    KafkaClientOptions kafka;

    @Option(names = "--model-id", description = "Model whose shadow it is; needed only when shadows of several models are on the topic.")
    String modelId;

    /**
     * The shadow on the topic.
     *
     * @param modelId its model id
     * @param message its message, not yet verified (so that {@code demote} can remove a corrupt one)
     */
    record Shadow(String modelId, ModelTopicSnapshot.Message message) {
        /**
         * The verified bundle.
         *
         * @throws io.ganwatch.model.BundleException when the message does not verify
         */
        ModelBundle bundle() {
            return ModelMessages.decodeShadow(message.value(), message.where(), ModelMessages.DEFAULT_MAX_BYTES);
        }

        /** Where its message was read. */
        String where() {
            return message.where();
        }
    }

    /** The client settings: the file, then {@code --set}, then {@code --bootstrap-servers}. */
    Properties client() {
        return kafka.properties();
    }

    /**
     * The shadow on the topic now, of {@code --model-id} or of the only model with one.
     *
     * @return empty when there is none
     * @throws IllegalArgumentException when several models have shadows and no --model-id was given
     */
    Optional<Shadow> shadow(Properties client) {
        Map<String, ModelTopicSnapshot.Message> snapshot = ModelTopicSnapshot.read(client, topic);
        TreeSet<String> ids = new TreeSet<>();
        snapshot.keySet().forEach(k -> {
            String id = ModelMessages.shadowOf(k);
            if (id != null) {
                ids.add(id);
            }
        });
        String id = modelId;
        if (id == null) {
            if (ids.size() > 1) {
                throw new IllegalArgumentException("model topic '" + topic + "' holds shadows of several models " + ids
                        + "; choose one with --model-id");
            }
            id = ids.isEmpty() ? null : ids.first();
        }
        ModelTopicSnapshot.Message m = id == null ? null : snapshot.get(ModelMessages.shadowKey(id));
        if (m == null) {
            return Optional.empty();
        }
        return Optional.of(new Shadow(id, m));
    }

    /** Names the model (when given) in messages about a missing shadow. */
    String ofModel() {
        return modelId == null ? "" : " of model " + modelId;
    }
}
