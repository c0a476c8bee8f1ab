package io.ganwatch.demo;

import io.ganwatch.kafka.LocalKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Kafka cluster a demo run uses: a broker it starts (and therefore stops) itself, or an existing
 * cluster it only borrows. Either way the run creates its own topics, so that it never needs
 * auto-creation, which many clusters turn off.
 */
final class DemoCluster implements AutoCloseable {
    private final LocalKafka broker;
    private final String bootstrapServers;
    private final Map<String, String> clientSettings;

    private DemoCluster(LocalKafka broker, String bootstrapServers, Map<String, String> clientSettings) {
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
        this.clientSettings = Map.copyOf(clientSettings);
    }

    /** Starts a single-node broker with its files under {@code dir}. */
    static DemoCluster startLocal(Path dir) {
        LocalKafka kafka = LocalKafka.start(dir);
        return new DemoCluster(kafka, kafka.bootstrapServers(), Map.of());
    }

    /** Uses an existing cluster, with these client settings (TLS, SASL) for every client of the run. */
    static DemoCluster existing(String bootstrapServers, Map<String, String> clientSettings) {
        return new DemoCluster(null, bootstrapServers, clientSettings);
    }

    /** Client settings of this cluster (security and the like) without bootstrap.servers; empty for a local broker. */
    Map<String, String> clientSettings() {
        return clientSettings;
    }

    /** A fresh set of client properties: the cluster's client settings and its bootstrap servers. */
    Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(clientSettings);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return p;
    }

    /** {@code host:port} list for clients. */
    String bootstrapServers() {
        return bootstrapServers;
    }

    /** The broker this run started, or empty for an existing cluster. */
    Optional<LocalKafka> localBroker() {
        return Optional.ofNullable(broker);
    }

    /** Creates the topics that do not exist yet, with the cluster's default replication factor, and waits for them. */
    void createTopics(Map<String, Integer> partitionsByName) {
        if (broker != null) {
            broker.createTopics(partitionsByName);
            return;
        }
        Properties p = clientProperties();
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "ganwatch-demo-admin");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        List<NewTopic> topics = new ArrayList<>();
        partitionsByName.forEach((name, partitions) -> topics.add(new NewTopic(name, Optional.of(partitions), Optional.empty())));
        try (Admin admin = Admin.create(p)) {
            CreateTopicsResult result = admin.createTopics(topics);
            for (Map.Entry<String, ?> e : result.values().entrySet()) {
                try {
                    result.values().get(e.getKey()).get(30, TimeUnit.SECONDS);
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + e.getKey() + " on " + bootstrapServers + ": "
                                + ex.getCause().getMessage() + "; check that the cluster allows this client to create topics", ex);
                    }
                }
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("the Kafka cluster at " + bootstrapServers + " did not answer within 30 s; "
                    + "check --bootstrap-servers", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /** Stops the broker this run started; an existing cluster is left alone. */
    @Override
    public void close() {
        if (broker != null) {
            broker.close();
        }
    }
}
