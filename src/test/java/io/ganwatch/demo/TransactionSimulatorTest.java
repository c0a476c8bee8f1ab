package io.ganwatch.demo;

import io.ganwatch.avro.CardTransaction;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TransactionSimulatorTest {
    private static final long HOUR = 3_600_000L;
    /** Few cards, so that each has a real history; a high anomaly share, so that every pattern occurs often. */
    private static final SimulationConfig CONFIG = new SimulationConfig(7, 200, 0.05, SimulationConfig.DEFAULT_START, Duration.ZERO);

    private static TransactionSimulator simulator;
    private static List<Transaction> stream;
    private static Map<String, Customer> customers;

    @BeforeAll
    static void simulate() {
        simulator = new TransactionSimulator(CONFIG);
        stream = simulator.take(15_000, true);
        customers = simulator.customers().stream().collect(Collectors.toMap(Customer::cardId, Function.identity()));
    }

    @Test
    void theSameSeedGivesTheSameStreamAndAnotherSeedAnotherOne() {
        TransactionSimulator again = new TransactionSimulator(CONFIG);
        List<Transaction> repeat = again.take(15_000, true);
        for (int i = 0; i < stream.size(); i++) {
            assertThat(repeat.get(i).fields()).as("transaction %d", i).isEqualTo(stream.get(i).fields());
        }
        assertThat(again.injected()).isEqualTo(simulator.injected());

        TransactionSimulator other = new TransactionSimulator(new SimulationConfig(8, 200, 0.05, CONFIG.start(), Duration.ZERO));
        assertThat(other.take(100, true).stream().map(Transaction::fields).toList())
                .isNotEqualTo(stream.subList(0, 100).stream().map(Transaction::fields).toList());
    }

    @Test
    void recordsHaveExactlyTheCardTransactionFieldsAndNoLabel() {
        List<String> schema = CardTransaction.getClassSchema().getFields().stream().map(Schema.Field::name).toList();
        assertThat(new ArrayList<>(stream.get(0).fields().keySet())).isEqualTo(schema);
        assertThat(TrainingTable.of("t", stream.subList(0, 10)).columns())
                .doesNotContainAnyElementsOf(Transaction.NOT_FEATURES)
                .hasSize(schema.size() - Transaction.NOT_FEATURES.size());
    }

    @Test
    void transactionsComeInTimeOrderWithConsistentChannelCountryAndLocalTime() {
        for (int i = 1; i < stream.size(); i++) {
            assertThat(stream.get(i).eventTime()).isGreaterThanOrEqualTo(stream.get(i - 1).eventTime());
        }
        for (Transaction t : stream) {
            boolean present = t.channel() == Channel.POS || t.channel() == Channel.ATM;
            assertThat(t.cardPresent()).as(t.toString()).isEqualTo(present);
            assertThat(t.fields().get("card_present")).isEqualTo(present);
            assertThat(t.channel() == Channel.ATM).isEqualTo(t.category() == MerchantCategory.ATM_CASH);
            assertThat(t.currency()).isEqualTo(customers.get(t.cardId()).currency());
            ZoneOffset offset = ZoneOffset.ofTotalSeconds((int) Math.round(t.country().utcOffsetHours() * 3600));
            assertThat(t.hourOfDay()).isEqualTo(Instant.ofEpochMilli(t.eventTime()).atOffset(offset).getHour());
        }
        assertThat(stream).extracting(Transaction::channel).contains(Channel.values());
    }

    /** Recomputes every velocity feature from the stream itself, by brute force over each card's earlier transactions. */
    @Test
    void velocityFeaturesAgreeWithTheGeneratedHistory() {
        Map<String, List<Transaction>> earlier = new HashMap<>();
        int withHistory = 0;
        for (Transaction t : stream) {
            List<Transaction> before = earlier.computeIfAbsent(t.cardId(), k -> new ArrayList<>());
            Velocity v = t.velocity();
            List<Transaction> hour = inWindow(before, t, HOUR);
            List<Transaction> day = inWindow(before, t, 24 * HOUR);
            List<Transaction> week = inWindow(before, t, 7 * 24 * HOUR);
            assertThat(v.txnCount1h()).as("txn_count_1h of %s", t.transactionId()).isEqualTo(hour.size());
            assertThat(v.txnCount24h()).as("txn_count_24h of %s", t.transactionId()).isEqualTo(day.size());
            assertThat(v.amountSum24h()).isCloseTo(day.stream().mapToDouble(Transaction::amount).sum(), within(0.011));
            assertThat(v.distinctMerchants24h()).isEqualTo(day.stream().map(Transaction::merchantId).distinct().count());
            assertThat(v.distinctCountries7d()).isEqualTo(week.stream().map(Transaction::country).distinct().count());
            if (before.isEmpty()) {
                assertThat(v.secondsSinceLastTxn()).isNull();
            } else {
                assertThat(v.secondsSinceLastTxn()).isEqualTo((t.eventTime() - before.get(before.size() - 1).eventTime()) / 1000.0);
                withHistory++;
            }
            if (v.txnCount24h() > 1) {
                assertThat(v.amountSum24h()).isPositive();
            }
            before.add(t);
        }
        assertThat(withHistory).isGreaterThan(stream.size() / 2);
        assertThat(stream).anyMatch(t -> t.velocity().txnCount1h() >= 3);
    }

    private static List<Transaction> inWindow(List<Transaction> before, Transaction t, long window) {
        return before.stream().filter(b -> t.eventTime() - b.eventTime() < window).toList();
    }

    @Test
    void injectedAnomaliesCarryTheirPatternsSignature() {
        Map<FraudPattern, Integer> counts = new HashMap<>();
        Map<String, Transaction> byId = stream.stream().collect(Collectors.toMap(Transaction::transactionId, Function.identity()));
        Map<String, Long> lastTest = new HashMap<>();
        for (Transaction t : stream) {
            FraudPattern p = simulator.injectedAs(t.transactionId()).orElse(null);
            if (p == null) {
                continue;
            }
            counts.merge(p, 1, Integer::sum);
            Customer c = customers.get(t.cardId());
            switch (p) {
                case CARD_TESTING:
                    assertThat(t.channel()).isEqualTo(Channel.ECOMMERCE);
                    assertThat(t.cardPresent()).isFalse();
                    assertThat(t.amount()).isBetween(0.5, 2.5);
                    Long previousTest = lastTest.put(t.cardId(), t.eventTime());
                    if (previousTest != null && t.eventTime() - previousTest <= 120_000) {
                        // within a burst: the previous test is in the card's last hour and at most 2 minutes back
                        assertThat(t.velocity().txnCount1h()).isPositive();
                        assertThat(t.velocity().secondsSinceLastTxn()).isLessThanOrEqualTo(120);
                    }
                    break;
                case ACCOUNT_TAKEOVER:
                    assertThat(t.channel()).isEqualTo(Channel.ECOMMERCE);
                    assertThat(t.amount()).isGreaterThanOrEqualTo(450).isGreaterThan(10 * c.typicalAmount());
                    assertThat(t.distanceFromHomeKm()).isGreaterThan(2500);
                    assertThat(t.country()).isNotEqualTo(c.home());
                    if (!c.categories().containsAll(List.of(MerchantCategory.ELECTRONICS, MerchantCategory.JEWELRY,
                            MerchantCategory.AIRLINE, MerchantCategory.TRAVEL_AGENCY))) {
                        assertThat(c.categories()).doesNotContain(t.category());
                    }
                    break;
                case ATM_CASH_OUT:
                    assertThat(t.channel()).isEqualTo(Channel.ATM);
                    assertThat(t.cardPresent()).isTrue();
                    assertThat(t.amount()).isBetween(300.0, 1000.0);
                    assertThat(t.amount() % 20).isZero();
                    assertThat(t.hourOfDay()).as("local hour of %s", t).isBetween(1, 5);
                    assertThat(t.distanceFromHomeKm()).isGreaterThan(15);
                    break;
                default:
                    throw new AssertionError(p);
            }
        }
        assertThat(counts.keySet()).containsExactlyInAnyOrder(FraudPattern.values());
        assertThat(byId.keySet()).containsAll(simulator.injected().keySet());

        // Bursts: a card-testing or cash-out run raises the card's hourly count as it goes.
        assertThat(stream).anyMatch(t -> simulator.injectedAs(t.transactionId()).orElse(null) == FraudPattern.CARD_TESTING
                && t.velocity().txnCount1h() >= 3 && t.velocity().secondsSinceLastTxn() <= 120);
        assertThat(stream).anyMatch(t -> simulator.injectedAs(t.transactionId()).orElse(null) == FraudPattern.ATM_CASH_OUT
                && t.velocity().txnCount1h() >= 2 && t.velocity().distinctMerchants24h() >= 2);
    }

    @Test
    void injectedShareIsAboutTheConfiguredOneAndNothingIsInjectedWhenOff() {
        double share = simulator.injected().size() / (double) stream.size();
        assertThat(share).isBetween(0.025, 0.09);

        TransactionSimulator clean = new TransactionSimulator(new SimulationConfig(3, 500, 0.015, CONFIG.start(), Duration.ofDays(1)));
        clean.take(5000, false);
        assertThat(clean.injected()).isEmpty();
        List<Transaction> live = clean.take(20_000, true);
        assertThat(clean.injected().size() / (double) live.size()).isBetween(0.007, 0.03);
    }

    @Test
    void normalPaymentsAreMostlyNearHomeInTheHomeCountry() {
        long home = stream.stream().filter(t -> simulator.injectedAs(t.transactionId()).isEmpty())
                .filter(t -> t.distanceFromHomeKm() < 150).count();
        long normal = stream.size() - simulator.injected().size();
        assertThat(home / (double) normal).isGreaterThan(0.95);
    }
}
