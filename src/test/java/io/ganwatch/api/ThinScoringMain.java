package io.ganwatch.api;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Run by {@link ThinScoringClasspathTest} in a JVM whose class path lacks the optional (training)
 * dependencies: scores each JSON line of stdin with the bundle in {@code args[0]} and prints the scores.
 */
public final class ThinScoringMain {
    private ThinScoringMain() {
    }

    /** Scores stdin's lines; first prints whether DJL can be loaded here, so that the test knows its class path is thin. */
    public static void main(String[] args) throws Exception {
        boolean djl;
        try {
            Class.forName("ai.djl.Model");
            djl = true;
        } catch (ClassNotFoundException e) {
            djl = false;
        }
        System.out.println("djl-present=" + djl);
        try (GanwatchScorer scorer = GanwatchScorer.fromBundle(Path.of(args[0]));
             BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                ScoreResult r = scorer.score(line);
                System.out.println("score=" + r.score() + " anomaly=" + r.anomaly() + " top=" + r.topContributions().size());
            }
        }
    }
}
