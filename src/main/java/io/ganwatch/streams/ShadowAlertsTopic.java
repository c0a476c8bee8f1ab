package io.ganwatch.streams;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes sure the shadow alerts topic exists before Kafka Streams starts, creating it (with the alerts
 * topic's partition count) when missing.
 *
 * <p>Why at start rather than when a shadow is published: the processor writes shadow alerts in its
 * transaction, and a producer waiting for a missing topic would hold up the live alerts of the batch
 * with it; and the feedback join reads the topic from its start, which fails the client when it is
 * missing. Why create it rather than refuse to start: an instance that follows a model topic can be
 * given a shadow at any time, and refusing would break every upgraded instance on a cluster where the
 * topic was never needed. When it can be neither found nor created (no permission), this instance
 * serves no shadows, and says so once.
 */
final class ShadowAlertsTopic {
    private static final Logger LOG = LoggerFactory.getLogger(ShadowAlertsTopic.class);

    private ShadowAlertsTopic() {
    }

    /**
     * Whether the shadow alerts topic exists now (found or created).
     *
     * @param kafka client settings (bootstrap servers, security); keys that are not Admin settings are dropped
     */
    static boolean ensure(Properties kafka, String alertsTopic, String shadowTopic, Duration timeout) {
        Properties admin = new Properties();
        kafka.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k.toString())) {
                admin.put(k, v);
            }
        });
        admin.put(AdminClientConfig.CLIENT_ID_CONFIG, "ganwatch-shadow-topic");
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis()));
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis()));
        try (Admin client = Admin.create(admin)) {
            Map<String, TopicDescription> found = Map.of();
            try {
                found = client.describeTopics(List.of(shadowTopic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (found.containsKey(shadowTopic)) {
                return true;
            }
            int partitions = 1;
            try {
                partitions = client.describeTopics(List.of(alertsTopic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .get(alertsTopic).partitions().size();
            } catch (ExecutionException e) {
                // the alerts topic is missing too (a producer may create it): one partition, as auto-creation would
            }
            try {
                client.createTopics(List.of(new NewTopic(shadowTopic, Optional.of(partitions), Optional.empty())))
                        .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                LOG.info("created shadow alerts topic '{}' ({} partitions, as the alerts topic '{}'); shadow models' alerts go there",
                        shadowTopic, partitions, alertsTopic);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) { // another instance created it first
                    throw e;
                }
            }
            return true;
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            LOG.warn("shadow alerts topic '{}' cannot be found or created ({}); this instance serves no shadow models. Create it,"
                    + " or set ganwatch.shadow.alerts.topic to one that exists, and restart to compare shadows", shadowTopic,
                    cause.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the shadow alerts topic '" + shadowTopic + "'", e);
        }
    }
}
