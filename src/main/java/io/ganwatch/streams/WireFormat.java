package io.ganwatch.streams;

import java.util.Locale;

/** How input messages are encoded on the input topic. */
public enum WireFormat {
    /** Avro single-object encoding (0xC3 0x01, 8-byte schema fingerprint, binary datum); the default. */
    AVRO,
    /** One JSON object per message, for producers without Avro. */
    JSON,
    /**
     * The schema-registry wire format (byte 0, 4-byte big-endian schema id, binary datum): writer
     * schemas come from {@code schema.registry.url}, and outputs are registered there.
     */
    CONFLUENT_AVRO;

    /** The configuration value, e.g. {@code confluent-avro}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses a configuration value: {@code avro}, {@code json} or {@code confluent-avro}. */
    public static WireFormat parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown wire format '" + s + "'; use avro, json or confluent-avro");
        }
    }
}
