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
 */
public record StreamSettings(String inputTopic, String alertsTopic, String scoresTopic, String deadLetterTopic,
                             WireFormat format, int topK) {
    /** Validates names and sizes. */
    public StreamSettings {
        requireTopic("input", inputTopic);
        requireTopic("alerts", alertsTopic);
        requireTopic("dead-letter", deadLetterTopic);
        if (scoresTopic != null) {
            requireTopic("scores", scoresTopic);
        }
        if (format == null) {
            throw new IllegalArgumentException("a wire format is required (avro or json)");
        }
        if (topK < 0 || topK > 50) {
            throw new IllegalArgumentException("top-k must be between 0 and 50, was " + topK);
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
