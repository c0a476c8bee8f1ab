package io.ganwatch.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * A seeded stream of card transactions with labelled fraud mixed in, in event-time order.
 *
 * <p>Card holders' own payments arrive as a non-homogeneous Poisson process: each customer at their
 * own daily rate, modulated by their hour-of-day rhythm (sampled by thinning). When injecting, each
 * payment may also start a fraud incident on a random card, planned as a burst of future drafts. All
 * drafts wait in one queue ordered by time; each is completed, when its turn comes, with velocity
 * features computed from its card's real history, so the features always agree with the stream.
 *
 * <p>The simulator remembers which transactions it injected ({@link #injected()}); the transactions
 * themselves carry no label. It is single-threaded and Kafka-free.
 */
public final class TransactionSimulator {
    private static final double MILLIS_PER_DAY = 86_400_000.0;

    private final Random random;
    private final List<Customer> customers;
    private final double[] cumulativeRate;
    private final double maxActivity;
    private final double boundRatePerMilli;
    private final double incidentProbability;
    private final PriorityQueue<Planned> queue = new PriorityQueue<>(
            Comparator.comparingLong(Planned::time).thenComparingLong(Planned::sequence));
    private final Map<String, CardHistory> histories = new HashMap<>();
    private final Map<String, FraudPattern> injected = new HashMap<>();
    private long clock;
    private long sequence;
    private long transactions;

    /** Creates the population and runs the burn-in. */
    public TransactionSimulator(SimulationConfig config) {
        this.random = new Random(config.seed());
        this.customers = CustomerFactory.create(config.customers(), random);
        this.cumulativeRate = new double[customers.size()];
        double total = 0;
        double max = 0;
        for (int i = 0; i < customers.size(); i++) {
            total += customers.get(i).dailyRate();
            cumulativeRate[i] = total;
            max = Math.max(max, customers.get(i).activity().max());
        }
        this.maxActivity = max;
        this.boundRatePerMilli = total * max / MILLIS_PER_DAY;
        double share = config.anomalyShare();
        this.incidentProbability = share / (FraudPattern.meanRecordsPerIncident() * (1 - share));
        this.clock = config.start().toEpochMilli();
        scheduleNextPayment();
        long end = config.start().toEpochMilli() + config.burnIn().toMillis();
        while (queue.peek().time() < end) {
            next(false);
        }
    }

    /**
     * The next transaction in event time.
     *
     * @param inject whether card holders' payments may start fraud incidents (off for training data);
     *               incidents already planned still happen
     */
    public Transaction next(boolean inject) {
        Planned p = queue.poll();
        TransactionDraft draft = p.draft();
        if (draft == null) {
            draft = NormalBehaviour.draft(p.customer(), p.time(), random);
            scheduleNextPayment();
            if (inject && random.nextDouble() < incidentProbability) {
                FraudPattern pattern = FraudPattern.pick(random.nextDouble());
                Customer victim = customers.get(random.nextInt(customers.size()));
                for (TransactionDraft d : FraudInjector.plan(pattern, victim, p.time(), random)) {
                    queue.add(new Planned(d.time(), sequence++, victim, d));
                }
            }
        }
        return complete(draft);
    }

    /** The next {@code n} transactions. */
    public List<Transaction> take(int n, boolean inject) {
        List<Transaction> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next(inject));
        }
        return out;
    }

    /** The injected transactions so far, by transaction id. */
    public Map<String, FraudPattern> injected() {
        return Collections.unmodifiableMap(injected);
    }

    /** The kind of fraud a transaction was injected as, or empty for a card holder's own payment. */
    public Optional<FraudPattern> injectedAs(String transactionId) {
        return Optional.ofNullable(injected.get(transactionId));
    }

    /** The simulated card holders. */
    public List<Customer> customers() {
        return customers;
    }

    private Transaction complete(TransactionDraft d) {
        Customer c = d.customer();
        CardHistory history = histories.computeIfAbsent(c.cardId(), k -> new CardHistory());
        String id = String.format(Locale.ROOT, "t-%08d", transactions++);
        Transaction t = new Transaction(id, c.cardId(), d.time(), d.amount(), c.currency(), d.category(), d.merchantId(),
                d.country(), d.channel(), history.before(d.time()), Math.round(d.distanceKm() * 10) / 10.0);
        history.add(t);
        if (d.pattern() != null) {
            injected.put(id, d.pattern());
        }
        return t;
    }

    /** Thinning: candidate times at the bound rate, each kept with probability (customer's rate now) / bound. */
    private void scheduleNextPayment() {
        while (true) {
            clock += Math.max(1, Math.round(-Math.log(1 - random.nextDouble()) / boundRatePerMilli));
            Customer c = pickByRate(random.nextDouble());
            int hour = localHour(c.home(), clock);
            if (random.nextDouble() * maxActivity < c.activity().weight(hour)) {
                queue.add(new Planned(clock, sequence++, c, null));
                return;
            }
        }
    }

    private Customer pickByRate(double u) {
        double target = u * cumulativeRate[cumulativeRate.length - 1];
        int lo = 0;
        int hi = cumulativeRate.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulativeRate[mid] <= target) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return customers.get(lo);
    }

    static int localHour(Country country, long time) {
        long local = time + Math.round(country.utcOffsetHours() * 3_600_000);
        return (int) Math.floorMod(local / 3_600_000L, 24L);
    }

    /** A queued payment: a customer's own (draft made when its time comes) or a planned fraud draft. */
    private record Planned(long time, long sequence, Customer customer, TransactionDraft draft) {
    }
}
