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
 * @param drift            triple every payment's {@code amount} from halfway through the stream, to show the
 *                         drift watch naming that column ({@link #DRIFT_SHIFTED})
 * @param feedback         a simulated analyst answers every alert from the simulator's ground truth on a feedback
 *                         topic, and the summary shows the precision measured from the verdicts beside the true one
 */
public record DemoOptions(int records, long seed, String bootstrapServers, Path model, boolean keep, double rate, int epochs,
                          Map<String, String> kafkaSettings, boolean drift, boolean feedback) {
    /** The column {@code --drift} shifts. */
    public static final String DRIFT_SHIFTED = "amount";
    /** How much {@code --drift} multiplies it by. */
    public static final double DRIFT_FACTOR = 3.0;
    /**
     * Fewest records for {@code --drift}: the drift window is the second half of the stream, and a
     * window of fewer than 10,000 demo payments covers only hours of simulated time, whose hour of day
     * and gaps between payments differ from the training week's although nothing changed.
     */
    public static final int DRIFT_MIN_RECORDS = 20_000;
    /** Default number of transactions: enough for a few hundred alerts, about 25 s at the default rate. */
    public static final int DEFAULT_RECORDS = 20_000;
    /** Default production rate, records per second. */
    public static final double DEFAULT_RATE = 800;
    /** Default training epochs. */
    public static final int DEFAULT_EPOCHS = 20;

    /** Options without client settings: a local broker, or an existing cluster that needs none. */
    public DemoOptions(int records, long seed, String bootstrapServers, Path model, boolean keep, double rate, int epochs) {
        this(records, seed, bootstrapServers, model, keep, rate, epochs, Map.of(), false, false);
    }

    /** Options without {@code --drift}. */
    public DemoOptions(int records, long seed, String bootstrapServers, Path model, boolean keep, double rate, int epochs,
                       Map<String, String> kafkaSettings) {
        this(records, seed, bootstrapServers, model, keep, rate, epochs, kafkaSettings, false, false);
    }

    /** Options without {@code --feedback}. */
    public DemoOptions(int records, long seed, String bootstrapServers, Path model, boolean keep, double rate, int epochs,
                       Map<String, String> kafkaSettings, boolean drift) {
        this(records, seed, bootstrapServers, model, keep, rate, epochs, kafkaSettings, drift, false);
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
        if (drift && records < DRIFT_MIN_RECORDS) {
            throw new IllegalArgumentException("--drift needs --records of at least " + DRIFT_MIN_RECORDS + " (was " + records
                    + "): the drift window is the second half of the stream, and a shorter one covers only hours of simulated"
                    + " time, which differ from the training week even without a shift");
        }
        if (model != null && !model.toFile().isDirectory()) {
            throw new IllegalArgumentException("--model " + model + " is not a directory; give a bundle directory written "
                    + "by `ganwatch train` or by `ganwatch demo --keep`");
        }
    }
}
