package io.ganwatch.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.List;
import java.util.Properties;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Produces the simulated transactions to the input topic as JSON objects keyed by card id (so each
 * card's payments stay in order on one partition), at a steady rate, like a payment switch would,
 * with a few malformed messages mixed in to show where records that cannot be scored end up.
 */
final class TransactionFeed implements AutoCloseable {
    /**
     * Broken messages a real feed sees now and then: a truncated write, a record without a field the
     * model reads, text in a numeric field, and something that is not an object at all.
     */
    static final List<String> MALFORMED = List.of(
            "{\"transaction_id\": \"t-broken-1\", \"card_id\": \"c-0001\", \"amount\": 12.5",
            "{\"transaction_id\": \"t-broken-2\", \"card_id\": \"c-0002\", \"currency\": \"EUR\"}",
            "{\"transaction_id\": \"t-broken-3\", \"card_id\": \"c-0003\", \"amount\": \"twelve\", \"currency\": \"EUR\","
                    + " \"merchant_category\": \"5411\", \"country\": \"FR\", \"channel\": \"pos\", \"card_present\": true,"
                    + " \"hour_of_day\": 12, \"day_of_week\": 3, \"txn_count_1h\": 0, \"txn_count_24h\": 2,"
                    + " \"amount_sum_24h\": 40.0, \"distinct_merchants_24h\": 2, \"distinct_countries_7d\": 1,"
                    + " \"seconds_since_last_txn\": 3600.0, \"distance_from_home_km\": 3.0}",
            "[\"not\", \"an\", \"object\"]");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final double rate;

    /**
     * @param rate records per second; 0 for as fast as the producer goes
     */
    TransactionFeed(Properties client, String topic, double rate) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "ganwatch-demo-feed");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // The demo writes to topics it has just created; a broker can still answer NOT_LEADER_OR_FOLLOWER
        // then, and with several requests in flight an idempotent producer was seen stuck retrying
        // OUT_OF_ORDER_SEQUENCE_NUMBER. One in flight rules the reordering out.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        this.topic = topic;
        this.rate = rate;
    }

    /**
     * Sends {@code count} transactions from {@code source} plus the {@link #MALFORMED} messages spread
     * evenly among them, and waits until the cluster has acknowledged all of them.
     *
     * @param sent called with the running number of messages sent, after each one
     * @return messages sent (transactions plus malformed ones)
     */
    int send(int count, Supplier<Transaction> source, IntConsumer sent) throws InterruptedException {
        long start = System.nanoTime();
        int total = count + MALFORMED.size();
        int malformed = 0;
        int transactions = 0;
        for (int i = 0; i < total; i++) {
            boolean broken = malformed < MALFORMED.size() && i == (long) (malformed + 1) * total / (MALFORMED.size() + 1);
            if (broken) {
                producer.send(new ProducerRecord<>(topic, "c-broken", MALFORMED.get(malformed++)));
            } else {
                Transaction t = source.get();
                transactions++;
                producer.send(new ProducerRecord<>(topic, t.cardId(), json(t)));
            }
            sent.accept(i + 1);
            if (rate > 0) {
                long due = start + (long) ((i + 1) * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 2_000_000) {
                    Thread.sleep(wait / 1_000_000);
                }
            }
        }
        producer.flush();
        return transactions + malformed;
    }

    static String json(Transaction t) {
        try {
            return JSON.writeValueAsString(t.fields());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write transaction " + t.transactionId() + " as JSON", e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
