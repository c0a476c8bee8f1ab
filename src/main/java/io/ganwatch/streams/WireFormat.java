package io.ganwatch.streams;

import java.util.Locale;

/** How input messages are encoded on the input topic. */
public enum WireFormat {
    /** Avro single-object encoding (0xC3 0x01, 8-byte schema fingerprint, binary datum); the default. */
    AVRO,
    /** One JSON object per message, for producers without Avro. */
    JSON;

    /** Parses a configuration value. */
    public static WireFormat parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown wire format '" + s + "'; use avro or json");
        }
    }
}
