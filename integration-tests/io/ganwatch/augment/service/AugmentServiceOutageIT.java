package io.ganwatch.augment.service;

import io.ganwatch.avro.AugmentationResult;
import io.ganwatch.avro.AugmentationStatus;
import io.ganwatch.kafka.LocalKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A broker that stops while a transaction is being ended, and comes back on the same port and
 * storage ({@link LocalKafka#stopKeepingData()}, {@link LocalKafka#restart()}): the timed-out commit
 * is retried, as the producer's contract asks, and augment-service lives through the outage and
 * answers the request once.
 */
class AugmentServiceOutageIT {
    private static final Duration MAX_BLOCK = Duration.ofSeconds(2);

    @TempDir
    static Path dir;
    static LocalKafka kafka;

    @BeforeAll
    static void broker() {
        kafka = LocalKafka.start(dir.resolve("kafka"));
        kafka.createTopics(Map.of("tx-out", 1, "outage-requests", 1, "outage-synthetic", 1));
        kafka.createCompactedTopic("outage-results", 1);
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static List<ConsumerRecord<String, byte[]>> readCommitted(String topic, int atLeast, Duration timeout) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("isolation.level", "read_committed");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < atLeast && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(300)).forEach(out::add);
            }
            c.poll(Duration.ofSeconds(1)).forEach(out::add); // a duplicate would show here
        }
        return out;
    }

    @Test
    void aCommitThatTimesOutWhileTheBrokerIsDownIsRetriedAndCommitsOnce() throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("transactional.id", "outage-" + UUID.randomUUID());
        p.put("max.block.ms", String.valueOf(MAX_BLOCK.toMillis()));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx-out", "k", "v")).get(30, TimeUnit.SECONDS); // written: only the commit is left

            kafka.stopKeepingData();
            assertThatThrownBy(producer::commitTransaction).isInstanceOf(TimeoutException.class);
            // What the service did before: abort after the failed commit. The producer refuses, and the refusal was not caught.
            assertThatThrownBy(producer::abortTransaction).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("commitTransaction");

            CompletableFuture<Integer> attempts = CompletableFuture.supplyAsync(
                    () -> Transactions.commit(producer, () -> true, Duration.ofMillis(200)));
            Thread.sleep(MAX_BLOCK.toMillis() + 1000);
            assertThat(attempts).as("still retrying while the broker is down").isNotDone();
            kafka.restart();
            assertThat(attempts.get(120, TimeUnit.SECONDS)).as("attempts, the first timing out").isGreaterThan(1);
        }
        List<ConsumerRecord<String, byte[]>> out = readCommitted("tx-out", 1, Duration.ofSeconds(30));
        assertThat(out).hasSize(1);
        assertThat(new String(out.get(0).value(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("v");
    }

    /**
     * Waits (up to a minute) until the broker's transaction coordinator answers: after a restart (as the
     * other test leaves the broker) it loads its state first, and the service under test starts with a
     * deliberately short max.block.ms.
     */
    private static void awaitTransactionCoordinator() {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("transactional.id", "outage-warm-up-" + System.nanoTime());
        try (KafkaProducer<String, String> warm = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            warm.initTransactions();
        }
    }

    @Test
    void theServiceLivesThroughABrokerOutageAtTheEndOfAJobAndAnswersOnce() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        StringBuilder csv = new StringBuilder("amount,label\n");
        for (int i = 0; i < 40; i++) {
            csv.append(i).append(',').append(i % 5 == 0 ? 1 : 0).append('\n');
        }
        Path cards = Files.writeString(data.resolve("cards.csv"), csv);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        AugmentationJob job = spec -> {
            if (runs.incrementAndGet() == 2) { // the second request's first run; the first request warms the producer up
                started.countDown();
                try {
                    release.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Fixtures.copyMinority(spec);
        };
        AugmentServiceConfig config = AugmentServiceConfig.resolve(Map.of(), Map.of(), Map.of(
                "bootstrap.servers", kafka.bootstrapServers(), "group.id", "outage",
                "ganwatch.augment.requests.topic", "outage-requests", "ganwatch.augment.results.topic", "outage-results",
                "ganwatch.augment.file.roots", data.toString(),
                "max.block.ms", String.valueOf(MAX_BLOCK.toMillis())));
        awaitTransactionCoordinator();
        try (AugmentService service = AugmentService.start(config, job)) {
            Properties p = new Properties();
            p.put("bootstrap.servers", kafka.bootstrapServers());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                // o0 is served before the outage, so that the service's producer knows the topics' leaders: then o1's
                // sends do not wait for metadata, and the transaction's own calls are what meet the outage.
                for (String id : List.of("o0", "o1")) {
                    producer.send(new ProducerRecord<>("outage-requests", id, "{\"request_id\": \"" + id + "\", \"source\": {\"path\": \""
                            + cards + "\"}, \"label_column\": \"label\", \"minority\": [\"1\"], \"count\": 1, \"method\": \"smote\","
                            + " \"destination\": {\"topic\": \"outage-synthetic\"}}")).get(30, TimeUnit.SECONDS);
                }
            }
            assertThat(started.await(60, TimeUnit.SECONDS)).as("the job started").isTrue();
            kafka.stopKeepingData();
            release.countDown(); // the job ends while the broker is down: the transaction that follows cannot finish
            // Long enough for each call of the transaction to time out one after the other (max.block.ms each:
            // the two sends, which wait for the leaders the producer forgot when the broker went away,
            // sendOffsetsToTransaction or commitTransaction, then abortTransaction).
            Thread.sleep(10 * MAX_BLOCK.toMillis());
            kafka.restart();

            List<ConsumerRecord<String, byte[]>> results = readCommitted("outage-results", 2, Duration.ofSeconds(90));
            assertThat(results).as("one result each").extracting(ConsumerRecord::key).containsExactly("o0", "o1");
            AugmentationResult r = Results.decode(results.get(1).value());
            assertThat(r.getStatus()).as(String.valueOf(r.getReason())).isEqualTo(AugmentationStatus.OK);
            assertThat(readCommitted("outage-synthetic", 2, Duration.ofSeconds(30))).hasSize(2);
            assertThat(service.isRunning()).isTrue();
            assertThat(runs.get()).as("job runs: o0 once; o1 once if its commit was retried, twice if its transaction was aborted")
                    .isBetween(2, 3);
        }
    }
}
