package io.ganwatch.demo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The topics (and Kafka Streams application id) of one demo run. Every name carries the run's id, so
 * re-running the demo against the same cluster never mixes one run's records, offsets or alerts into
 * another's counts.
 *
 * @param runId         short random id of the run
 * @param transactions  input topic
 * @param alerts        alerts topic
 * @param scores        one score per record
 * @param deadLetters   records that could not be scored
 * @param applicationId Kafka Streams application id (consumer group, transactional ids)
 */
public record DemoTopics(String runId, String transactions, String alerts, String scores, String deadLetters,
                         String applicationId) {
    /** Partitions of the input topic: more than one, to show that partitioned input is scored and counted right. */
    public static final int INPUT_PARTITIONS = 3;

    /** Validates. */
    public DemoTopics {
        if (runId == null || !runId.matches("[a-z0-9]{1,16}")) {
            throw new IllegalArgumentException("run id must be 1 to 16 lower-case letters or digits, was " + runId);
        }
    }

    /** The names for run {@code runId}. */
    public static DemoTopics forRun(String runId) {
        String p = "ganwatch-demo-" + runId + "-";
        return new DemoTopics(runId, p + "transactions", p + "alerts", p + "scores", p + "dead-letters", "ganwatch-demo-" + runId);
    }

    /**
     * The feedback topic of {@code demo --feedback}: verdicts keyed by alert id. Derived from the run id
     * like the others; created only with {@code --feedback}.
     */
    public String feedback() {
        return "ganwatch-demo-" + runId + "-feedback";
    }

    /** Topic name → partition count, without the feedback topic. */
    public Map<String, Integer> partitions() {
        return partitions(false);
    }

    /**
     * Topic name → partition count; with {@code feedback}, the feedback topic too, with as many
     * partitions as the input, so that a verdict's partition is unrelated to its alert's (the join
     * still finds it: the alert index is global).
     */
    public Map<String, Integer> partitions(boolean feedback) {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put(transactions, INPUT_PARTITIONS);
        m.put(alerts, 1); // one partition: the simulated analyst relies on the order (SimulatedAnalyst)
        m.put(scores, 1);
        m.put(deadLetters, 1);
        if (feedback) {
            m.put(feedback(), INPUT_PARTITIONS);
        }
        return m;
    }
}
