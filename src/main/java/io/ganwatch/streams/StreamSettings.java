package io.ganwatch.streams;

/**
 * Topic names and output options of the scoring topology.
 *
 * @param inputTopic      records to score
 * @param alertsTopic     one {@code AnomalyAlert} per record scoring at or above the threshold
 * @param scoresTopic     one {@code ScoredRecord} per record, or {@code null} to write none
 * @param deadLetterTopic records that cannot be scored, with the reason in headers
 * @param format          wire format of input and output messages
 * @param topK            contributing features listed in each alert
 * @param batchMaxRecords records scored together in one engine call (1 scores each record on arrival)
 * @param batchMaxWaitMs  longest a record waits in an unfilled batch, in wall-clock milliseconds
 */
public record StreamSettings(String inputTopic, String alertsTopic, String scoresTopic, String deadLetterTopic,
                             WireFormat format, int topK, int batchMaxRecords, long batchMaxWaitMs) {
    /** Default {@link #batchMaxRecords()}, chosen on the stream benchmark (BENCHMARKS.md). */
    public static final int DEFAULT_BATCH_MAX_RECORDS = 256;
    /** Default {@link #batchMaxWaitMs()}. */
    public static final long DEFAULT_BATCH_MAX_WAIT_MS = 20;

    /** Settings with the default batching. */
    public StreamSettings(String inputTopic, String alertsTopic, String scoresTopic, String deadLetterTopic,
                          WireFormat format, int topK) {
        this(inputTopic, alertsTopic, scoresTopic, deadLetterTopic, format, topK, DEFAULT_BATCH_MAX_RECORDS,
                DEFAULT_BATCH_MAX_WAIT_MS);
    }

    /** Validates names and sizes. */
    public StreamSettings {
        requireTopic("input", inputTopic);
        requireTopic("alerts", alertsTopic);
        requireTopic("dead-letter", deadLetterTopic);
        if (scoresTopic != null) {
            requireTopic("scores", scoresTopic);
        }
        if (format == null) {
            throw new IllegalArgumentException("a wire format is required (avro, json or confluent-avro)");
        }
        if (topK < 0 || topK > 50) {
            throw new IllegalArgumentException("top-k must be between 0 and 50, was " + topK);
        }
        if (batchMaxRecords < 1 || batchMaxRecords > 65_536) {
            throw new IllegalArgumentException("ganwatch.batch.max.records must be between 1 and 65536, was " + batchMaxRecords);
        }
        if (batchMaxWaitMs < 1 || batchMaxWaitMs > 60_000) {
            throw new IllegalArgumentException("ganwatch.batch.max.wait.ms must be between 1 and 60000, was " + batchMaxWaitMs);
        }
        if (inputTopic.equals(alertsTopic) || inputTopic.equals(deadLetterTopic) || inputTopic.equals(scoresTopic)) {
            throw new IllegalArgumentException("the input topic must differ from the output topics, or records would loop");
        }
    }

    private static void requireTopic(String what, String name) {
        if (name == null || name.isBlank() || !name.matches("[a-zA-Z0-9._-]{1,249}")) {
            throw new IllegalArgumentException("invalid " + what + " topic name '" + name
                    + "'; use letters, digits, '.', '_' and '-' (at most 249)");
        }
    }
}
