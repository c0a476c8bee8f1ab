package io.ganwatch.demo;

/**
 * A transaction decided but not yet happened: what, where and when, without the velocity features,
 * which depend on everything the card does until then. Fraud bursts are planned as drafts minutes or
 * hours ahead; the simulator completes each one when its time comes.
 *
 * @param customer   whose card
 * @param time       when, epoch milliseconds
 * @param amount     amount in the account currency (rounded to cents)
 * @param category   merchant category
 * @param merchantId the merchant
 * @param country    merchant country
 * @param channel    how the card is used
 * @param distanceKm distance of the card (or device) from the card holder's home
 * @param pattern    the fraud this is part of, or {@code null} for the card holder's own payment
 */
public record TransactionDraft(Customer customer, long time, double amount, MerchantCategory category, String merchantId,
                               Country country, Channel channel, double distanceKm, FraudPattern pattern) {
    /** Validates. */
    public TransactionDraft {
        if (customer == null || category == null || merchantId == null || country == null || channel == null) {
            throw new IllegalArgumentException("a draft needs a customer, category, merchant, country and channel");
        }
        if (!(amount > 0) || !(distanceKm >= 0)) {
            throw new IllegalArgumentException("amount must be positive and distance not negative");
        }
    }

    /** Rounds an amount to cents. */
    static double cents(double amount) {
        return Math.max(0.01, Math.round(amount * 100) / 100.0);
    }
}
