package io.ganwatch.benchmark;

import io.ganwatch.avro.CardTransaction;
import io.ganwatch.avro.ScoredRecord;
import io.ganwatch.registry.StandInRegistry;
import io.ganwatch.streams.WireFormat;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stream-benchmark --format confluent-avro}, small, on its own local broker and the stand-in
 * registry: the input is registered under each input topic's subject, and the scoring topology
 * decodes it (it registers its scores' schema only once it has scored a record).
 */
class StreamBenchmarkConfluentIT {
    @Test
    void theBenchmarkRegistersItsInputAndTheScoringTopologyScoresIt() throws Exception {
        try (StandInRegistry registry = new StandInRegistry()) {
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            Map<String, Object> result = StreamBenchmark.run(new StreamBenchmark.Options(1000, WireFormat.CONFLUENT_AVRO, 64, 20,
                    true, 500, 2, null, null, 1, registry.url()), new PrintStream(log, true, StandardCharsets.UTF_8));
            assertThat(result.get("format")).isEqualTo("confluent-avro");
            assertThat((double) result.get("scoring_records_per_s")).isPositive();
            assertThat((double) result.get("passthrough_records_per_s")).isPositive();

            List<String> subjects = registry.subjects();
            List<String> inputs = subjects.stream().filter(s -> s.endsWith("-in-value") || s.endsWith("-lin-value")).toList();
            assertThat(inputs).hasSize(8); // two input topics per round, two rounds, two topologies
            inputs.forEach(s -> assertThat(registry.schema(registry.versions(s).get(0))).isEqualTo(CardTransaction.getClassSchema()));
            List<String> scores = subjects.stream().filter(s -> s.contains("-scoring-") && s.endsWith("out-value")).toList();
            assertThat(scores).as("every scoring round wrote scores in the wire format: %s", subjects).hasSize(4);
            scores.forEach(s -> assertThat(registry.schema(registry.versions(s).get(0))).isEqualTo(ScoredRecord.getClassSchema()));
            assertThat(subjects).noneMatch(s -> s.contains("-passthrough-") && s.endsWith("out-value"));
        }
    }
}
