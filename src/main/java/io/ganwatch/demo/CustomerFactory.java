package io.ganwatch.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Draws a population of customers whose habits differ the way real card holders' do: where they
 * live, how much and how often they spend, in which categories, at what times of day, whether they
 * use cash machines. Heterogeneity matters: a detector that only learns "small amounts are normal" is
 * fooled by the customer who always spends big.
 */
final class CustomerFactory {
    private static final List<MerchantCategory> SHOPPING = List.of(MerchantCategory.values()).stream()
            .filter(c -> c.popularity() > 0).toList();

    private CustomerFactory() {
    }

    /** {@code n} customers with card ids {@code c-0000} upwards. */
    static List<Customer> create(int n, Random r) {
        List<Customer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(one(String.format(Locale.ROOT, "c-%04d", i), r));
        }
        return out;
    }

    private static Customer one(String cardId, Random r) {
        Country home = homeCountry(r.nextDouble());
        GeoPoint point = home.centroid().move(250 * Math.sqrt(r.nextDouble()), 360 * r.nextDouble());
        double typical = Math.exp(Math.log(30) + 0.45 * r.nextGaussian());
        double spread = 0.45 + 0.35 * r.nextDouble();
        double rate = Math.min(12, Math.max(0.6, Math.exp(Math.log(3) + 0.5 * r.nextGaussian())));
        List<MerchantCategory> categories = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        categories.add(MerchantCategory.GROCERY);
        weights.add(2 + 2 * r.nextDouble());
        for (MerchantCategory c : SHOPPING) {
            if (c != MerchantCategory.GROCERY && r.nextDouble() < c.popularity()) {
                categories.add(c);
                weights.add(0.2 + r.nextDouble());
            }
        }
        double atmShare = r.nextDouble() < 0.3 ? 0 : 0.1 * r.nextDouble();
        return new Customer(cardId, home, point, typical, spread, rate, ActivityProfile.random(r), categories, weights, atmShare);
    }

    private static Country homeCountry(double u) {
        double total = 0;
        for (Country c : Country.values()) {
            total += c.homeShare();
        }
        double target = u * total;
        double sum = 0;
        Country last = Country.GB;
        for (Country c : Country.values()) {
            if (c.homeShare() > 0) {
                sum += c.homeShare();
                last = c;
                if (target < sum) {
                    return c;
                }
            }
        }
        return last;
    }
}
