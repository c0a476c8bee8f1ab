package io.ganwatch.demo;

/**
 * The countries the simulated cards are used in: where customers live (the euro area and the UK, so
 * that amounts in the account currency are on one scale), the big e-commerce hubs, and far-away places
 * a stolen card's details turn up in. The centroid stands in for the country's location and the single
 * UTC offset for its local time; both are rough, and a demo needs nothing finer.
 */
public enum Country {
    /** United Kingdom. */
    GB(54.0, -2.0, 0, "GBP", 0.26),
    /** Ireland. */
    IE(53.4, -8.0, 0, "EUR", 0.04),
    /** France. */
    FR(46.6, 2.4, 1, "EUR", 0.16),
    /** Germany. */
    DE(51.1, 10.4, 1, "EUR", 0.20),
    /** Netherlands. */
    NL(52.2, 5.3, 1, "EUR", 0.08),
    /** Belgium. */
    BE(50.6, 4.6, 1, "EUR", 0.04),
    /** Spain. */
    ES(40.3, -3.7, 1, "EUR", 0.09),
    /** Italy. */
    IT(42.8, 12.6, 1, "EUR", 0.09),
    /** Portugal. */
    PT(39.6, -8.0, 0, "EUR", 0.04),
    /** Poland. */
    PL(52.1, 19.4, 1, "PLN", 0),
    /** United States. */
    US(39.8, -98.6, -5, "USD", 0),
    /** Canada. */
    CA(56.1, -106.3, -5, "CAD", 0),
    /** Brazil. */
    BR(-14.2, -51.9, -3, "BRL", 0),
    /** Mexico. */
    MX(23.6, -102.5, -6, "MXN", 0),
    /** India. */
    IN(20.6, 79.0, 5.5, "INR", 0),
    /** Singapore. */
    SG(1.35, 103.8, 8, "SGD", 0),
    /** Japan. */
    JP(36.2, 138.3, 9, "JPY", 0),
    /** Australia. */
    AU(-25.3, 133.8, 10, "AUD", 0),
    /** South Africa. */
    ZA(-30.6, 22.9, 2, "ZAR", 0),
    /** Nigeria. */
    NG(9.1, 8.7, 1, "NGN", 0),
    /** United Arab Emirates. */
    AE(23.4, 53.8, 4, "AED", 0);

    private final GeoPoint centroid;
    private final double utcOffsetHours;
    private final String currency;
    private final double homeShare;

    Country(double latitude, double longitude, double utcOffsetHours, String currency, double homeShare) {
        this.centroid = new GeoPoint(latitude, longitude);
        this.utcOffsetHours = utcOffsetHours;
        this.currency = currency;
        this.homeShare = homeShare;
    }

    /** Rough centre of the country. */
    public GeoPoint centroid() {
        return centroid;
    }

    /** Local time minus UTC, in hours (one offset per country; summer time is ignored). */
    public double utcOffsetHours() {
        return utcOffsetHours;
    }

    /** ISO 4217 code of the currency. */
    public String currency() {
        return currency;
    }

    /** Share of the simulated customers who live here (0 for countries nobody in the simulation lives in). */
    public double homeShare() {
        return homeShare;
    }

    /** ISO 3166-1 alpha-2 code, as the record's {@code country} field carries it. */
    public String code() {
        return name();
    }
}
