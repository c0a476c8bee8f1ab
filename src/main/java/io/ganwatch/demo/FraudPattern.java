package io.ganwatch.demo;

import java.util.Set;

/**
 * The kinds of fraud the simulator injects, chosen because each breaks the normal pattern in a
 * different set of features, so the demo shows whether the detector catches more than one kind of
 * oddity.
 */
public enum FraudPattern {
    /**
     * Stolen card details checked with a burst of tiny online payments before they are sold or used:
     * tiny amounts, card not present, seconds apart, the hour's count climbing, in seven incidents of
     * ten from a device in another country.
     */
    CARD_TESTING("card testing", 0.3, 6.5,
            Set.of("amount", "seconds_since_last_txn", "txn_count_1h", "country", "distance_from_home_km")),
    /**
     * A taken-over account spent at once: a large online purchase in a category the customer never uses,
     * in a country far from home.
     */
    ACCOUNT_TAKEOVER("account takeover", 0.4, 1.3,
            Set.of("amount", "amount_sum_24h", "merchant_category", "country", "distance_from_home_km", "distinct_countries_7d")),
    /**
     * A cloned card emptied at cash machines in the small hours: large round withdrawals minutes apart at
     * different ATMs, in a city away from home.
     */
    ATM_CASH_OUT("ATM cash-out", 0.3, 4.5, Set.of("amount", "amount_sum_24h", "hour_of_day", "seconds_since_last_txn",
            "txn_count_1h", "distinct_merchants_24h", "distance_from_home_km"));

    private final String label;
    private final double share;
    private final double meanRecords;
    private final Set<String> distorted;

    FraudPattern(String label, double share, double meanRecords, Set<String> distorted) {
        this.label = label;
        this.share = share;
        this.meanRecords = meanRecords;
        this.distorted = distorted;
    }

    /**
     * The transaction fields this kind pushes away from the card holder's normal behaviour: those
     * {@code FraudInjector} sets to values the card holder does not produce (amount, place, timing)
     * and the velocity fields they move at once. An explanation of one of its records is right when
     * its top feature is one of them. Fields that keep the card holder's value (the account currency)
     * or only follow from another choice (the local hour of a payment abroad) are not listed.
     */
    public Set<String> distortedFields() {
        return distorted;
    }

    /** Human-readable name, as printed in alert lines. */
    public String label() {
        return label;
    }

    /** Share of injected fraud incidents that are of this kind. */
    public double share() {
        return share;
    }

    /** Average number of transactions one incident of this kind produces. */
    public double meanRecords() {
        return meanRecords;
    }

    /** Average number of transactions per incident over all kinds, weighted by their shares. */
    public static double meanRecordsPerIncident() {
        double sum = 0;
        for (FraudPattern p : values()) {
            sum += p.share * p.meanRecords;
        }
        return sum;
    }

    /** Picks a kind by share, from {@code u} uniform in [0, 1). */
    public static FraudPattern pick(double u) {
        double sum = 0;
        for (FraudPattern p : values()) {
            sum += p.share;
            if (u < sum) {
                return p;
            }
        }
        return values()[values().length - 1];
    }
}
