package io.ganwatch.drift;

import java.util.List;

/**
 * One window's drift measurements, as published on the drift topic (schema
 * {@code schemas/DriftReport.avsc}) and shown in {@code /metrics}.
 *
 * @param modelId          model the window's records were scored by
 * @param modelVersion     its bundle version
 * @param instanceId       the stream instance that kept the window
 * @param windowStartMs    wall-clock time of the window's first record (epoch ms), 0 when empty
 * @param windowEndMs      wall-clock time of its last record (epoch ms), 0 when empty
 * @param rows             records in the window
 * @param columns          per input column, in the feature spec's order
 * @param alertRate        share of the window's records that alerted
 * @param expectedFpr      false-positive rate the threshold in force had on the calibration rows
 * @param columnsOverLimit columns whose PSI is at or above the limit (none while the window holds too
 *                         few records to judge, {@link DriftWindow#MIN_ROWS_TO_JUDGE})
 */
public record DriftReport(String modelId, String modelVersion, String instanceId, long windowStartMs, long windowEndMs,
                          long rows, List<ColumnDrift> columns, double alertRate, double expectedFpr,
                          List<String> columnsOverLimit) {
    /** Copies the lists. */
    public DriftReport {
        columns = List.copyOf(columns);
        columnsOverLimit = List.copyOf(columnsOverLimit);
    }
}
