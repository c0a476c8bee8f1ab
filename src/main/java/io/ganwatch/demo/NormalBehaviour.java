package io.ganwatch.demo;

import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * What a card holder does with their own card: mostly their usual categories at their usual
 * merchants near home, sometimes something new, sometimes cash, sometimes a trip abroad or a foreign
 * web shop. The occasional departures are deliberate: a detector that flags every foreign payment or
 * every new category would drown the analyst in false alerts, and the demo should show it does not.
 */
final class NormalBehaviour {
    /** Foreign web shops a customer buys from now and then. */
    private static final List<Country> ECOMMERCE_HUBS = List.of(Country.IE, Country.NL, Country.DE, Country.GB, Country.US);
    private static final List<Country> EUROPE = List.of(Country.GB, Country.IE, Country.FR, Country.DE, Country.NL,
            Country.BE, Country.ES, Country.IT, Country.PT, Country.PL);
    private static final List<MerchantCategory> SHOPPING = List.of(MerchantCategory.values()).stream()
            .filter(c -> c.popularity() > 0).toList();

    private static final double NEW_CATEGORY_SHARE = 0.03;
    private static final double ABROAD_SHARE = 0.012;
    private static final double FOREIGN_ECOMMERCE_SHARE = 0.25;
    private static final int LOCAL_MERCHANTS = 400;
    private static final int FAVOURITES = 3;

    private NormalBehaviour() {
    }

    /** The customer's own payment at {@code time}. */
    static TransactionDraft draft(Customer c, long time, Random r) {
        if (r.nextDouble() < c.atmShare()) {
            double amount = Math.min(500, Math.max(20, 20 * Math.round(Math.exp(Math.log(80) + 0.6 * r.nextGaussian()) / 20)));
            return new TransactionDraft(c, time, amount, MerchantCategory.ATM_CASH,
                    merchant(c.home(), MerchantCategory.ATM_CASH, favouriteOrAny(c, MerchantCategory.ATM_CASH, r)),
                    c.home(), Channel.ATM, nearHome(r), null);
        }
        MerchantCategory category = r.nextDouble() < NEW_CATEGORY_SHARE ? anyCategory(r) : c.usualCategory(r.nextDouble());
        Channel channel = category.channelFor(r.nextDouble());
        double amount = TransactionDraft.cents(c.typicalAmount() * category.amountFactor() * Math.exp(c.amountSpread() * r.nextGaussian()));
        if (channel == Channel.POS) {
            if (r.nextDouble() < ABROAD_SHARE) {
                Country abroad = neighbour(c, r);
                GeoPoint where = abroad.centroid().move(150 * Math.sqrt(r.nextDouble()), 360 * r.nextDouble());
                return new TransactionDraft(c, time, amount, category, merchant(abroad, category, r.nextInt(LOCAL_MERCHANTS)),
                        abroad, channel, where.distanceKm(c.homePoint()), null);
            }
            return new TransactionDraft(c, time, amount, category, merchant(c.home(), category, favouriteOrAny(c, category, r)),
                    c.home(), channel, nearHome(r), null);
        }
        // Card not present: the merchant may be abroad, but the device is at home.
        Country country = c.home();
        if (r.nextDouble() < FOREIGN_ECOMMERCE_SHARE) {
            Country hub = ECOMMERCE_HUBS.get(r.nextInt(ECOMMERCE_HUBS.size()));
            country = hub == c.home() ? country : hub;
        }
        return new TransactionDraft(c, time, amount, category, merchant(country, category, r.nextInt(30)),
                country, channel, nearHome(r), null);
    }

    /** A few kilometres, log-normally: most payments are made close to home. */
    static double nearHome(Random r) {
        return Math.min(150, Math.exp(Math.log(4) + r.nextGaussian()));
    }

    static String merchant(Country country, MerchantCategory category, int index) {
        return String.format(Locale.ROOT, "m-%s-%s-%03d", country.code(), category.code(), index);
    }

    /** Mostly one of the customer's few regular merchants in this category, sometimes another. */
    private static int favouriteOrAny(Customer c, MerchantCategory category, Random r) {
        if (r.nextDouble() < 0.75) {
            int base = Math.floorMod((c.cardId() + category.code()).hashCode(), LOCAL_MERCHANTS);
            return (base + 131 * r.nextInt(FAVOURITES)) % LOCAL_MERCHANTS;
        }
        return r.nextInt(LOCAL_MERCHANTS);
    }

    private static MerchantCategory anyCategory(Random r) {
        double total = SHOPPING.stream().mapToDouble(MerchantCategory::popularity).sum();
        double target = r.nextDouble() * total;
        double sum = 0;
        for (MerchantCategory m : SHOPPING) {
            sum += m.popularity();
            if (target < sum) {
                return m;
            }
        }
        return MerchantCategory.GROCERY;
    }

    /** Another European country within 2000 km: a weekend trip or a holiday. */
    private static Country neighbour(Customer c, Random r) {
        List<Country> near = EUROPE.stream().filter(x -> x != c.home() && x.centroid().distanceKm(c.homePoint()) < 2000).toList();
        return near.isEmpty() ? Country.FR : near.get(r.nextInt(near.size()));
    }
}
