package io.ganwatch.demo;

import java.time.Duration;
import java.time.Instant;

/**
 * What the simulated world looks like. Everything random derives from {@code seed}, so a run can be
 * repeated exactly, which is what lets a test pin down the demo's precision and recall.
 *
 * @param seed         seeds the population and the stream
 * @param customers    number of cards
 * @param anomalyShare share of the transactions that are injected fraud (when injecting)
 * @param start        simulated time at which the simulation starts
 * @param burnIn       simulated time run and discarded before the first transaction is returned, so
 *                     that the first returned transactions already have a realistic history behind them
 */
public record SimulationConfig(long seed, int customers, double anomalyShare, Instant start, Duration burnIn) {
    /** A Monday, so that day-of-week patterns start at the beginning of a week. */
    public static final Instant DEFAULT_START = Instant.parse("2025-03-03T00:00:00Z");

    /** Validates. */
    public SimulationConfig {
        if (customers < 1 || customers > 1_000_000) {
            throw new IllegalArgumentException("customers must be between 1 and 1000000, was " + customers);
        }
        if (!(anomalyShare >= 0 && anomalyShare < 0.5)) {
            throw new IllegalArgumentException("anomaly share must be in [0, 0.5), was " + anomalyShare);
        }
        if (start == null) {
            throw new IllegalArgumentException("a start time is needed");
        }
        if (burnIn == null || burnIn.isNegative()) {
            throw new IllegalArgumentException("burn-in must not be negative, was " + burnIn);
        }
    }

    /** 2000 cards, 1.5% injected fraud, two days of burn-in. */
    public static SimulationConfig defaults(long seed) {
        return new SimulationConfig(seed, 2000, 0.015, DEFAULT_START, Duration.ofDays(2));
    }
}
