package io.ganwatch.demo;

import java.util.List;

/**
 * One simulated card holder and their habits. The habits are what make a transaction normal or
 * not: a fraud pattern is a departure from them (a category they never shop in, a country far from
 * home, an amount many times their usual, an hour they are asleep).
 *
 * @param cardId          tokenised card identifier ({@code c-0042})
 * @param home            country of residence; the account currency is its currency
 * @param homePoint       where the customer lives
 * @param typicalAmount   median purchase before the category's factor, in the account currency
 * @param amountSpread    standard deviation of log(amount) around the typical amount
 * @param dailyRate       transactions per day on average
 * @param activity        when in the (local) day the card is used
 * @param categories      the categories the customer shops in regularly
 * @param categoryWeights relative frequency of each of {@code categories}
 * @param atmShare        share of the card's transactions that are cash withdrawals
 */
public record Customer(String cardId, Country home, GeoPoint homePoint, double typicalAmount, double amountSpread,
                       double dailyRate, ActivityProfile activity, List<MerchantCategory> categories,
                       List<Double> categoryWeights, double atmShare) {

    /** Validates and copies the habit lists. */
    public Customer {
        if (cardId == null || cardId.isBlank()) {
            throw new IllegalArgumentException("a customer needs a card id");
        }
        if (home == null || homePoint == null || activity == null) {
            throw new IllegalArgumentException("a customer needs a home country, a home point and an activity profile");
        }
        if (!(typicalAmount > 0) || !(amountSpread >= 0) || !(dailyRate > 0)) {
            throw new IllegalArgumentException("typical amount and daily rate must be positive, spread not negative");
        }
        categories = List.copyOf(categories);
        categoryWeights = List.copyOf(categoryWeights);
        if (categories.isEmpty() || categories.size() != categoryWeights.size()) {
            throw new IllegalArgumentException("a customer needs at least one usual category, each with a weight");
        }
        if (!(atmShare >= 0 && atmShare < 1)) {
            throw new IllegalArgumentException("ATM share must be in [0, 1), was " + atmShare);
        }
    }

    /** Picks one of the usual categories by weight, from {@code u} uniform in [0, 1). */
    public MerchantCategory usualCategory(double u) {
        double total = categoryWeights.stream().mapToDouble(Double::doubleValue).sum();
        double target = u * total;
        double sum = 0;
        for (int i = 0; i < categories.size(); i++) {
            sum += categoryWeights.get(i);
            if (target < sum) {
                return categories.get(i);
            }
        }
        return categories.get(categories.size() - 1);
    }

    /** The account currency. */
    public String currency() {
        return home.currency();
    }
}
