package io.ganwatch.demo;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One simulated card payment, with exactly the fields of {@code schemas/CardTransaction.avsc} (plus the
 * merchant's identity, which the schema leaves out but the {@code distinct_merchants_24h} feature is
 * counted from). Whether it is an injected fraud is deliberately not part of it: the label lives with
 * the simulator, so nothing downstream can peek at it.
 *
 * @param transactionId      unique id
 * @param cardId             tokenised card id
 * @param eventTime          when it happened, epoch milliseconds
 * @param amount             amount in the account currency
 * @param currency           the account currency
 * @param category           merchant category
 * @param merchantId         the merchant (not sent: the schema has no field for it)
 * @param country            merchant country
 * @param channel            how the card was used
 * @param velocity           the card's recent activity before this payment
 * @param distanceFromHomeKm distance between where the card (or, online, the device) was and the card holder's home
 */
public record Transaction(String transactionId, String cardId, long eventTime, double amount, String currency,
                          MerchantCategory category, String merchantId, Country country, Channel channel,
                          Velocity velocity, double distanceFromHomeKm) {

    /** Fields the model must not read: identifiers and the raw timestamp (its hour and weekday are features). */
    public static final List<String> NOT_FEATURES = List.of("transaction_id", "card_id", "event_time");

    /** Validates. */
    public Transaction {
        if (transactionId == null || cardId == null || currency == null || category == null || merchantId == null
                || country == null || channel == null || velocity == null) {
            throw new IllegalArgumentException("a transaction needs all of its fields");
        }
        if (!(amount > 0) || !(distanceFromHomeKm >= 0)) {
            throw new IllegalArgumentException("amount must be positive and distance not negative, were " + amount
                    + " and " + distanceFromHomeKm);
        }
    }

    /** Local hour (0..23) in the merchant's country. */
    public int hourOfDay() {
        return local().getHour();
    }

    /** Local ISO day of week (1 = Monday .. 7 = Sunday) in the merchant's country. */
    public int dayOfWeek() {
        return local().getDayOfWeek().getValue();
    }

    /** Whether the card itself was read. */
    public boolean cardPresent() {
        return channel.cardPresent();
    }

    private LocalDateTime local() {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(eventTime),
                ZoneOffset.ofTotalSeconds((int) Math.round(country.utcOffsetHours() * 3600)));
    }

    /**
     * The record as the CardTransaction schema names its fields, in schema order: what the demo sends
     * as JSON and what the model is trained on (after dropping {@link #NOT_FEATURES}).
     */
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transaction_id", transactionId);
        m.put("card_id", cardId);
        m.put("event_time", eventTime);
        m.put("amount", amount);
        m.put("currency", currency);
        m.put("merchant_category", category.code());
        m.put("country", country.code());
        m.put("channel", channel.wireName());
        m.put("card_present", cardPresent());
        m.put("hour_of_day", hourOfDay());
        m.put("day_of_week", dayOfWeek());
        m.put("txn_count_1h", velocity.txnCount1h());
        m.put("txn_count_24h", velocity.txnCount24h());
        m.put("amount_sum_24h", velocity.amountSum24h());
        m.put("distinct_merchants_24h", velocity.distinctMerchants24h());
        m.put("distinct_countries_7d", velocity.distinctCountries7d());
        m.put("seconds_since_last_txn", velocity.secondsSinceLastTxn());
        m.put("distance_from_home_km", distanceFromHomeKm);
        return m;
    }
}
