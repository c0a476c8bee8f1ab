package io.ganwatch.demo;

/**
 * A card's recent activity as seen just before a transaction: the velocity features fraud models
 * rely on, because most fraud is fast (a burst of tests, a run on cash machines) and unlike the card's
 * own recent past. Every count covers the card's earlier transactions only, never the one being scored.
 *
 * @param txnCount1h           earlier transactions within the hour before
 * @param txnCount24h          earlier transactions within the 24 hours before
 * @param amountSum24h         their total amount
 * @param distinctMerchants24h distinct merchants among them
 * @param distinctCountries7d  distinct countries among the earlier transactions within 7 days
 * @param secondsSinceLastTxn  seconds since the card's previous transaction, {@code null} for its first
 */
public record Velocity(int txnCount1h, int txnCount24h, double amountSum24h, int distinctMerchants24h,
                       int distinctCountries7d, Double secondsSinceLastTxn) {
    /** Rejects counts that cannot come from a history. */
    public Velocity {
        if (txnCount1h < 0 || txnCount24h < txnCount1h || distinctMerchants24h > txnCount24h || distinctCountries7d < 0) {
            throw new IllegalArgumentException("inconsistent velocity: 1h " + txnCount1h + ", 24h " + txnCount24h
                    + ", merchants " + distinctMerchants24h + ", countries " + distinctCountries7d);
        }
        if (!(amountSum24h >= 0) || secondsSinceLastTxn != null && !(secondsSinceLastTxn >= 0)) {
            throw new IllegalArgumentException("amount sum and time since the last transaction cannot be negative");
        }
    }
}
