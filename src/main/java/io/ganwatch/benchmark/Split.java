package io.ganwatch.benchmark;

import io.ganwatch.input.Table;

/**
 * One seed's train/test split under a protocol.
 *
 * @param train         normal training rows, label columns removed
 * @param test          test rows, label columns removed
 * @param testAnomalies one flag per test row
 */
public record Split(Table train, Table test, boolean[] testAnomalies) {
    /** Checks sizes line up. */
    public Split {
        if (test.size() != testAnomalies.length) {
            throw new IllegalArgumentException("one anomaly flag per test row is needed");
        }
    }
}
