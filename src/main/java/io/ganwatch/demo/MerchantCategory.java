package io.ganwatch.demo;

/**
 * ISO 18245 merchant category codes the simulated cards are used at, each with what makes it look
 * like itself in the data: how much is spent there compared with the customer's typical purchase,
 * how it is paid (in a shop, online, by phone), and how many customers shop there regularly.
 */
public enum MerchantCategory {
    /** Grocery stores and supermarkets. */
    GROCERY("5411", 1.6, 0.92, 0.08, 0, 1.0),
    /** Restaurants. */
    RESTAURANT("5812", 1.3, 1, 0, 0, 0.8),
    /** Fast food. */
    FAST_FOOD("5814", 0.35, 0.9, 0.1, 0, 0.7),
    /** Fuel stations. */
    FUEL("5541", 1.5, 1, 0, 0, 0.6),
    /** Local commuter transport. */
    TRANSIT("4111", 0.15, 0.7, 0.3, 0, 0.5),
    /** Pharmacies. */
    PHARMACY("5912", 0.6, 0.95, 0.05, 0, 0.5),
    /** Clothing stores. */
    CLOTHING("5651", 2.0, 0.6, 0.4, 0, 0.5),
    /** Department stores. */
    DEPARTMENT_STORE("5311", 2.2, 0.7, 0.3, 0, 0.4),
    /** Digital goods: games, apps. */
    DIGITAL_GOODS("5815", 0.3, 0, 1, 0, 0.4),
    /** Streaming and cable subscriptions. */
    STREAMING("4899", 0.4, 0, 1, 0, 0.5),
    /** Book stores. */
    BOOKS("5942", 0.8, 0.5, 0.5, 0, 0.25),
    /** Miscellaneous retail. */
    MISC_RETAIL("5999", 1.0, 0.5, 0.5, 0, 0.3),
    /** Hotels. */
    HOTEL("7011", 5, 0.6, 0.3, 0.1, 0.1),
    /** Airlines. */
    AIRLINE("4511", 8, 0, 0.85, 0.15, 0.08),
    /** Travel agencies. */
    TRAVEL_AGENCY("4722", 7, 0, 0.6, 0.4, 0.05),
    /** Electronics stores. */
    ELECTRONICS("5732", 6, 0.5, 0.5, 0, 0.08),
    /** Jewellery stores. */
    JEWELRY("5944", 10, 0.8, 0.2, 0, 0.02),
    /** Cash withdrawals at ATMs (chosen through the ATM channel, never as a shopping category). */
    ATM_CASH("6011", 1, 0, 0, 0, 0);

    private final String code;
    private final double amountFactor;
    private final double posShare;
    private final double ecommerceShare;
    private final double motoShare;
    private final double popularity;

    MerchantCategory(String code, double amountFactor, double posShare, double ecommerceShare, double motoShare,
                     double popularity) {
        this.code = code;
        this.amountFactor = amountFactor;
        this.posShare = posShare;
        this.ecommerceShare = ecommerceShare;
        this.motoShare = motoShare;
        this.popularity = popularity;
    }

    /** The four-digit code, as the record's {@code merchant_category} field carries it. */
    public String code() {
        return code;
    }

    /** Typical spend here relative to the customer's typical purchase. */
    public double amountFactor() {
        return amountFactor;
    }

    /** Share of customers' regular spending habits that include this category (0 = never a habit). */
    public double popularity() {
        return popularity;
    }

    /** Picks how a purchase here is paid, from {@code u} uniform in [0, 1). */
    public Channel channelFor(double u) {
        if (this == ATM_CASH) {
            return Channel.ATM;
        }
        if (u < posShare) {
            return Channel.POS;
        }
        if (u < posShare + ecommerceShare) {
            return Channel.ECOMMERCE;
        }
        return motoShare > 0 ? Channel.MOTO : Channel.ECOMMERCE;
    }
}
