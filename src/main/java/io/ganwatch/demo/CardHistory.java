package io.ganwatch.demo;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * One card's transactions of the last seven days, from which the velocity features of its next
 * transaction are computed. Deriving the features from the very history that was generated (rather than
 * drawing them at random) is what keeps them consistent: a burst of card tests really does raise
 * {@code txn_count_1h} one by one.
 */
final class CardHistory {
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final long WEEK = 7 * DAY;

    private final Deque<Transaction> recent = new ArrayDeque<>();

    /** The card's activity in the windows ending at {@code time} (exclusive of a transaction at {@code time} itself). */
    Velocity before(long time) {
        int count1h = 0;
        int count24h = 0;
        double sum24h = 0;
        Set<String> merchants = new HashSet<>();
        Set<Country> countries = new HashSet<>();
        for (Transaction t : recent) {
            long age = time - t.eventTime();
            if (age < WEEK) {
                countries.add(t.country());
            }
            if (age < DAY) {
                count24h++;
                sum24h += t.amount();
                merchants.add(t.merchantId());
                if (age < HOUR) {
                    count1h++;
                }
            }
        }
        Double since = recent.isEmpty() ? null : (time - recent.peekLast().eventTime()) / 1000.0;
        return new Velocity(count1h, count24h, Math.round(sum24h * 100) / 100.0, merchants.size(), countries.size(), since);
    }

    /** Records a transaction (transactions arrive in time order) and forgets those older than a week. */
    void add(Transaction t) {
        recent.addLast(t);
        for (Iterator<Transaction> it = recent.iterator(); it.hasNext(); ) {
            if (t.eventTime() - it.next().eventTime() >= WEEK) {
                it.remove();
            } else {
                break;
            }
        }
    }
}
