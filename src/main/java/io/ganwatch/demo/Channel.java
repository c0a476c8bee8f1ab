package io.ganwatch.demo;

import java.util.Locale;

/**
 * How a card was used. The channel decides {@code card_present}: a chip or an ATM reads the card, a
 * web shop or a phone order only has its details, which is why stolen details show up in the
 * card-not-present channels.
 */
public enum Channel {
    /** Point of sale, card in the terminal. */
    POS(true),
    /** Online, card details typed in. */
    ECOMMERCE(false),
    /** Cash machine. */
    ATM(true),
    /** Mail order / telephone order. */
    MOTO(false);

    private final boolean cardPresent;

    Channel(boolean cardPresent) {
        this.cardPresent = cardPresent;
    }

    /** Whether the card itself is read. */
    public boolean cardPresent() {
        return cardPresent;
    }

    /** Value of the record's {@code channel} field. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
