package io.ganwatch.demo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Plans one fraud incident on a victim's card as a burst of drafts. Each pattern is built from the
 * signatures analysts describe for it, so that the alerts the demo prints can be checked by eye: the
 * contributing features the detector names should be the ones the pattern distorts.
 */
final class FraudInjector {
    private static final long SECOND = 1000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    /** Where stolen details are used; all are more than 3000 km from every home country. */
    private static final List<Country> FAR_AWAY = List.of(Country.US, Country.CA, Country.BR, Country.MX, Country.IN,
            Country.SG, Country.JP, Country.AU, Country.ZA, Country.NG, Country.AE);
    private static final List<MerchantCategory> RESALEABLE = List.of(MerchantCategory.ELECTRONICS, MerchantCategory.JEWELRY,
            MerchantCategory.AIRLINE, MerchantCategory.TRAVEL_AGENCY);

    private FraudInjector() {
    }

    /** The incident's drafts, in time order, starting no earlier than {@code now}. */
    static List<TransactionDraft> plan(FraudPattern pattern, Customer victim, long now, Random r) {
        switch (pattern) {
            case CARD_TESTING:
                return cardTesting(victim, now, r);
            case ACCOUNT_TAKEOVER:
                return accountTakeover(victim, now, r);
            case ATM_CASH_OUT:
                return atmCashOut(victim, now, r);
            default:
                throw new IllegalArgumentException("unknown fraud pattern " + pattern);
        }
    }

    /** 4 to 9 payments of 0.50 to 2.50 online, 15 s to 2 min apart, at one to three small web shops. */
    private static List<TransactionDraft> cardTesting(Customer victim, long now, Random r) {
        Country country = r.nextDouble() < 0.7 ? otherThan(victim.home(), r) : victim.home();
        GeoPoint device = country == victim.home()
                ? victim.homePoint().move(20 + 380 * r.nextDouble(), 360 * r.nextDouble())
                : country.centroid().move(300 * Math.sqrt(r.nextDouble()), 360 * r.nextDouble());
        MerchantCategory category = r.nextBoolean() ? MerchantCategory.DIGITAL_GOODS : MerchantCategory.MISC_RETAIL;
        String[] merchants = new String[1 + r.nextInt(3)];
        for (int i = 0; i < merchants.length; i++) {
            merchants[i] = NormalBehaviour.merchant(country, category, 500 + r.nextInt(400));
        }
        int n = 4 + r.nextInt(6);
        long t = now + r.nextInt(20) * MINUTE;
        List<TransactionDraft> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double amount = r.nextDouble() < 0.3 ? 1.00 : TransactionDraft.cents(0.5 + 2 * r.nextDouble());
            out.add(new TransactionDraft(victim, t, amount, category, merchants[r.nextInt(merchants.length)], country,
                    Channel.ECOMMERCE, device.distanceKm(victim.homePoint()), FraudPattern.CARD_TESTING));
            t += 15 * SECOND + r.nextInt(105) * SECOND;
        }
        return out;
    }

    /** One or two large online purchases, in a category new to the customer, from far away. */
    private static List<TransactionDraft> accountTakeover(Customer victim, long now, Random r) {
        List<MerchantCategory> fresh = RESALEABLE.stream().filter(c -> !victim.categories().contains(c)).toList();
        Country country = FAR_AWAY.get(r.nextInt(FAR_AWAY.size()));
        GeoPoint device = country.centroid().move(500 * Math.sqrt(r.nextDouble()), 360 * r.nextDouble());
        int n = r.nextDouble() < 0.7 ? 1 : 2;
        long t = now + r.nextInt(30) * MINUTE;
        List<TransactionDraft> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            MerchantCategory category = fresh.isEmpty() ? MerchantCategory.ELECTRONICS : fresh.get(r.nextInt(fresh.size()));
            double amount = Math.max(450, Math.round(victim.typicalAmount() * (15 + 30 * r.nextDouble())));
            out.add(new TransactionDraft(victim, t, amount, category, NormalBehaviour.merchant(country, category, r.nextInt(30)),
                    country, Channel.ECOMMERCE, device.distanceKm(victim.homePoint()), FraudPattern.ACCOUNT_TAKEOVER));
            t += 3 * MINUTE + r.nextInt(27) * MINUTE;
        }
        return out;
    }

    /** 3 to 6 withdrawals of 300 to 1000 at different ATMs, 3 to 12 minutes apart, between 1 and 5 a.m. local time. */
    private static List<TransactionDraft> atmCashOut(Customer victim, long now, Random r) {
        boolean home = r.nextDouble() < 0.6;
        Country country = home ? victim.home() : otherThan(victim.home(), r);
        GeoPoint city = home ? victim.homePoint().move(30 + 370 * r.nextDouble(), 360 * r.nextDouble())
                : country.centroid().move(300 * Math.sqrt(r.nextDouble()), 360 * r.nextDouble());
        int n = 3 + r.nextInt(4);
        long t = nextSmallHours(country, now, r);
        int[] atms = r.ints(0, 1000).distinct().limit(n).toArray();
        List<TransactionDraft> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            GeoPoint atm = city.move(10 * r.nextDouble(), 360 * r.nextDouble());
            out.add(new TransactionDraft(victim, t, 20.0 * (15 + r.nextInt(36)), MerchantCategory.ATM_CASH,
                    NormalBehaviour.merchant(country, MerchantCategory.ATM_CASH, atms[i]), country, Channel.ATM,
                    atm.distanceKm(victim.homePoint()), FraudPattern.ATM_CASH_OUT));
            t += 3 * MINUTE + r.nextInt(9 * 60) * SECOND;
        }
        return out;
    }

    /** A random moment between 01:00 and 04:00 local time in {@code country}, at or after {@code now}. */
    static long nextSmallHours(Country country, long now, Random r) {
        ZoneOffset offset = ZoneOffset.ofTotalSeconds((int) Math.round(country.utcOffsetHours() * 3600));
        LocalDate day = Instant.ofEpochMilli(now).atOffset(offset).toLocalDate();
        long midnight = day.atStartOfDay().toInstant(offset).toEpochMilli();
        long t = midnight + HOUR + (long) (3 * HOUR * r.nextDouble());
        return t >= now ? t : t + DAY;
    }

    private static Country otherThan(Country home, Random r) {
        Country[] others = Arrays.stream(Country.values()).filter(c -> c != home).toArray(Country[]::new);
        return others[r.nextInt(others.length)];
    }
}
