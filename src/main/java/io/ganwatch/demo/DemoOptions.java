package io.ganwatch.demo;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the user asked the demo to do, checked before anything is started, so that a typo costs a
 * one-line error and not a broker start-up.
 *
 * @param records          transactions to stream (malformed extras are added on top)
 * @param seed             seeds the simulated world, the stream and the model
 * @param bootstrapServers an existing cluster to use instead of starting a broker, or {@code null}
 * @param model            an existing bundle to score with instead of training one, or {@code null}
 * @param keep             keep the work directory (model, broker log) after the run
 * @param rate             records produced per second; 0 for as fast as possible
 * @param epochs           training epochs when no model is given
 * @param kafkaSettings    client settings for the existing cluster (TLS, SASL), from {@code --config}; only
 *                         with {@code bootstrapServers}
 */
public record DemoOptions(int records, long seed, String bootstrapServers, Path model, boolean keep, double rate, int epochs,
                          Map<String, String> kafkaSettings) {
    /** Default number of transactions: enough for a few hundred alerts, about 25 s at the default rate. */
    public static final int DEFAULT_RECORDS = 20_000;
    /** Default production rate, records per second. */
    public static final double DEFAULT_RATE = 800;
    /** Default training epochs. */
    public static final int DEFAULT_EPOCHS = 20;

    /** Options without client settings: a local broker, or an existing cluster that needs none. */
    public DemoOptions(int records, long seed, String bootstrapServers, Path model, boolean keep, double rate, int epochs) {
        this(records, seed, bootstrapServers, model, keep, rate, epochs, Map.of());
    }

    /** Validates. */
    public DemoOptions {
        if (records < 100 || records > 5_000_000) {
            throw new IllegalArgumentException("--records must be between 100 and 5000000, was " + records);
        }
        if (bootstrapServers != null && bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("--bootstrap-servers is empty; give host:port[,host:port...] or leave it out "
                    + "to start a local broker");
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("--rate must be a number of records per second, 0 for no limit, was " + rate);
        }
        if (epochs < 1 || epochs > 500) {
            throw new IllegalArgumentException("--epochs must be between 1 and 500, was " + epochs);
        }
        kafkaSettings = Map.copyOf(kafkaSettings == null ? Map.of() : kafkaSettings);
        if (!kafkaSettings.isEmpty() && bootstrapServers == null) {
            throw new IllegalArgumentException("--config gives Kafka client settings for an existing cluster; pass its "
                    + "--bootstrap-servers too (the demo's own broker needs none)");
        }
        if (model != null && !model.toFile().isDirectory()) {
            throw new IllegalArgumentException("--model " + model + " is not a directory; give a bundle directory written "
                    + "by `ganwatch train` or by `ganwatch demo --keep`");
        }
    }
}
