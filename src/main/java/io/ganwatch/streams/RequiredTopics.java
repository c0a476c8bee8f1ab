package io.ganwatch.streams;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The topics that must exist before Kafka Streams starts, checked once with the Admin client so that
 * a missing one costs one line naming it and the command that creates it.
 *
 * <p>Why only these: Kafka Streams copes with a missing input topic (the client reports it and goes
 * to ERROR with its own message) and creates nothing it does not own, but the feedback join's global
 * thread reads the alerts topic from its beginning when the client starts, and a missing source topic
 * there fails the whole client at start, with Kafka's exception rather than a line saying what to create. The output
 * topics written by the scoring processor are not checked: auto-creation may be on, and a producer
 * waits for its topic.
 */
final class RequiredTopics {
    private static final Logger LOG = LoggerFactory.getLogger(RequiredTopics.class);

    private RequiredTopics() {
    }

    /**
     * Fails in one line when the feedback join is on and the alerts topic or the feedback topic does
     * not exist. A topic that cannot be described for another reason (no DESCRIBE permission, no
     * answer within {@code timeout}) is logged and left to Kafka Streams, which reports it its own way.
     *
     * @throws IllegalStateException naming each missing topic and how to create it
     */
    static void check(Admin admin, String bootstrapServers, StreamSettings settings, FeedbackSettings feedback, Duration timeout) {
        if (!feedback.enabled()) {
            return;
        }
        Map<String, String> needed = new LinkedHashMap<>();
        needed.put(settings.alertsTopic(), "alerts topic");
        needed.put(feedback.topic(), "feedback topic");
        List<String> names = new ArrayList<>(needed.keySet());
        names.add(settings.inputTopic()); // only for the partition hint
        Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(names).topicNameValues();
        Map<String, String> missing = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : needed.entrySet()) {
            if (describe(described.get(e.getKey()), e.getKey(), timeout) == Found.MISSING) {
                missing.put(e.getKey(), e.getValue());
            }
        }
        if (!missing.isEmpty()) {
            TopicDescription input = null;
            try {
                input = described.get(settings.inputTopic()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // the hint then names no partition count of the input topic
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException(message(missing, bootstrapServers, settings.inputTopic(),
                    input == null ? 0 : input.partitions().size()));
        }
    }

    /**
     * The one line for {@code missing} (topic → what it is).
     *
     * @param inputPartitions partitions of the input topic, or 0 when unknown
     */
    static String message(Map<String, String> missing, String bootstrapServers, String inputTopic, int inputPartitions) {
        StringBuilder what = new StringBuilder();
        StringBuilder create = new StringBuilder();
        int partitions = inputPartitions > 0 ? inputPartitions : 1;
        missing.forEach((topic, role) -> {
            what.append(what.length() == 0 ? "" : " and ").append(role).append(" '").append(topic).append('\'');
            create.append(create.length() == 0 ? "" : " and ").append(String.format(Locale.ROOT,
                    "`kafka-topics.sh --bootstrap-server %s --create --topic %s --partitions %d`", bootstrapServers, topic, partitions));
        });
        boolean one = missing.size() == 1;
        return "the " + what + (one ? " does" : " do") + " not exist, and the feedback join (ganwatch.feedback.topic) reads "
                + (one ? "it" : "them") + " from the start; create " + (one ? "it" : "them") + " before starting the stream, e.g. "
                + create + (inputPartitions > 0
                        ? " (" + inputPartitions + ": as many partitions as the input topic '" + inputTopic + "')"
                        : " (more partitions spread the join over more stream threads)");
    }

    private enum Found { PRESENT, MISSING, UNKNOWN }

    private static Found describe(KafkaFuture<TopicDescription> future, String topic, Duration timeout) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Found.PRESENT;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Found.MISSING;
            }
            LOG.warn("cannot check that topic '{}' exists ({}); starting anyway", topic, e.getCause().toString());
            return Found.UNKNOWN;
        } catch (TimeoutException e) {
            LOG.warn("cannot check that topic '{}' exists (no answer within {} s); starting anyway", topic, timeout.toSeconds());
            return Found.UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking that topic '" + topic + "' exists", e);
        }
    }
}
